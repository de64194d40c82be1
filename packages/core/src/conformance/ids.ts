/**
 * Every conformance test: stable id → what it checks. Ids never change meaning, so a host's
 * skip list stays valid; a new check gets a new id.
 *
 * @example
 * import { CONFORMANCE_TESTS } from "@tsgi/core/conformance";
 * console.log(CONFORMANCE_TESTS["response.set-cookie"]);
 */
export const CONFORMANCE_TESTS = {
  "environ.keys": "GET: environ is a plain object with every CGI and tsgi.* key, correctly typed",
  "environ.path-and-query":
    "PATH_INFO is percent-decoded UTF-8 (%2F too); QUERY_STRING and tsgi.request_target stay raw",
  "environ.no-normalisation": "dot segments and double slashes reach the app as sent",
  "environ.server-protocol": "SERVER_PROTOCOL is the HTTP version the client used",
  "environ.absolute-form": "an absolute-form target gives PATH_INFO and QUERY_STRING of its path",
  "environ.bad-utf8-path": "a path that is not UTF-8 once decoded gets 400 without calling the app",
  "environ.underscore-header-dropped": "request headers whose names contain _ never reach environ",
  "environ.repeated-headers-joined": 'repeated request headers are joined with ", " (Cookie "; ")',
  "environ.content-headers": "CONTENT_TYPE and CONTENT_LENGTH are set, never as HTTP_CONTENT_*",
  "input.content-length":
    "POST with Content-Length: read(), read(n), readline(), readlines(), for await",
  "input.empty": "a request without a body reads as empty at once",
  "input.large-streamed":
    "a multi-megabyte body reaches the app while it is still arriving, intact",
  "input.chunked": "a chunked request body reaches the app whole, without CONTENT_LENGTH",
  "input.unread-body": "a request body the app never reads does not stall the connection",
  "input.client-abort": "a client that disconnects mid-upload makes the app's read fail, not hang",
  "expect.continue-on-read":
    "Expect: 100-continue: 100 is sent only once the app reads, and the app gets the body",
  "expect.no-read-no-continue": "Expect: 100-continue: an app that does not read sends no 100",
  "expect.unknown-417": "an Expect other than 100-continue gets 417 without calling the app",
  "response.status-and-headers":
    "status reason and Latin-1 header values arrive as the app wrote them",
  "response.streaming": "async-generator chunks reach the client before the generator finishes",
  "response.sync-iterable": "a sync iterable body is sent whole",
  "response.write-callable": "write() sends headers and bytes at once, before the returned body",
  "response.empty-chunks": "empty chunks are skipped, never taken as the end of a chunked body",
  "response.set-cookie": "repeated Set-Cookie headers arrive as separate header lines, in order",
  "response.array-content-length": "an array body without Content-Length gets the summed length",
  "response.content-length-honoured": "an app's Content-Length is sent as is, without chunking",
  "response.content-length-short":
    "a body shorter than its Content-Length leaves an incomplete response",
  "response.content-length-excess": "bytes past the app's Content-Length are never sent",
  "response.head": "HEAD: same headers as GET, no body bytes, the body still closed",
  "response.no-body-204": "204: no body bytes even if the app yields some, no Content-Length added",
  "response.no-body-304": "304: no body bytes even if the app yields some, no Content-Length added",
  "response.hop-by-hop": "hop-by-hop headers from the app are not forwarded as they are",
  "response.connection-close":
    "an app's Connection: close makes the server close after the response",
  "response.backpressure": "a client that stops reading holds the body's generator back",
  "response.write-backpressure": "a client that stops reading holds back write()'s promises",
  "response.file-wrapper": "tsgi.file_wrapper sends the whole file or the requested range",
  "errors.before-headers-500":
    "an error before headers (throw, rejection, first chunk) gives 500 without leaking it",
  "errors.after-headers-abort":
    "an error after headers leaves an incomplete response, body closed once",
  "errors.exc-info-before-headers": "startResponse with excInfo before headers replaces them",
  "errors.exc-info-after-headers": "startResponse with excInfo after headers re-throws excInfo",
  "errors.start-response-twice": "a second startResponse without excInfo is an error: 500",
  "errors.no-start-response": "a body returned without startResponse gives 500",
  "errors.non-bytes-body": "a string body, a string chunk or a bare Uint8Array body gives 500",
  "errors.header-injection":
    "CR/LF in a status or header value gives 500, never an injected header",
  "errors.error-log": "app errors (with stack) and tsgi.errors writes reach the server's error log",
  "lifecycle.close-once": "sync, async and array bodies are closed exactly once after a response",
  "lifecycle.client-disconnect":
    "a client gone mid-stream: return() and close() once, tsgi.signal fired, no more pulls",
  "lifecycle.disconnect-before-response": "tsgi.signal fires for a client gone while the app works",
  "lifecycle.signal-not-fired": "tsgi.signal never fires for requests that complete",
  "lifecycle.graceful-close":
    "close() lets an in-flight request finish, closes idle connections, refuses new ones",
  "connection.keep-alive": "two requests, one after the other, on one connection",
  "connection.pipelined": "three requests in one write are answered in order, bodies not mixed",
  "connection.http10": "HTTP/1.0: no chunked encoding, the server closes after a streamed body",
  "connection.http10-keep-alive": "HTTP/1.0 keep-alive only when the length is known",
  "connection.close-request": "a client's Connection: close makes the server close after answering",
  "connection.concurrent": "requests on separate connections are served concurrently",
  "limits.header-too-large": "oversized request headers get 431 without calling the app",
  "limits.smuggling": "ambiguous request framing (CL+TE, two lengths, bad length) gets 400",
} as const;

/** The id of one conformance test, for typed skip lists. */
export type ConformanceTestId = keyof typeof CONFORMANCE_TESTS;

/**
 * Every test id, in the order the suite runs them.
 *
 * @example
 * import { CONFORMANCE_TEST_IDS, type ConformanceTestId } from "@tsgi/core/conformance";
 * const skip = { "response.file-wrapper": "no sendfile yet" } satisfies
 *   Partial<Record<ConformanceTestId, string>>;
 * console.log(Object.keys(skip).every((id) => CONFORMANCE_TEST_IDS.includes(id as ConformanceTestId)));
 */
export const CONFORMANCE_TEST_IDS = Object.freeze(
  Object.keys(CONFORMANCE_TESTS) as ConformanceTestId[],
);
