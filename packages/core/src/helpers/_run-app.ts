// The server side of one TSGI call, without any transport: deferred headers, excInfo, the
// legacy write(), body type checks and closing the body exactly once. The test client and
// toFetch both drive apps through it, so they cannot disagree about the contract.
import type { App, Body, Environ, HeaderList, StartResponse } from "../types.ts";
import { AppContractError, bodyProblem, describe, headersProblem } from "./_contract-checks.ts";
import { parseStatus } from "./status.ts";

export { AppContractError };

/** A response whose status and headers are committed; its body is pulled on demand. */
export interface StartedResponse {
  readonly status: string;
  readonly code: number;
  readonly reason: string;
  /** A snapshot taken when the headers were committed. */
  readonly headers: HeaderList;
  /** Total bytes when the body is an Array and write() was not used; otherwise undefined. */
  readonly knownLength: number | undefined;
  /**
   * The next body chunk (possibly empty), or `undefined` at the end. The chunk that committed
   * the headers comes first. Rejects with the app's error mid-stream.
   */
  next(): Promise<Uint8Array | undefined>;
  /**
   * Closes the body exactly once however often it is called: `return()` on an iterator that
   * started and did not finish, then the body's own `close()`. Pending `write()` calls reject.
   */
  close(): Promise<void>;
}

interface PendingWrite {
  chunk: Uint8Array;
  taken: () => void;
  refused: (error: Error) => void;
}

type AnyIterator = Iterator<unknown> | AsyncIterator<unknown>;

/**
 * Calls `app` and resolves once its headers are committed: at the first `write()`, the first
 * non-empty body chunk, or the end of the body. An error before that rejects (after closing
 * the body); the caller turns it into a 500 or rethrows it.
 */
export async function startApp(app: App, environ: Environ): Promise<StartedResponse> {
  const run = new AppRun(environ);
  run.begin(app);
  // The chunk that committed the headers (kept for next()), or "none" when write() committed
  // them (its chunk stays queued, so that write settles only when the consumer takes it).
  let first: Uint8Array | "none" | undefined;
  try {
    for (;;) {
      const chunk = await run.pull(true);
      if (chunk === COMMITTED) {
        first = "none";
        break;
      }
      if (chunk === undefined || chunk.byteLength > 0) {
        run.commit(chunk);
        first = chunk;
        break;
      }
    }
  } catch (error) {
    await run.close().catch((closeError: unknown) => run.log("closing the body", closeError));
    throw error;
  }
  const { status, code, reason, headers } = run.committedResponse();
  const ended = first === undefined;
  let pending = first instanceof Uint8Array ? first : undefined;
  return {
    status,
    code,
    reason,
    headers,
    knownLength: first === "none" ? undefined : arrayLength(run.body),
    next: async () => {
      if (run.closed || ended) return undefined;
      const chunk = pending;
      pending = undefined;
      return chunk ?? ((await run.pull(false)) as Uint8Array | undefined);
    },
    close: () => run.close(),
  };
}

const COMMITTED = Symbol("committed by write()");

/** The byte length of an Array body of byte chunks (PEP 3333 lets servers use it). */
function arrayLength(body: Body | undefined): number | undefined {
  if (!Array.isArray(body)) return undefined;
  let total = 0;
  for (const chunk of body as unknown[]) {
    if (!(chunk instanceof Uint8Array)) return undefined;
    total += chunk.byteLength;
  }
  return total;
}

