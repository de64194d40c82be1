import { constants } from "node:http2";
import type { OutgoingHttpHeaders } from "node:http";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";
import { BadRequestError } from "@tsgi/core";
import type { ExchangeWire } from "../node/wire.ts";

// Connection-specific fields (RFC 9113 §8.2.2). The pipeline already drops core's hop-by-hop
// headers; node's HTTP/2 layer throws on these too (`ERR_HTTP2_INVALID_CONNECTION_HEADERS`),
// half-way through a response, so they are dropped here before it can see them.
const CONNECTION_SPECIFIC: ReadonlySet<string> = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "http2-settings",
  "te",
]);

// How much of an unwanted request body is read and dropped before the stream is reset even
// though the response may not be out yet (the client is uploading but not reading).
const DRAIN_LIMIT = 1024 * 1024;
// How often a stream waiting to be reset checks whether its END_STREAM was sent (node has
// no event for a sent frame).
const RESET_POLL_MS = 10;

/**
 * The HTTP/2 half of one exchange (see node/wire.ts): the request and response are node's
 * compatibility objects, and what HTTP/2 does differently from HTTP/1.x happens here.
 *
 * - The head has no reason phrase, and connection-specific fields are never sent.
 * - A response cut short (an app error after headers, a body shorter than its
 *   Content-Length) is reset with RST_STREAM (INTERNAL_ERROR) once what was written is
 *   flushed; the connection and its other streams carry on.
 * - `:authority` becomes the Host header of environ; a Host that names another authority
 *   makes the request malformed (RFC 9113 §8.3.1): 400.
 * - A request body is announced by the HEADERS frame not ending the stream, with or without
 *   Content-Length.
 * - Once the response is complete, a request body the app did not read to its end (it did
 *   not need it, or refused it with 413) is read and dropped, and once the response's
 *   END_STREAM is out the stream is reset with NO_ERROR, as RFC 9113 §8.1 allows. Otherwise
 *   flow control would hold the client's upload, and the unread bytes the stream, open for
 *   good (graceful close would wait for it).
 */
export class Http2Wire implements ExchangeWire {
  readonly protocol = "HTTP/2";
  readonly #req: Http2ServerRequest;
  readonly #res: Http2ServerResponse;

  constructor(req: Http2ServerRequest, res: Http2ServerResponse) {
    this.#req = req;
    this.#res = res;
    res.stream.once("finish", this.#stopRequestBody);
  }

  get bodyWithoutLength(): boolean {
    return !this.#req.stream.endAfterHeaders;
  }

  *headerPairs(): Generator<readonly [string, string]> {
    const raw = this.#req.rawHeaders;
    let authority: string | undefined;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      if (raw[i] === ":authority") authority = raw[i + 1];
    }
    // Host first, where an HTTP/1.1 request has it.
    if (authority !== undefined) yield ["host", authority];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i]!;
      const value = raw[i + 1]!;
      if (name.charCodeAt(0) === 0x3a /* ":" */) continue;
      if (authority !== undefined && name === "host") {
        if (value !== authority) {
          throw new BadRequestError(
            `the Host header (${value}) names another authority than :authority (${authority})`,
          );
        }
        continue;
      }
      yield [name, value];
    }
  }

  writeHead(code: number, headers: string[]): void {
    let allowed = headers;
    for (let i = 0; i < headers.length; i += 2) {
      if (CONNECTION_SPECIFIC.has(headers[i]!.toLowerCase())) {
        allowed = withoutConnectionSpecific(headers);
        break;
      }
    }
    // node takes the flat list, as node:http does (@types/node only declares an object): it
    // keeps repeated fields such as Set-Cookie as separate header fields.
    this.#res.writeHead(code, allowed as unknown as OutgoingHttpHeaders);
  }

  abort(): void {
    const stream = this.#res.stream;
    if (stream.destroyed || stream.closed) return;
    // node ends the writable side first and sends RST_STREAM once the written DATA is out,
    // so the client gets the head and the bytes before it sees the failure.
    stream.close(constants.NGHTTP2_INTERNAL_ERROR);
  }

  // Runs on the stream's 'finish'. Then the response's last DATA frame is queued but maybe
  // not yet sent, and a RST_STREAM submitted now would make nghttp2 drop it: the client would
  // lose the end of the response. So the request's bytes are dropped as they come (the
  // stream cannot end while a reader left some unread), and the reset waits for nghttp2 to
  // report the stream closed on our side; a client that uploads on without reading the
  // response is reset anyway after DRAIN_LIMIT bytes.
  readonly #stopRequestBody = (): void => {
    const req = this.#req;
    const stream = this.#res.stream;
    if (stream.endAfterHeaders || req.readableEnded || stream.destroyed) return;
    let dropped = 0;
    const drop = (): void => {
      for (let chunk: Buffer | null; (chunk = req.read() as Buffer | null) !== null;) {
        dropped += chunk.length;
      }
    };
    req.on("readable", drop);
    drop();
    const timer = setInterval(() => {
      if (stream.closed || stream.destroyed) clearInterval(timer);
      else if (stream.state.localClose === 1 || dropped > DRAIN_LIMIT) {
        clearInterval(timer);
        stream.close(constants.NGHTTP2_NO_ERROR);
      }
    }, RESET_POLL_MS);
    stream.once("close", () => clearInterval(timer));
  };
}

function withoutConnectionSpecific(headers: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i + 1 < headers.length; i += 2) {
    if (!CONNECTION_SPECIFIC.has(headers[i]!.toLowerCase()))
      kept.push(headers[i]!, headers[i + 1]!);
  }
  return kept;
}
