/**
 * The project's TSGI application — Django's wsgi.py. Any TSGI server can serve it:
 * `npx tsgi serve mysite/tsgi.ts:application` (what `npm start` runs), under the server
 * `TSGI_SERVER` names. As Django's get_wsgi_application() runs django.setup(),
 * getTsgiApplication() registers the installed apps' models and connects DATABASES, once per
 * process (each cluster worker too).
 */
import { getTsgiApplication } from "@tsgi/django";
import { settings } from "./settings.ts";

export const application = getTsgiApplication({ settings });
