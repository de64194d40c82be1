/**
 * `@tsgi/flask`: a Flask-style web framework built directly on TSGI — werkzeug routing,
 * request/response objects, context locals, signed-cookie sessions, blueprints, config,
 * nunjucks templates, static files and a test client. See README.md for the Flask → API table.
 *
 * @example
 * import { Flask, request, jsonify } from "@tsgi/flask";
 * export const app = new Flask(import.meta.url);
 * app.get("/", function index() {
 *   return `Hello, ${request.args.get("name") ?? "World"}!`;
 * });
 * app.post("/api/echo", function echo() {
 *   return jsonify(request.json);
 * });
 * // npx tsgi serve src/app.ts:app   (the CLI finds app.tsgiApp)
 */
export { Flask, type FlaskOptions } from "./app/flask.ts";
export {
  Blueprint,
  type BlueprintInit,
  type BlueprintOptions,
  type BlueprintSetupState,
} from "./app/blueprint.ts";
export { Scaffold, SetupError, type TemplateFilter } from "./app/scaffold.ts";
export type {
  AfterRequestHook,
  BeforeRequestHook,
  ContextProcessor,
  ErrorClass,
  ErrorHandler,
  ResponseBodyValue,
  ResponseReturnValue,
  RouteOptions,
  TeardownHook,
  View,
  ViewArgs,
} from "./app/types.ts";
export { InvalidViewReturnError } from "./app/make-response.ts";

// Context locals and helpers
export { request, session, g, currentApp, afterThisRequest } from "./ctx/globals.ts";
export {
  hasAppContext,
  hasRequestContext,
  OutsideContextError,
  type AppGlobals,
} from "./ctx/context.ts";
export { urlFor, UrlBuildContextError, type UrlForSpecial } from "./helpers/url-for.ts";
export { redirect, DEFAULT_REDIRECT_CODE } from "./helpers/redirect.ts";
export { jsonify } from "./helpers/json.ts";
export { flash, getFlashedMessages, type FlashedMessagesOptions } from "./helpers/flash.ts";
export { makeResponse } from "./helpers/make-response.ts";
export { escapeHtml } from "./helpers/escape.ts";
export { renderTemplate, renderTemplateString } from "./templating/render.ts";
export { TemplateRenderer } from "./templating/renderer.ts";
export { sendFile, sendFromDirectory, type SendFileOptions } from "./static/send-file.ts";
export { safeJoin } from "./static/safe-join.ts";

// Request and response
export { Request, BodyNotLoadedError, type MatchedRule } from "./wrappers/request.ts";
export {
  Response,
  InvalidStatusError,
  type ResponseBody,
  type ResponseInit,
} from "./wrappers/response.ts";
export { FileStorage, secureFilename } from "./wrappers/file-storage.ts";
export { EnvironHeaders } from "./wrappers/environ-headers.ts";
export { MultiDict, type IndexedMultiDict } from "./datastructures/multidict.ts";
export { Headers, InvalidHeaderError, type HeadersInit } from "./datastructures/headers.ts";
export {
  dumpCookie,
  parseCookieHeader,
  InvalidCookieError,
  type CookieOptions,
} from "./http/cookies.ts";

// Errors
export { abort, DEFAULT_EXCEPTIONS, UnknownAbortCodeError } from "./exceptions/abort.ts";
export { HTTPException, type HTTPExceptionOptions } from "./exceptions/http-exception.ts";
export { RequestRedirect } from "./exceptions/request-redirect.ts";
export * from "./exceptions/classes.ts";

// Sessions and config
export { Session, NullSession, NoSecretKeyError, type SessionValue } from "./sessions/session.ts";
export { SecureCookieSessionInterface, type SessionInterface } from "./sessions/cookie-session.ts";
export { TimestampSigner } from "./sessions/signing.ts";
export { Config, ConfigError, DEFAULT_CONFIG } from "./config/config.ts";

// Routing (werkzeug's Map/Rule/Converter), for custom converters and BuildError
export {
  BaseConverter,
  BuildError,
  DuplicateRuleError,
  Rule,
  UrlMap,
  ValidationError,
  type ConverterClass,
} from "./routing/index.ts";

// Testing
export {
  FlaskClient,
  FlaskTestResponse,
  type FlaskClientOptions,
  type FlaskRequestOptions,
} from "./testing/flask-client.ts";
export type { FileUpload, FormValue } from "./testing/multipart.ts";
