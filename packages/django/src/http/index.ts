/**
 * `@tsgi/django/http`: requests, responses and HTTP errors (Django's django.http).
 *
 * @example
 * import { HttpResponse, JsonResponse, Http404 } from "@tsgi/django/http";
 * export function index(request: HttpRequest) {
 *   return new HttpResponse("Hello, world. You're at the polls index.");
 * }
 */
export { HttpRequest, escapeUriPath } from "./request.ts";
export { HttpHeaders } from "./request-headers.ts";
export { QueryDict, parseQueryString, type QueryDictOptions } from "./query-dict.ts";
export { UploadedFile, FileDict } from "./uploaded-file.ts";
export { parseMultipart, type MultipartLimits, type MultipartResult } from "./multipart.ts";
export {
  HttpResponseBase,
  HttpResponse,
  encodeText,
  type Content,
  type ResponseInit,
} from "./response.ts";
export {
  JsonResponse,
  HttpResponseRedirect,
  HttpResponsePermanentRedirect,
  HttpResponseNotModified,
  HttpResponseNotAllowed,
  HttpResponseBadRequest,
  HttpResponseForbidden,
  HttpResponseNotFound,
  HttpResponseGone,
  HttpResponseServerError,
  DisallowedRedirect,
  type JsonResponseInit,
} from "./response-types.ts";
export { StreamingHttpResponse, type StreamingContent } from "./streaming.ts";
export {
  FileResponse,
  guessContentType,
  contentDisposition,
  type FileResponseInit,
} from "./file-response.ts";
export { ResponseHeaders } from "./response-headers.ts";
export { parseCookie, serializeCookie, type CookieOptions, type Morsel } from "./cookies.ts";
export { patchVaryHeaders } from "./vary.ts";
export { splitDomainPort, isSameDomain, validateHost } from "./hosts.ts";
export {
  Http404,
  PermissionDenied,
  SuspiciousOperation,
  DisallowedHost,
  BadRequest,
  RequestDataTooBig,
  TooManyFieldsSent,
  TooManyFilesSent,
} from "../core/exceptions.ts";
