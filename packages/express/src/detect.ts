import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The part of an Express application (4 or 5) the adapter uses. Declared here rather than
 * imported from `express`, so the adapter works with whichever copy the user installed.
 */
export interface ExpressAppLike {
  (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void;
  use(...args: unknown[]): unknown;
  set(setting: string, value?: unknown): unknown;
}

/**
 * True for an Express application of any version, recognised by its shape: a request
 * listener function with `handle`, `use` and `set`. Never `instanceof`: the user's Express
 * is not this repository's copy.
 *
 * @example
 * import express from "express";
 * isExpressApp(express()); // true
 * isExpressApp((req, res) => res.end()); // false: a plain listener
 */
export function isExpressApp(value: unknown): value is ExpressAppLike {
  if (typeof value !== "function") return false;
  const app = value as unknown as Record<string, unknown>;
  return (
    typeof app.handle === "function" &&
    typeof app.use === "function" &&
    typeof app.set === "function" &&
    typeof app.get === "function"
  );
}

/**
 * Thrown by `fromExpress` for something that is not an Express application.
 *
 * @example
 * try { fromExpress({} as never); } catch (error) { (error as NotAnExpressAppError).code; }
 */
export class NotAnExpressAppError extends TypeError {
  readonly code = "TSGI_E_NOT_EXPRESS_APP";

  constructor(value: unknown) {
    super(`fromExpress() expects an Express application (express()), got ${describe(value)}`);
    this.name = "NotAnExpressAppError";
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "function")
    return `a function ${value.name || "(anonymous)"} without handle/use/set`;
  if (typeof value === "object")
    return `an object with keys ${Object.keys(value).slice(0, 5).join(", ") || "(none)"}`;
  return typeof value;
}
