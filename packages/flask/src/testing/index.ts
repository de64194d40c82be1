/**
 * `@tsgi/flask/testing`: the Flask test client and its helpers.
 *
 * @example
 * import { FlaskClient } from "@tsgi/flask/testing";
 * const client = new FlaskClient(createApp({ TESTING: true }));
 * assert.equal((await client.get("/")).statusCode, 200);
 */
export {
  FlaskClient,
  FlaskTestResponse,
  type FlaskClientOptions,
  type FlaskRequestOptions,
} from "./flask-client.ts";
export { encodeMultipart, isFileUpload, type FileUpload, type FormValue } from "./multipart.ts";
