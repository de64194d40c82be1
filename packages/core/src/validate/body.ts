import type { Body } from "../types.ts";
import { describe } from "./error.ts";
import type { Reporter } from "./report.ts";

const isIterable = (value: object): boolean =>
  typeof (value as Partial<Iterable<unknown>>)[Symbol.iterator] === "function" ||
  typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === "function";

/** A hint for the mistakes learners actually make when a body is not iterable. */
function notIterableHint(value: unknown): string {
  if (value === undefined) return " Did the app forget to return its body?";
  if (typeof value === "function") {
    return " Is it a generator function? Call it: return body(), not return body.";
  }
  if (typeof Response === "function" && value instanceof Response) {
    return " A fetch Response is not a TSGI body; bridge fetch-style handlers with @tsgi/core/fetch.";
  }
  if (value instanceof ArrayBuffer) return " Wrap it: [new Uint8Array(buffer)].";
  return "";
}

/**
 * App-side checks of what the app returned (after awaiting it). True when the value is an
 * object the validator can wrap; false in report mode for values it passes through as they are.
 */
export function checkBody(value: unknown, reporter: Reporter): value is Body & object {
  if (typeof value === "string") {
    reporter.violation(
      "TSGI_E_BODY_STRING",
      `The app returned ${describe(value)} as its body; bodies are bytes: return [new TextEncoder().encode(text)].`,
    );
    return false;
  }
  if (value instanceof Uint8Array) {
    reporter.violation(
      "TSGI_E_BODY_BYTES",
      `The app returned ${describe(value)} as its body; iterating a Uint8Array gives numbers, one per byte. Return [bytes] instead.`,
    );
    return false;
  }
  if (typeof value !== "object" || value === null || !isIterable(value)) {
    reporter.violation(
      "TSGI_E_BODY_NOT_ITERABLE",
      `The app returned ${describe(value)} as its body; expected an Iterable or AsyncIterable of Uint8Array, e.g. [bytes] or an async generator.${notIterableHint(value)}`,
    );
    return false;
  }
  const close = (value as { close?: unknown }).close;
  if (close !== undefined && typeof close !== "function") {
    reporter.violation(
      "TSGI_E_BODY_CLOSE_NOT_FUNCTION",
      `The app's body has a close property that is ${describe(close)}; servers call body.close() when present, so it must be a function (or absent).`,
    );
    return false;
  }
  return true;
}
