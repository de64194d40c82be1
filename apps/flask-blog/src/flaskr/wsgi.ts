/**
 * The blog for a production server, as the Flask tutorial deploys it
 * (`gunicorn 'flaskr:create_app()'`): `npm run serve` runs `tsgi serve src/flaskr/wsgi.ts:app`,
 * which detects the Flask app by its `tsgiApp` and serves it on the server `TSGI_SERVER`
 * names, with every `tsgi serve` option (workers, bind, access log, ...). `npm start` is the
 * development command (`flask run`).
 */
import { createApp } from "./index.ts";

export const app = createApp();
