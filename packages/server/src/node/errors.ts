/**
 * Stable error codes of the node server. Tests and callers match on `code`, never on wording.
 *
 * - `TSGI_E_INVALID_STATUS`, `TSGI_E_INVALID_HEADER`: `startResponse` got something node:http
 *   could not send.
 * - `TSGI_E_START_RESPONSE_TWICE`: a second `startResponse` without `excInfo`.
 * - `TSGI_E_NO_START_RESPONSE`: the body produced bytes (or ended) before `startResponse`.
 * - `TSGI_E_INVALID_BODY`: the app returned something that is not an iterable of bytes.
 * - `TSGI_E_INVALID_CHUNK`: a body chunk or a `write()` argument that is not a `Uint8Array`.
 * - `TSGI_E_WRITE_AFTER_END`: `write()` once the response was finished.
 * - `TSGI_E_CLIENT_DISCONNECTED`: `write()` after the client went away.
 * - `TSGI_E_BODY_TOO_LARGE`: a `tsgi.input` read went past `maxBodySize` (the server answers
 *   413 if the app lets the error through, and closes the connection either way).
 * - `TSGI_E_INVALID_OPTION`: a limit or timeout option that is not a whole number ≥ 0.
 * - `TSGI_E_INVALID_BIND`: a `bind` address that cannot be read, or a unix socket path taken
 *   by something that is not a socket.
 */
export type NodeServerErrorCode =
  | "TSGI_E_INVALID_STATUS"
  | "TSGI_E_INVALID_HEADER"
  | "TSGI_E_START_RESPONSE_TWICE"
  | "TSGI_E_NO_START_RESPONSE"
  | "TSGI_E_INVALID_BODY"
  | "TSGI_E_INVALID_CHUNK"
  | "TSGI_E_WRITE_AFTER_END"
  | "TSGI_E_CLIENT_DISCONNECTED"
  | "TSGI_E_BODY_TOO_LARGE"
  | "TSGI_E_INVALID_OPTION"
  | "TSGI_E_INVALID_BIND";

/**
 * Creates an error of class `Kind` carrying a stable `code`.
 *
 * @example
 * const err = codedError(TypeError, "TSGI_E_INVALID_CHUNK", "chunk must be a Uint8Array");
 * err.code; // "TSGI_E_INVALID_CHUNK"
 */
export function codedError<E extends Error>(
  Kind: new (message: string) => E,
  code: NodeServerErrorCode,
  message: string,
): E & { code: NodeServerErrorCode } {
  return Object.assign(new Kind(message), { code });
}
