/**
 * Small pure helpers every server, middleware and framework needs: URL reconstruction,
 * `shiftPathInfo`, header lists, status lines, Latin-1 checks and middleware composition.
 *
 * @example
 * import { requestUri, getHeader, statusLine } from "@tsgi/core";
 */
export { applicationUri, quotePath, requestUri, type RequestUriOptions } from "./uri.ts";
export { shiftPathInfo } from "./shift-path-info.ts";
export {
  HOP_BY_HOP,
  addHeader,
  getAllHeaders,
  getHeader,
  hasHeader,
  isHopByHop,
  removeHeader,
  setHeader,
} from "./headers.ts";
export {
  STATUS_CODES,
  StatusError,
  parseStatus,
  reasonPhrase,
  statusLine,
  type StatusErrorCode,
} from "./status.ts";
export { isLatin1 } from "./latin1.ts";
export { compose } from "./compose.ts";
export { closeBody } from "./close-body.ts";
export { fileContentType, guessMimetype, withCharset } from "./mime.ts";