class AppRun {
  #environ: Environ;
  #committed = false;
  #status: string | undefined;
  #headers: HeaderList | undefined;
  #snapshot: { status: string; code: number; reason: string; headers: HeaderList } | undefined;
  #writes: PendingWrite[] = [];
  #wake: (() => void) | undefined;
  #appSettled = false;
  #appError: { error: unknown } | undefined;
  #body: Body | undefined;
  #iterator: AnyIterator | undefined;
  #iterationOver = false;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(environ: Environ) {
    this.#environ = environ;
  }

  get committed(): boolean {
    return this.#committed;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get body(): Body | undefined {
    return this.#body;
  }

  /** Reports what nobody can catch any more to the app's error log. */
  log(what: string, error: unknown): void {
    const detail = error instanceof Error ? (error.stack ?? String(error)) : String(error);
    this.#environ["tsgi.errors"].write(`${what}: ${detail}\n`);
  }

  begin(app: App): void {
    const environ = this.#environ;
    const startResponse: StartResponse = (status, headers, excInfo) =>
      this.#startResponse(status, headers, excInfo);
    // Called through a promise so a synchronous throw is handled like a rejection.
    Promise.resolve()
      .then(() => app(environ, startResponse))
      .then(
        (body) => this.#settle(() => this.#acceptBody(body)),
        (error: unknown) => this.#settle(() => (this.#appError = { error })),
      );
  }

  #startResponse(status: string, headers: HeaderList, excInfo: unknown) {
    if (excInfo != null) {
      // PEP 3333: too late to change the response, so the original error goes on upwards.
      if (this.committed) throw excInfo;
    } else if (this.#status !== undefined) {
      throw new AppContractError(
        "TSGI_E_START_RESPONSE_TWICE",
        "startResponse was called twice without excInfo",
      );
    }
    this.#status = status;
    this.#headers = headers;
    return (chunk: Uint8Array) => this.#write(chunk);
  }

  #write(chunk: Uint8Array): Promise<void> {
    if (this.closed) {
      return Promise.reject(
        new AppContractError("TSGI_E_WRITE_AFTER_CLOSE", "write() after the response was closed"),
      );
    }
    if (!(chunk instanceof Uint8Array)) {
      const code = typeof chunk === "string" ? "TSGI_E_WRITE_STRING" : "TSGI_E_WRITE_NOT_BYTES";
      return Promise.reject(
        new AppContractError(code, `write() takes a Uint8Array, got ${describe(chunk)}`),
      );
    }
    try {
      if (!this.committed) this.commit();
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<void>((taken, refused) => {
      this.#writes.push({ chunk, taken, refused });
      this.#notify();
    });
  }

  #acceptBody(body: unknown): void {
    this.#body = body as Body;
    if (this.closed) {
      void this.#closeBody().catch((error: unknown) => this.log("closing the body", error));
      return;
    }
    const problem = bodyProblem(body);
    if (problem !== undefined) this.#appError = { error: problem };
  }

  #settle(record: () => void): void {
    this.#appSettled = true;
    record();
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** Records the status and headers as sent. Throws when they cannot be sent. */
  commit(chunk?: Uint8Array): void {
    if (this.#status === undefined || this.#headers === undefined) {
      throw chunk === undefined
        ? new AppContractError(
            "TSGI_E_NO_START_RESPONSE",
            "the body ended and startResponse was never called",
          )
        : new AppContractError(
            "TSGI_E_CHUNK_BEFORE_START_RESPONSE",
            "a body chunk came before startResponse",
          );
    }
    const { code, reason } = parseStatus(this.#status);
    const problem = headersProblem(this.#headers);
    if (problem !== undefined) throw problem;
    this.#snapshot = { status: this.#status, code, reason, headers: [...this.#headers] };
    this.#committed = true;
  }

  committedResponse() {
    if (this.#snapshot === undefined) throw new Error("headers were not committed yet");
    return this.#snapshot;
  }

  /** The next chunk; with `untilCommitted`, {@link COMMITTED} as soon as write() committed. */
  async pull(untilCommitted: boolean): Promise<Uint8Array | undefined | typeof COMMITTED> {
    for (;;) {
      if (this.closed) return undefined;
      if (untilCommitted && this.committed) return COMMITTED;
      const write = this.#writes.shift();
      if (write !== undefined) {
        write.taken();
        return write.chunk;
      }
      if (!this.#appSettled) {
        await new Promise<void>((resolve) => (this.#wake = resolve));
        continue;
      }
      if (this.#appError !== undefined) {
        const { error } = this.#appError;
        this.#appError = undefined;
        this.#iterationOver = true;
        throw error;
      }
      return this.#pullBody();
    }
  }

  async #pullBody(): Promise<Uint8Array | undefined> {
    if (this.#iterationOver) return undefined;
    const body = this.#body as Body;
    let step: IteratorResult<unknown>;
    try {
      this.#iterator ??=
        Symbol.asyncIterator in body ? body[Symbol.asyncIterator]() : body[Symbol.iterator]();
      step = await this.#iterator.next();
    } catch (error) {
      this.#iterationOver = true; // a generator that threw is finished; no return() is owed
      throw error;
    }
    if (step.done === true) {
      this.#iterationOver = true;
      return undefined;
    }
    if (!(step.value instanceof Uint8Array)) {
      const code =
        typeof step.value === "string" ? "TSGI_E_CHUNK_STRING" : "TSGI_E_CHUNK_NOT_BYTES";
      throw new AppContractError(
        code,
        `body chunks must be Uint8Array, got ${describe(step.value)}`,
      );
    }
    return step.value;
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#closed = true;
    const refused = new Error("the response was closed before this chunk was sent");
    for (const write of this.#writes.splice(0)) write.refused(refused);
    this.#notify();
    // Still running: #acceptBody closes the body as soon as the app hands it over.
    if (this.#appSettled) await this.#closeBody();
  }

  async #closeBody(): Promise<void> {
    const iterator = this.#iterator;
    const unfinished = iterator !== undefined && !this.#iterationOver;
    this.#iterationOver = true;
    try {
      if (unfinished) await iterator.return?.();
    } finally {
      const body = this.#body as { close?: unknown } | undefined;
      if (body != null && typeof body.close === "function") await (body.close as () => unknown)();
    }
  }
}
