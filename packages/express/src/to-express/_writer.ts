import type { IncomingMessage, ServerResponse } from "node:http";
import { isHopByHop } from "@tsgi/core";
import type { HeaderList, StartResponse, Write } from "@tsgi/core";
import { checkChunk, checkResponseStart, ContractError } from "./_checks.ts";

/** The client went away; iteration stops and the body is closed. */
export class ClientGoneError extends Error {
  readonly code = "ECONNRESET";
}

/**
 * The server side of one TSGI response written onto an Express (node:http) response:
 * deferred headers, excInfo, the legacy write(), Content-Length enforcement, no body for
 * HEAD/1xx/204/304, hop-by-hop headers dropped, backpressure. node:http frames the body
 * (chunked, or close-delimited on HTTP/1.0) and adds Date.
 */
export class ResponseWriter {
  #status: { code: number; reason: string } | undefined;
  #headers: HeaderList = [];
  #committed = false;
  #remaining: number | undefined;
  #noBody: boolean;
  /** Bytes past Content-Length were dropped: the connection closes after the response. */
  excess = false;
  usedWrite = false;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly isGone: () => boolean,
  ) {
    this.#noBody = req.method === "HEAD";
  }

  get started(): boolean {
    return this.#status !== undefined;
  }

  get committed(): boolean {
    return this.#committed;
  }

  get noBody(): boolean {
    return this.#noBody;
  }

  readonly startResponse: StartResponse = (status, headers, excInfo) => {
    if (excInfo !== undefined && excInfo !== null) {
      if (this.#committed) throw excInfo;
    } else if (this.#status !== undefined) {
      throw new ContractError(
        "TSGI_E_START_RESPONSE_TWICE",
        "startResponse called twice without excInfo",
      );
    }
    this.#status = checkResponseStart(status, headers);
    this.#headers = headers.map(([name, value]) => [name, value] as const);
    return this.write;
  };

  readonly write: Write = async (chunk) => {
    checkChunk(chunk);
    if (this.#status === undefined) {
      throw new ContractError("TSGI_E_WRITE_BEFORE_START", "write() called before startResponse");
    }
    this.usedWrite = true;
    this.commit(undefined);
    await this.send(chunk);
  };

  /** Sends status and headers (once). `knownLength` is the summed length of an Array body. */
  commit(knownLength: number | undefined): void {
    if (this.#committed) return;
    const status = this.#status;
    if (status === undefined) {
      throw new ContractError("TSGI_E_NO_START_RESPONSE", "the body ended without startResponse");
    }
    const res = this.res;
    let hasLength = false;
    for (const [name, value] of this.#headers) {
      const lower = name.toLowerCase();
      if (isHopByHop(lower)) {
        // Hop-by-hop headers are the server's; an app's "Connection: close" is honoured.
        if (lower === "connection" && /(^|,)\s*close\s*(,|$)/i.test(value)) {
          res.setHeader("Connection", "close");
        }
        continue;
      }
      if (lower === "content-length") {
        hasLength = true;
        this.#remaining = Number(value);
      }
      res.appendHeader(name, value);
    }
    const { code, reason } = status;
    if (code < 200 || code === 204 || code === 304) this.#noBody = true;
    else if (!hasLength && knownLength !== undefined) {
      res.setHeader("Content-Length", knownLength);
      this.#remaining = knownLength;
    }
    this.#committed = true;
    res.writeHead(code, reason);
  }

  /** Writes one chunk, waiting for 'drain' when node's buffer is full. */
  async send(chunk: Uint8Array): Promise<void> {
    if (chunk.byteLength === 0 || this.#noBody) return;
    if (this.isGone()) throw new ClientGoneError("client disconnected");
    let bytes = chunk;
    if (this.#remaining !== undefined) {
      if (bytes.byteLength > this.#remaining) {
        bytes = bytes.subarray(0, this.#remaining);
        this.excess = true;
      }
      this.#remaining -= bytes.byteLength;
      if (bytes.byteLength === 0) return;
    }
    if (!this.res.write(bytes)) await drained(this.res);
    if (this.isGone()) throw new ClientGoneError("client disconnected");
  }

  /** Bytes still owed by an app's Content-Length (0 or undefined when none). */
  get missing(): number {
    return this.#remaining !== undefined && !this.#noBody ? this.#remaining : 0;
  }

  /** Ends the response and resolves once node handed it to the socket (or it closed). */
  end(): Promise<void> {
    return new Promise((resolve) => {
      if (this.res.writableEnded) return resolve();
      this.res.once("close", resolve);
      this.res.end(() => resolve());
      if (this.excess) this.res.once("finish", () => this.req.socket.destroySoon?.());
    });
  }
}

/**
 * Cuts the response short so the client sees it incomplete, once the bytes already written
 * left node's buffers (node corks the first write until the next tick; destroying at once
 * would drop the status line too).
 */
export function abortAfterFlush(res: ServerResponse): void {
  const socket = res.socket;
  setImmediate(() => {
    if (socket === null || socket.writableLength === 0) res.destroy();
    else socket.once("drain", () => res.destroy());
  });
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
