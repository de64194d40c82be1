// Reads the HTTP/1.x request bytes the cases write (see `rawRequest` in _harness.ts) as
// messages, so the HTTP/2 transport can send the same requests as HEADERS and DATA frames:
// the way a gateway from HTTP/1.1 to HTTP/2 would, with the body's framing (Content-Length or
// chunked) undone. Only well-formed requests are expected: the cases that send malformed
// framing on purpose are HTTP/1.x-only and skipped over HTTP/2.

/** A request head as written: request line and header lines, in order, names as sent. */
export interface RequestHead {
  method: string;
  target: string;
  version: string;
  headers: Array<readonly [string, string]>;
  /** How its body is delimited; "none" ends the request with the head. */
  framing: "none" | "length" | "chunked";
}

/** What the bytes written so far amount to. */
export type RequestEvent =
  | { kind: "head"; head: RequestHead }
  | { kind: "data"; bytes: Buffer }
  | { kind: "end"; trailers: Array<readonly [string, string]> };

/** The bytes are not a request this reader understands. */
export class RequestSyntaxError extends Error {
  override name = "RequestSyntaxError";
}

const CRLF = Buffer.from("\r\n");
const HEAD_END = Buffer.from("\r\n\r\n");

/**
 * An incremental reader of HTTP/1.x requests: `push` takes bytes as they are written and
 * returns the events they complete. Requests may follow one another in one write.
 */
export class Http1RequestReader {
  #buffer: Buffer = Buffer.alloc(0);
  #state: "head" | "length" | "chunk-size" | "chunk-data" | "chunk-crlf" | "trailers" = "head";
  #remaining = 0;
  #trailers: Array<readonly [string, string]> = [];

  push(bytes: Uint8Array): RequestEvent[] {
    this.#buffer = Buffer.concat([this.#buffer, bytes]);
    const events: RequestEvent[] = [];
    while (this.#step(events));
    return events;
  }

  // One parsing step; false when more bytes are needed.
  #step(events: RequestEvent[]): boolean {
    switch (this.#state) {
      case "head": {
        const end = this.#buffer.indexOf(HEAD_END);
        if (end === -1) return false;
        const head = parseHead(this.#buffer.subarray(0, end).toString("latin1"));
        this.#buffer = this.#buffer.subarray(end + HEAD_END.length);
        events.push({ kind: "head", head });
        if (head.framing === "chunked") this.#state = "chunk-size";
        else if (head.framing === "length") {
          this.#remaining = contentLength(head);
          this.#state = "length";
        } else events.push({ kind: "end", trailers: [] });
        return true;
      }
      case "length": {
        if (this.#buffer.length === 0) return false;
        const take = Math.min(this.#remaining, this.#buffer.length);
        events.push({ kind: "data", bytes: Buffer.from(this.#buffer.subarray(0, take)) });
        this.#buffer = this.#buffer.subarray(take);
        this.#remaining -= take;
        if (this.#remaining === 0) this.#finish(events);
        return true;
      }
      case "chunk-size": {
        const line = this.#line();
        if (line === undefined) return false;
        const size = /^([0-9A-Fa-f]{1,16})[ \t]*(?:;.*)?$/.exec(line);
        if (size === null)
          throw new RequestSyntaxError(`bad chunk size line ${JSON.stringify(line)}`);
        this.#remaining = parseInt(size[1]!, 16);
        this.#state = this.#remaining === 0 ? "trailers" : "chunk-data";
        return true;
      }
      case "chunk-data": {
        if (this.#buffer.length === 0) return false;
        const take = Math.min(this.#remaining, this.#buffer.length);
        events.push({ kind: "data", bytes: Buffer.from(this.#buffer.subarray(0, take)) });
        this.#buffer = this.#buffer.subarray(take);
        this.#remaining -= take;
        if (this.#remaining === 0) this.#state = "chunk-crlf";
        return true;
      }
      case "chunk-crlf": {
        const line = this.#line();
        if (line === undefined) return false;
        if (line !== "") throw new RequestSyntaxError("chunk data not followed by CRLF");
        this.#state = "chunk-size";
        return true;
      }
      case "trailers": {
        const line = this.#line();
        if (line === undefined) return false;
        if (line === "") this.#finish(events);
        else this.#trailers.push(headerLine(line));
        return true;
      }
    }
  }

  #line(): string | undefined {
    const end = this.#buffer.indexOf(CRLF);
    if (end === -1) return undefined;
    const line = this.#buffer.subarray(0, end).toString("latin1");
    this.#buffer = this.#buffer.subarray(end + CRLF.length);
    return line;
  }

  #finish(events: RequestEvent[]): void {
    events.push({ kind: "end", trailers: this.#trailers });
    this.#trailers = [];
    this.#state = "head";
  }
}

function parseHead(text: string): RequestHead {
  const [requestLine = "", ...lines] = text.split("\r\n");
  const parts = /^(\S+) (\S+) (HTTP\/\d\.\d)$/.exec(requestLine);
  if (parts === null)
    throw new RequestSyntaxError(`bad request line ${JSON.stringify(requestLine)}`);
  const headers = lines.map(headerLine);
  const named = (name: string) => headers.filter(([n]) => n.toLowerCase() === name);
  const codings = named("transfer-encoding");
  let framing: RequestHead["framing"] = "none";
  if (codings.length > 0) {
    if (codings.at(-1)![1].trim().toLowerCase() !== "chunked") {
      throw new RequestSyntaxError(
        `only chunked bodies can be translated, got ${codings.at(-1)![1]}`,
      );
    }
    framing = "chunked";
  } else if (named("content-length").length > 0) {
    framing = "length";
  }
  const head: RequestHead = {
    method: parts[1]!,
    target: parts[2]!,
    version: parts[3]!,
    headers,
    framing,
  };
  if (framing === "length" && contentLength(head) === 0) head.framing = "none";
  return head;
}

function contentLength(head: RequestHead): number {
  const values = head.headers.filter(([name]) => name.toLowerCase() === "content-length");
  const value = values[0]?.[1].trim() ?? "";
  if (values.length !== 1 || !/^\d+$/.test(value)) {
    throw new RequestSyntaxError(
      `one Content-Length of digits expected, got ${JSON.stringify(values)}`,
    );
  }
  return Number(value);
}

function headerLine(line: string): readonly [string, string] {
  const colon = line.indexOf(":");
  if (colon <= 0) throw new RequestSyntaxError(`bad header line ${JSON.stringify(line)}`);
  return [line.slice(0, colon), line.slice(colon + 1).trim()];
}
