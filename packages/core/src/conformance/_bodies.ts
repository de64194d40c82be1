// Response bodies that count what the server does to them, so tests can assert the contract's
// "closed exactly once, on every path" (DECISIONS 5) instead of trusting a log line.
import assert from "node:assert/strict";
import { READ_TIMEOUT_MS } from "./_raw-http.ts";
import { deferred, sleep, withTimeout } from "./_harness.ts";

/** What the server did to one tracked body. */
export class BodyProbe {
  /** Calls of `[Symbol.iterator]` / `[Symbol.asyncIterator]`: a server iterates a body once. */
  iterations = 0;
  /** Chunks pulled with `next()`. */
  pulls = 0;
  /** Calls of the iterator's `return()` (owed when iteration started and did not finish). */
  returns = 0;
  /** Calls of the body's `close()`. */
  closes = 0;
  /** The source ran to its end. */
  finished = false;
  /** "return" and "close" in the order the server called them. */
  readonly calls: string[] = [];
  readonly #closed = deferred();

  /** @internal */
  markReturned(): void {
    this.returns += 1;
    this.calls.push("return");
  }

  /** @internal */
  markClosed(): void {
    this.closes += 1;
    this.calls.push("close");
    this.#closed.resolve();
  }

  /**
   * Waits for the first `close()`, then a little longer so a second call would be seen,
   * and asserts there was exactly one.
   */
  async assertClosedOnce(what: string): Promise<void> {
    await withTimeout(this.#closed.promise, READ_TIMEOUT_MS, `close() of ${what}`);
    await sleep(50);
    if (this.closes !== 1) throw new Error(`${what}: close() called ${this.closes} times, want 1`);
  }
}

/** An async body with `close()` that forwards to `source` and records into a probe. */
export function trackAsync(source: () => AsyncIterator<Uint8Array>): {
  body: AsyncIterable<Uint8Array> & { close(): void };
  probe: BodyProbe;
} {
  const probe = new BodyProbe();
  const body = {
    [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
      probe.iterations += 1;
      const iterator = source();
      return {
        async next() {
          probe.pulls += 1;
          const step = await iterator.next();
          if (step.done === true) probe.finished = true;
          return step;
        },
        async return() {
          probe.markReturned();
          await iterator.return?.();
          return { done: true, value: undefined };
        },
      };
    },
    close() {
      probe.markClosed();
    },
  };
  return { body, probe };
}

/** A sync body with `close()`, as {@link trackAsync}. */
export function trackSync(source: () => Iterator<Uint8Array>): {
  body: Iterable<Uint8Array> & { close(): void };
  probe: BodyProbe;
} {
  const probe = new BodyProbe();
  const body = {
    [Symbol.iterator](): Iterator<Uint8Array> {
      probe.iterations += 1;
      const iterator = source();
      return {
        next() {
          probe.pulls += 1;
          const step = iterator.next();
          if (step.done === true) probe.finished = true;
          return step;
        },
        return() {
          probe.markReturned();
          iterator.return?.();
          return { done: true, value: undefined };
        },
      };
    },
    close() {
      probe.markClosed();
    },
  };
  return { body, probe };
}

/** An array body (whose length a server can sum) with `close()`, as {@link trackAsync}. */
export function trackArray(chunks: Uint8Array[]): {
  body: Uint8Array[] & { close(): void };
  probe: BodyProbe;
} {
  const probe = new BodyProbe();
  const body = Object.assign([...chunks], { close: () => probe.markClosed() });
  return { body, probe };
}

/** Asserts the app ran (so it set `probe`) and the server closed its body exactly once. */
export async function closedOnce(probe: BodyProbe | undefined, what: string): Promise<void> {
  assert.ok(probe, `${what}: the app did not get as far as returning it`);
  await probe.assertClosedOnce(what);
}
