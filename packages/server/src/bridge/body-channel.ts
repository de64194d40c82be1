/**
 * The bridge between a ServerResponse's `write()` (push side) and the TSGI body (pull side).
 * Writes queue chunks and report backpressure the way a socket does: `push` returns false once
 * the queue holds `highWaterMark` bytes, and `onDrain` runs when the TSGI server has taken
 * every queued chunk, so piped streams (`send`, `fs.createReadStream(...).pipe(res)`) pause
 * and resume exactly as they do over node:http. Nothing is buffered beyond what the app wrote
 * before it saw `false`.
 */
export interface BodyChannelHooks {
  /** The queue emptied after a push returned false: emit 'drain'. */
  onDrain(): void;
  /** The TSGI server took the end of the body: emit 'finish'. */
  onFinish(): void;
  /** The TSGI server stopped pulling before the end (client gone): abort the request. */
  onCancel(): void;
}

type Waiter = {
  resolve: (result: IteratorResult<Uint8Array>) => void;
  reject: (error: unknown) => void;
};
type Queued = { chunk: Uint8Array; callback: ((error?: Error | null) => void) | undefined };

export class BodyChannel implements AsyncIterable<Uint8Array> {
  #queue: Queued[] = [];
  #queuedBytes = 0;
  #needDrain = false;
  #discarding = false;
  #ended = false;
  #failure: { error: unknown } | undefined;
  #waiter: Waiter | undefined;
  /** The consumer finished (read the end, or returned early): nothing more is delivered. */
  #settled = false;

  constructor(
    private readonly highWaterMark: number,
    private readonly hooks: BodyChannelHooks,
  ) {}

  /**
   * The server closed the body without pulling it to the end while the client is still there
   * (HEAD, 204, 304: servers do not iterate bodies that have no bytes to send). Express is
   * not aborted: later writes are dropped and its end() still emits 'finish'.
   */
  close(): void {
    if (this.#settled) return;
    this.#discarding = true;
    this.#queue = [];
    this.#queuedBytes = 0;
    if (this.#needDrain) {
      this.#needDrain = false;
      this.hooks.onDrain();
    }
    if (this.#ended) this.#finish();
  }

  /** Queues a chunk; false when the writer should wait for `onDrain`. */
  push(chunk: Uint8Array, callback?: (error?: Error | null) => void): boolean {
    if (this.#settled || this.#discarding) {
      callback?.(null);
      return true;
    }
    if (this.#waiter !== undefined && this.#queue.length === 0) {
      const waiter = this.#waiter;
      this.#waiter = undefined;
      waiter.resolve({ value: chunk, done: false });
      callback?.(null);
      return true;
    }
    this.#queue.push({ chunk, callback });
    this.#queuedBytes += chunk.byteLength;
    if (this.#queuedBytes >= this.highWaterMark) this.#needDrain = true;
    return !this.#needDrain;
  }

  end(): void {
    this.#ended = true;
    if (this.#discarding) this.#finish();
    else this.#wake();
  }

  /** The response failed after it started (res.destroy(error)): the iteration throws. */
  fail(error: unknown): void {
    this.#failure ??= { error };
    this.#wake();
  }

  /**
   * The client went away: a pending pull ends (so a server awaiting it is not left hanging)
   * and later writes are dropped. Neither 'finish' nor onCancel runs.
   */
  abandon(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#queue = [];
    this.#queuedBytes = 0;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.resolve({ value: undefined, done: true });
  }

  /**
   * What to hand the TSGI server once the head is committed. When the response already ended
   * with less than a high-water mark queued (the common `res.end(payload)`), the whole body as
   * an Array, which the server sends in one go without an async pull per chunk; its `close()`
   * (PEP 3333: the server calls it once it is done with the body) settles the channel as
   * pulling the end would, or as a cancelled pull if `clientGone()` says the client left.
   * Otherwise the channel itself.
   */
  body(clientGone: () => boolean): Iterable<Uint8Array> | AsyncIterable<Uint8Array> {
    if (
      !this.#ended ||
      this.#settled ||
      this.#discarding ||
      this.#needDrain ||
      this.#failure !== undefined ||
      this.#waiter !== undefined
    ) {
      return this;
    }
    const taken = this.#queue;
    this.#queue = [];
    this.#queuedBytes = 0;
    const chunks: Uint8Array[] & { close?: () => void } = taken.map((entry) => entry.chunk);
    chunks.close = () => {
      if (this.#settled) return;
      if (clientGone()) {
        this.#queue = taken;
        this.#cancel();
        return;
      }
      for (const entry of taken) entry.callback?.(null);
      this.#finish();
    };
    return chunks;
  }

  get settled(): boolean {
    return this.#settled;
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return {
      next: () => this.#next(),
      return: async () => {
        this.#cancel();
        return { value: undefined, done: true };
      },
    };
  }

  #next(): Promise<IteratorResult<Uint8Array>> {
    const head = this.#queue.shift();
    if (head !== undefined) {
      this.#queuedBytes -= head.chunk.byteLength;
      head.callback?.(null);
      if (this.#queue.length === 0 && this.#needDrain) {
        this.#needDrain = false;
        this.hooks.onDrain();
      }
      return Promise.resolve({ value: head.chunk, done: false });
    }
    if (this.#failure !== undefined) {
      this.#settled = true;
      return Promise.reject(this.#failure.error);
    }
    if (this.#ended) return Promise.resolve(this.#finish());
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  #finish(): IteratorResult<Uint8Array> {
    if (!this.#settled) {
      this.#settled = true;
      this.hooks.onFinish();
    }
    return { value: undefined, done: true };
  }

  #wake(): void {
    const waiter = this.#waiter;
    if (waiter === undefined || this.#queue.length > 0) return;
    this.#waiter = undefined;
    if (this.#failure !== undefined) {
      this.#settled = true;
      waiter.reject(this.#failure.error);
    } else if (this.#ended) {
      waiter.resolve(this.#finish());
    }
  }

  #cancel(): void {
    if (this.#settled) return;
    this.#settled = true;
    const dropped = this.#queue;
    this.#queue = [];
    this.#queuedBytes = 0;
    const error = Object.assign(new Error("client disconnected"), { code: "ECONNRESET" });
    for (const entry of dropped) entry.callback?.(error);
    this.hooks.onCancel();
  }
}
