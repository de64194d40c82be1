import { isFileBody } from "@tsgi/core";
import { codedError } from "./errors.ts";
import { stackOf } from "./exchange-helpers.ts";
import { failExchange } from "./failure.ts";
import type { Exchange } from "./exchange.ts";
import { sendFileBody } from "./file-body.ts";

type AnyIterator = Iterator<unknown> | AsyncIterator<unknown>;

/**
 * Sends the body the app returned and closes it exactly once, whatever happens: normal end,
 * an app error, a client gone mid-stream. Chunks are pulled one at a time and only when node
 * can take more (`write()` false → wait for 'drain'), so a slow client holds the body back
 * instead of the server buffering it (hono node-server #34).
 */
export async function sendBody(exchange: Exchange, body: unknown): Promise<void> {
  let iterator: AnyIterator | undefined;
  // True once the iterator has nothing left to clean up: it said done, or next() threw.
  let finished = false;
  try {
    // The client left while the app was working: nothing to send, but still close the body.
    if (exchange.aborted) return;
    checkBody(body);
    if (isFileBody(body)) {
      await sendFileBody(exchange, body);
    } else {
      if (Array.isArray(body) && exchange.head?.contentLength === undefined) {
        // A list of chunks has a known length: sending it lets HTTP/1.0 keep-alive work and
        // spares chunked framing (PEP 3333 allows the server to compute it).
        exchange.knownLength = arrayLength(body);
      }
      if (!exchange.sendsNoBody()) {
        if (Symbol.asyncIterator in body) {
          const asyncIterator = (body as AsyncIterable<unknown>)[Symbol.asyncIterator]();
          iterator = asyncIterator;
          for (;;) {
            let step: IteratorResult<unknown>;
            try {
              step = await asyncIterator.next();
            } catch (error) {
              finished = true; // a generator that threw is already closed
              throw error;
            }
            if (step.done === true) {
              finished = true;
              break;
            }
            if (!pushChunk(exchange, step.value)) await exchange.drained();
            if (exchange.stopped || exchange.sendsNoBody()) break;
          }
        } else if (Array.isArray(body)) {
          // The common case (a list of chunks) without an iterator object: nothing to return().
          for (let index = 0; index < body.length; index++) {
            if (!pushChunk(exchange, body[index])) await exchange.drained();
            if (exchange.stopped || exchange.sendsNoBody()) break;
          }
        } else {
          const syncIterator = (body as Iterable<unknown>)[Symbol.iterator]();
          iterator = syncIterator;
          for (;;) {
            let step: IteratorResult<unknown>;
            try {
              step = syncIterator.next();
            } catch (error) {
              finished = true;
              throw error;
            }
            if (step.done === true) {
              finished = true;
              break;
            }
            if (!pushChunk(exchange, step.value)) await exchange.drained();
            if (exchange.stopped || exchange.sendsNoBody()) break;
          }
        }
      }
    }
    exchange.end();
  } catch (error) {
    failExchange(exchange, error);
  } finally {
    if (needsClosing(body, iterator, finished)) await closeBody(exchange, body, iterator, finished);
  }
}

// Most bodies (arrays) have nothing to close: skipping the async call spares a promise chain.
function needsClosing(
  body: unknown,
  iterator: AnyIterator | undefined,
  finished: boolean,
): boolean {
  if (iterator !== undefined && !finished && typeof iterator.return === "function") return true;
  return typeof (body as { close?: unknown } | null | undefined)?.close === "function";
}

/** PEP 3333's close(): the iterator's `return()` if iteration stopped early, then `close()`. */
async function closeBody(
  exchange: Exchange,
  body: unknown,
  iterator: AnyIterator | undefined,
  finished: boolean,
): Promise<void> {
  if (iterator !== undefined && !finished && typeof iterator.return === "function") {
    try {
      await iterator.return();
    } catch (error) {
      exchange.log(
        "ERROR",
        `the body's return() failed for ${exchange.requestLine}\n${stackOf(error)}`,
      );
    }
  }
  const close = (body as { close?: unknown } | null | undefined)?.close;
  if (typeof close === "function") {
    try {
      await close.call(body);
    } catch (error) {
      exchange.log(
        "ERROR",
        `the body's close() failed for ${exchange.requestLine}\n${stackOf(error)}`,
      );
    }
  }
}

function pushChunk(exchange: Exchange, chunk: unknown): boolean {
  if (!(chunk instanceof Uint8Array)) throw invalidChunk(chunk);
  // An empty chunk is not a reason to send headers: the app may still switch to an error.
  if (chunk.byteLength === 0) return true;
  return exchange.send(chunk);
}

function checkBody(body: unknown): asserts body is object {
  if (typeof body === "string") {
    throw invalidBody(
      "the app returned a string; return an iterable of Uint8Array chunks, e.g. [new TextEncoder().encode(text)]",
    );
  }
  if (body instanceof Uint8Array) {
    throw invalidBody(
      "the app returned a bare Uint8Array, which iterates numbers; return [bytes] instead",
    );
  }
  if (
    body === null ||
    typeof body !== "object" ||
    !(Symbol.iterator in body || Symbol.asyncIterator in body)
  ) {
    throw invalidBody(`the app returned ${describe(body)}, not an iterable of Uint8Array chunks`);
  }
}

function arrayLength(chunks: readonly unknown[]): number {
  let length = 0;
  for (const chunk of chunks) {
    if (!(chunk instanceof Uint8Array)) throw invalidChunk(chunk);
    length += chunk.byteLength;
  }
  return length;
}

function invalidBody(message: string): TypeError {
  return codedError(TypeError, "TSGI_E_INVALID_BODY", message);
}

function invalidChunk(chunk: unknown): TypeError {
  const hint = typeof chunk === "string" ? " (encode strings with TextEncoder)" : "";
  return codedError(
    TypeError,
    "TSGI_E_INVALID_CHUNK",
    `body chunks must be Uint8Array, got ${describe(chunk)}${hint}`,
  );
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  return (value as object).constructor?.name ?? "an object";
}
