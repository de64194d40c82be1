import type { Body } from "../types.ts";
import type { Reporter } from "./report.ts";
import { runInOrder } from "./sequence.ts";

/** What a tracked body reports to the rest of the validator. */
export interface BodyEvents {
  /** One chunk handed to the server; may throw a violation. */
  chunk(value: unknown): void;
  /** The body ended on its own (first time only); may throw a violation. */
  end(): void;
  /** The server called close() for the first time. */
  closed(): void;
}

/** One iteration the server started, with what happened to it so far. */
interface Iteration {
  inner: Partial<Iterator<unknown>> | Partial<AsyncIterator<unknown>>;
  started: boolean; // next() was called
  finished: boolean; // the app's iterator ended or threw
  returned: boolean; // the server called return()
  abandoned: boolean; // a validator check threw from next(): for-of will not call return()
  cleanedUp: boolean; // the validator called the app's return() itself, at close()
}

type AnyFunction = (...args: unknown[]) => unknown;

/**
 * Wraps a body so the server's `return()` and `close()` reach the app's body exactly once and
 * are recorded. It is a Proxy rather than a new object because servers look at bodies: an
 * Array has its length summed for Content-Length (DECISIONS.md 6) and a file body is
 * recognised by its brand for sendfile; a Proxy keeps `Array.isArray`, `isFileBody`,
 * `instanceof` and every property, and keeps a sync body sync and an async body async.
 */
export function trackBody(body: Body & object, events: BodyEvents, reporter: Reporter): Body {
  const iterations: Iteration[] = [];
  const target = body as Record<PropertyKey, unknown>;
  let closed = false;
  let ended = false;

  const begin = (iteration: Iteration): void => {
    if (closed || iteration.returned || iteration.cleanedUp) {
      reporter.violation(
        "TSGI_E_ITERATE_AFTER_CLOSE",
        `The server asked the body for another chunk after it ${closed ? "called close()" : "called return()"}; a closed body must not be iterated again.`,
      );
    }
    iteration.started = true;
  };
  const step = (iteration: Iteration, result: IteratorResult<unknown>): void => {
    if (result.done) {
      iteration.finished = true;
      if (!ended) {
        ended = true;
        events.end();
      }
      return;
    }
    try {
      events.chunk(result.value);
    } catch (error) {
      iteration.abandoned = true;
      throw error;
    }
  };
  /** True when the server's return() should reach the app's iterator. */
  const mayReturn = (iteration: Iteration): boolean => {
    if (iteration.returned) {
      reporter.violation(
        "TSGI_E_ITERATOR_RETURNED_TWICE",
        "The server called return() on the body's iterator a second time; the body must be closed exactly once.",
      );
      return false;
    }
    iteration.returned = true;
    return !iteration.cleanedUp;
  };
  const track = (inner: Iteration["inner"]): Iteration => {
    const iteration: Iteration = {
      inner,
      started: false,
      finished: false,
      returned: false,
      abandoned: false,
      cleanedUp: false,
    };
    iterations.push(iteration);
    return iteration;
  };

  function syncIterator(): Iterator<Uint8Array> {
    const inner = (body as Iterable<unknown>)[Symbol.iterator]();
    const iteration = track(inner);
    return {
      next() {
        begin(iteration);
        let result: IteratorResult<unknown>;
        try {
          result = inner.next();
        } catch (error) {
          iteration.finished = true;
          throw error;
        }
        step(iteration, result);
        return result as IteratorResult<Uint8Array>;
      },
      return(value?: unknown) {
        if (!mayReturn(iteration) || !inner.return) return { done: true, value };
        return inner.return(value) as IteratorResult<Uint8Array>;
      },
    };
  }

  function asyncIterator(): AsyncIterator<Uint8Array> {
    const inner = (body as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    const iteration = track(inner);
    return {
      async next() {
        begin(iteration);
        let result: IteratorResult<unknown>;
        try {
          result = await inner.next();
        } catch (error) {
          iteration.finished = true;
          throw error;
        }
        step(iteration, result);
        return result as IteratorResult<Uint8Array>;
      },
      async return(value?: unknown) {
        if (!mayReturn(iteration) || !inner.return) return { done: true, value };
        return (await inner.return(value)) as IteratorResult<Uint8Array>;
      },
    };
  }

  function close(): unknown {
    if (closed) {
      reporter.violation(
        "TSGI_E_BODY_CLOSED_TWICE",
        "The server called the body's close() a second time; it must close every body exactly once.",
      );
      return undefined;
    }
    closed = true;
    events.closed();
    const forgotten = iterations.some(
      (it) => it.started && !it.finished && !it.returned && !it.abandoned,
    );
    // Finish what the server left open, so the app's finally blocks run before its close().
    const cleanups = iterations
      .filter((it) => !it.finished && !it.returned && !it.cleanedUp)
      .map((it) => () => {
        it.cleanedUp = true;
        return it.inner.return?.();
      });
    const ownClose = target.close;
    return runInOrder([
      ...cleanups,
      () => (typeof ownClose === "function" ? (ownClose as AnyFunction).call(body) : undefined),
      () => {
        if (!forgotten) return;
        reporter.violation(
          "TSGI_E_ITERATOR_NOT_RETURNED",
          "The server closed the body while an iteration was unfinished, without calling the iterator's return() first; call return() and then close(), so the app's generator runs its finally blocks.",
        );
      },
    ]);
  }

  const overrides = new Map<PropertyKey, unknown>([["close", close]]);
  if (typeof target[Symbol.iterator] === "function") overrides.set(Symbol.iterator, syncIterator);
  if (typeof target[Symbol.asyncIterator] === "function") {
    overrides.set(Symbol.asyncIterator, asyncIterator);
  }
  // A frozen own property cannot be overridden by a Proxy (its invariants forbid it): use a
  // plain wrapper for such rare bodies, giving up only what the Proxy would have kept.
  if ([...overrides.keys()].some((key) => isFrozenProperty(body, key))) {
    return Object.fromEntries(overrides) as unknown as Body;
  }
  const bound = new WeakMap<AnyFunction, AnyFunction>();
  return new Proxy(body, {
    get(object, key) {
      if (overrides.has(key)) return overrides.get(key);
      // Run getters and methods against the original: classes with #private fields and
      // platform objects (ReadableStream) reject any other `this`.
      const value = Reflect.get(object, key, object) as unknown;
      if (typeof value !== "function" || key === "constructor" || isFrozenProperty(object, key)) {
        return value;
      }
      let method = bound.get(value as AnyFunction);
      if (method === undefined) {
        method = (value as AnyFunction).bind(object) as AnyFunction;
        bound.set(value as AnyFunction, method);
      }
      return method;
    },
    has(object, key) {
      return overrides.has(key) || Reflect.has(object, key);
    },
  }) as Body;
}

function isFrozenProperty(object: object, key: PropertyKey): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  return descriptor !== undefined && !descriptor.configurable && descriptor.writable === false;
}
