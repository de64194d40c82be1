/**
 * The HTTP/2 seam of this pipeline, used by the http2 server (packages/server/src/http2).
 *
 * The pipeline (handlers → Exchange → body) is written for node:http. node's HTTP/2
 * compatibility API (`Http2ServerRequest`, `Http2ServerResponse`) has what the pipeline uses
 * on a request and a response — `method`, `url`, `headers`, `rawHeaders`, the body stream,
 * `complete`, `write()`/`end()`/'drain'/'close', `writableEnded`, `statusCode`,
 * `writeContinue()`, `destroy()`, and a `socket` with the connection's addresses — but not
 * what belongs to an HTTP/1.x connection: a reason phrase, a flat head that may carry
 * connection headers, `shouldKeepAlive`, closing the socket after a response, queueing
 * responses per socket. An exchange created with a wire hands exactly those parts to it.
 * Without a wire (every node:http request) the pipeline behaves as it always did.
 */
export interface ExchangeWire {
  /** SERVER_PROTOCOL, e.g. "HTTP/2". */
  readonly protocol: string;
  /**
   * True when the request may have a body although it declares no Content-Length (HTTP/2:
   * its HEADERS frame did not end the stream; there is no Transfer-Encoding to say so).
   */
  readonly bodyWithoutLength: boolean;
  /**
   * The request's header pairs for environ, as node:http's `rawHeaders` would give them
   * (HTTP/2: `:authority` becomes Host, other pseudo-headers are left out).
   *
   * @throws BadRequestError (from @tsgi/core) for a request the server must refuse with 400.
   */
  headerPairs(): Iterable<readonly [string, string]>;
  /**
   * Sends status and headers in place of `res.writeHead(code, reason, headers)`: `headers`
   * is flat (name, value, …) with hop-by-hop headers already removed. HTTP/2 has no reason
   * phrase.
   */
  writeHead(code: number, headers: string[]): void;
  /**
   * Cuts the response short, in place of closing the connection: what was written still
   * reaches the client, which then sees the response fail (HTTP/2: RST_STREAM).
   */
  abort(): void;
}
