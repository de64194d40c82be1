/**
 * What is this export? The CLI serves TSGI apps, and turns other well-known shapes into one.
 * Each shape is one {@link AppDetector}; Express, Fastify and the Flask-/Django-style apps
 * add theirs to {@link APP_DETECTORS} as their packages arrive.
 */
import { fromFetch, type App } from "@tsgi/core";

/** Recognises one kind of export and turns it into a TSGI app. */
export interface AppDetector {
  /** What the export was, for messages ("TSGI app", "fetch handler"). */
  readonly kind: string;
  /** A TSGI app when `value` has this detector's shape, otherwise undefined. */
  detect(value: unknown): App | undefined;
}

/** A detected app and what it was detected as. */
export interface DetectedApp {
  app: App;
  kind: string;
}

type FetchHandler = Parameters<typeof fromFetch>[0];

/** `{ fetch(request) }`, as Hono, Bun and Deno serve it: bridged with `fromFetch`. */
export const fetchHandlerDetector: AppDetector = {
  kind: "fetch handler",
  detect(value) {
    if (typeof value !== "object" || value === null || !("fetch" in value)) return undefined;
    const handler = value.fetch;
    if (typeof handler !== "function") return undefined;
    // Bound, because handlers such as Hono's read their router from `this`.
    return fromFetch(handler.bind(value) as FetchHandler);
  },
};

/**
 * Any other function is taken as a TSGI app: arity says nothing (`(...args) => …` wrappers
 * have length 0). Classes are functions too, but never apps.
 */
export const tsgiAppDetector: AppDetector = {
  kind: "TSGI app",
  detect(value) {
    if (typeof value !== "function" || isClass(value)) return undefined;
    return value as App;
  },
};

/**
 * Detectors in the order they are tried. Specific shapes come first: an Express app is a
 * function too, so its detector must precede {@link tsgiAppDetector}.
 */
export const APP_DETECTORS: readonly AppDetector[] = [fetchHandlerDetector, tsgiAppDetector];

/**
 * The first detector's app for `value`, or undefined when nothing recognises it.
 *
 * @example
 * import { detectApp } from "@tsgi/server/cli";
 * const detected = detectApp({ fetch: () => new Response("hi") });
 * detected?.kind; // "fetch handler"
 * detectApp(42); // undefined
 */
export function detectApp(
  value: unknown,
  detectors: readonly AppDetector[] = APP_DETECTORS,
): DetectedApp | undefined {
  for (const detector of detectors) {
    const app = detector.detect(value);
    if (app !== undefined) return { app, kind: detector.kind };
  }
  return undefined;
}

/** How an app looks, for the message when an export is not one. */
export const APP_SHAPES =
  "export a TSGI app, (environ, startResponse) => body, or a fetch handler, { fetch(request) }";

/**
 * Says what a value is in a few words, for error messages: "a number (42)", "a class (Db)",
 * "an object with keys port, host".
 *
 * @example
 * import { describeValue } from "@tsgi/server/cli";
 * describeValue(42); // "a number (42)"
 * describeValue({ port: 1 }); // "an object with keys port"
 */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "undefined":
      return "undefined";
    case "number":
    case "boolean":
    case "bigint":
      return `a ${typeof value} (${String(value)})`;
    case "string":
      return `a string (${JSON.stringify(truncate(value, 40))})`;
    case "symbol":
      return `a symbol (${value.toString()})`;
    case "function":
      return isClass(value) ? `a class (${value.name || "anonymous"})` : "a function";
    default:
      return describeObject(value);
  }
}

function describeObject(value: object): string {
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (typeof (value as { then?: unknown }).then === "function") {
    return "a Promise (await it at the top level of the module and export the result)";
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === "string" && name !== "") return `an instance of ${name}`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return "an empty object";
  const shown = keys.slice(0, 5).join(", ");
  return `an object with keys ${shown}${keys.length > 5 ? ", …" : ""}`;
}

function isClass(value: unknown): boolean {
  return typeof value === "function" && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
