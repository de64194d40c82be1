/**
 * Every check the validator makes, by stable code. Tests and tools match on these codes,
 * never on message wording, so a code is never renamed or reused once published.
 *
 * @example
 * import { ValidationCodes } from "@tsgi/core/validate";
 * console.log(ValidationCodes.TSGI_E_CHUNK_STRING);
 * // "App: a body chunk is a string; bodies are bytes (encode strings with TextEncoder)."
 */
export const ValidationCodes = Object.freeze({
  // --- Server side: the environ handed to the app -------------------------------------------
  TSGI_E_ENVIRON_NOT_OBJECT: "Server: environ must be a plain object.",
  TSGI_E_ENVIRON_MISSING_KEY: "Server: a required environ key is missing.",
  TSGI_E_ENVIRON_NOT_STRING: "Server: CGI environ values (keys without a dot) must be strings.",
  TSGI_E_ENVIRON_HTTP_CONTENT_HEADER:
    "Server: Content-Type and Content-Length go in CONTENT_TYPE/CONTENT_LENGTH, never HTTP_*.",
  TSGI_E_ENVIRON_REQUEST_METHOD: "Server: REQUEST_METHOD must be an upper-case method token.",
  TSGI_E_ENVIRON_SCRIPT_NAME: 'Server: SCRIPT_NAME must be "" or start with "/", and never be "/".',
  TSGI_E_ENVIRON_PATH_INFO: 'Server: PATH_INFO must be "" or start with "/".',
  TSGI_E_ENVIRON_CONTENT_LENGTH: "Server: CONTENT_LENGTH must be absent or decimal digits.",
  TSGI_E_ENVIRON_VERSION: "Server: tsgi.version must be the array [1, 0].",
  TSGI_E_ENVIRON_URL_SCHEME: 'Server: tsgi.url_scheme must be "http" or "https".',
  TSGI_E_ENVIRON_INPUT: "Server: tsgi.input needs read, readline, readlines and async iteration.",
  TSGI_E_ENVIRON_ERRORS: "Server: tsgi.errors needs write, writelines and flush.",
  TSGI_E_ENVIRON_FLAG:
    "Server: tsgi.multithread, tsgi.multiprocess and tsgi.run_once are booleans.",
  TSGI_E_ENVIRON_EXTENSION: "Server: an optional tsgi.* extension key has the wrong type.",
  // --- Server side: how the server calls the app and treats its results ---------------------
  TSGI_E_START_RESPONSE_NOT_FUNCTION:
    "Server: the app must be called with a startResponse function.",
  TSGI_E_SERVER_WRITE_NOT_FUNCTION: "Server: startResponse must return the write function.",
  TSGI_E_SERVER_WRITE_NOT_PROMISE: "Server: write(chunk) must return a Promise (backpressure).",
  TSGI_E_SERVER_EXC_INFO_NOT_RETHROWN:
    "Server: startResponse with excInfo after headers were sent must re-throw excInfo.",
  TSGI_E_INPUT_RESULT: "Server: tsgi.input must produce Uint8Array chunks through Promises.",
  TSGI_E_BODY_CLOSED_TWICE: "Server: the body's close() was called more than once.",
  TSGI_E_ITERATOR_RETURNED_TWICE: "Server: the body iterator's return() was called more than once.",
  TSGI_E_ITERATE_AFTER_CLOSE: "Server: the body was iterated after it was closed.",
  TSGI_E_ITERATOR_NOT_RETURNED:
    "Server: the body was closed while its iteration was unfinished and return() was never called.",
  TSGI_E_BODY_NOT_CLOSED: "Server: a response body was never closed.",
  // --- App side: startResponse -----------------------------------------------------------------
  TSGI_E_STATUS_NOT_STRING: 'App: the status must be a string such as "200 OK".',
  TSGI_E_STATUS_FORMAT: "App: the status must be three digits (100-999), a space and a reason.",
  TSGI_E_STATUS_NOT_LATIN1: "App: the status must contain Latin-1 characters only.",
  TSGI_E_STATUS_CONTROL_CHARACTER: "App: the status must not contain CR, LF or other controls.",
  TSGI_E_HEADERS_NOT_ARRAY: "App: response headers must be an Array of [name, value] pairs.",
  TSGI_E_HEADER_NOT_PAIR: "App: each header must be an Array of exactly two elements.",
  TSGI_E_HEADER_NOT_STRING: "App: header names and values must be strings.",
  TSGI_E_HEADER_NAME: "App: a header name must be a non-empty HTTP token (no spaces or colons).",
  TSGI_E_HEADER_VALUE_NOT_LATIN1: "App: header values must contain Latin-1 characters only.",
  TSGI_E_HEADER_VALUE_CONTROL_CHARACTER: "App: header values must not contain CR, LF or controls.",
  TSGI_E_STATUS_HEADER:
    "App: the status goes in startResponse's first argument, not a Status header.",
  TSGI_E_HOP_BY_HOP_HEADER:
    "App: hop-by-hop headers (Connection, Transfer-Encoding, ...) are the server's.",
  TSGI_E_CONTENT_TYPE_FORBIDDEN: "App: 1xx, 204 and 304 responses must not have Content-Type.",
  TSGI_E_CONTENT_LENGTH_FORBIDDEN: "App: 1xx, 204 and 304 responses must not have Content-Length.",
  TSGI_E_CONTENT_LENGTH_HEADER_INVALID: "App: Content-Length must be decimal digits, given once.",
  TSGI_E_START_RESPONSE_TWICE: "App: startResponse was called again without excInfo.",
  TSGI_E_EXC_INFO: "App: excInfo must be the caught error (an Error), or left out.",
  // --- App side: write() -----------------------------------------------------------------------
  TSGI_E_WRITE_STRING: "App: write() got a string; bodies are bytes (encode with TextEncoder).",
  TSGI_E_WRITE_NOT_BYTES: "App: write() takes a Uint8Array.",
  TSGI_E_WRITE_AFTER_CLOSE: "App: write() was called after the server closed the response.",
  // --- App side: the body ----------------------------------------------------------------------
  TSGI_E_BODY_STRING: "App: the body is a string; return [new TextEncoder().encode(text)].",
  TSGI_E_BODY_BYTES: "App: the body is a bare Uint8Array (it iterates numbers); wrap it in [ ].",
  TSGI_E_BODY_NOT_ITERABLE: "App: the body must be an Iterable or AsyncIterable of Uint8Array.",
  TSGI_E_BODY_CLOSE_NOT_FUNCTION: "App: a body's close property, when present, must be a function.",
  TSGI_E_CHUNK_STRING:
    "App: a body chunk is a string; bodies are bytes (encode strings with TextEncoder).",
  TSGI_E_CHUNK_NOT_BYTES: "App: every body chunk must be a Uint8Array.",
  TSGI_E_CHUNK_BEFORE_START_RESPONSE: "App: a non-empty body chunk came before startResponse.",
  TSGI_E_NO_START_RESPONSE: "App: the body ended and startResponse was never called.",
  TSGI_E_BODY_ON_HEAD: "App: a response to HEAD must have no body bytes.",
  TSGI_E_BODY_ON_NO_CONTENT_STATUS: "App: 1xx, 204 and 304 responses must have no body bytes.",
  TSGI_E_CONTENT_LENGTH_MISMATCH: "App: the body's size differs from its Content-Length header.",
  // --- App side: tsgi.input and tsgi.errors ----------------------------------------------------
  TSGI_E_INPUT_BAD_SIZE: "App: tsgi.input sizes and limits are integers, or left out.",
  TSGI_E_INPUT_CONCURRENT_READ: "App: tsgi.input was read again before the previous read settled.",
  TSGI_E_ERRORS_NOT_STRING: "App: tsgi.errors takes strings only.",
});

/** One of the stable validation codes, e.g. `"TSGI_E_CHUNK_STRING"`. */
export type ValidationCode = keyof typeof ValidationCodes;

/** Which party broke the contract: the server (or middleware acting as one) or the app. */
export type ViolationSide = "server" | "app";

/** The party at fault for a code, read from its explanation so the two cannot drift apart. */
export function sideOf(code: ValidationCode): ViolationSide {
  return ValidationCodes[code].startsWith("Server:") ? "server" : "app";
}
