/**
 * What is this export? The CLI serves TSGI apps, and turns other well-known shapes into one.
 * Each shape is one {@link AppDetector}, tried in the order of {@link APP_DETECTORS}. Express
 * and Fastify are recognised by shape, never by `instanceof` (the user's copy of Express is not
 * this repository's), and adapted by importing `@tsgi/express` / `@tsgi/fastify` only then:
 * @tsgi/server does not depend on the adapters (they depend on it), so a project that never
 * serves an Express app never installs them.
 */
import { fromFetch, type App } from "@tsgi/core";
import { CliError } from "./errors.ts";

/** Recognises one kind of export and turns it into a TSGI app. */
export interface AppDetector {
  /** What the export was, for messages ("TSGI app", "fetch handler"). */
  readonly kind: string;
  /**
   * A TSGI app (or a promise of one, when an adapter must be imported first) when `value` has
   * this detector's shape, otherwise undefined.
   */
  detect(value: unknown): App | Promise<App> | undefined;
}

/** A detected app and what it was detected as. */
export interface DetectedApp {
  app: App;
  kind: string;
}

type FetchHandler = Parameters<typeof fromFetch>[0];

/** Imports a module by name; replaceable in tests, to play a missing package. */
export type ModuleImporter = (specifier: string) => Promise<Record<string, unknown>>;

const importByName: ModuleImporter = (specifier) =>
  import(specifier) as Promise<Record<string, unknown>>;

/** What {@link adapterDetector} needs to know about one framework. */
export interface AdapterDetectorOptions {
  /** What the export is, for messages ("Express app"). */
  kind: string;
  /** Whether `value` looks like one of this framework's apps. */
  matches(value: unknown): boolean;
  /** The adapter package (`@tsgi/express`) and its function that makes a TSGI app. */
  specifier: string;
  exportName: string;
  /** What to `npm install` when the adapter is missing. */
  install: string;
  importModule?: ModuleImporter;
}

/**
 * A detector for a framework app that an adapter package turns into a TSGI app. The adapter is
 * imported only when an export matches; when it is not installed, detection fails with one
 * line naming the package to install (`TSGI_E_CLI_ADAPTER_MISSING`).
 *
 * @example
 * const koa = adapterDetector({
 *   kind: "Koa app",
 *   matches: (value) => typeof value === "object" && value !== null && "callback" in value,
 *   specifier: "tsgi-koa",
 *   exportName: "fromKoa",
 *   install: "tsgi-koa",
 * });
 * await detectApp(myKoaApp, [koa, ...APP_DETECTORS]);
 */
export function adapterDetector(options: AdapterDetectorOptions): AppDetector {
  const importModule = options.importModule ?? importByName;
  return {
    kind: options.kind,
    detect(value) {
      if (!options.matches(value)) return undefined;
      return importModule(options.specifier).then(
        (module) => {
          const adapt = module[options.exportName];
          if (typeof adapt !== "function") {
            throw new CliError(
              "TSGI_E_CLI_ADAPTER_MISSING",
              `${options.specifier} has no ${options.exportName} export (is its version too old?)`,
            );
          }
          return (adapt as (framework: unknown) => App)(value);
        },
        (error: unknown) => {
          const code = (error as { code?: unknown } | null)?.code;
          // Only the adapter itself being missing gets this message: an error *inside* the
          // adapter (one of its own imports missing, say) is shown as it is.
          if (code === "ERR_MODULE_NOT_FOUND" && String(error).includes(options.specifier)) {
            throw new CliError(
              "TSGI_E_CLI_ADAPTER_MISSING",
              `serving ${withArticle(options.kind)} needs the ${options.specifier} adapter: npm install ${options.install}`,
            );
          }
          throw error;
        },
      );
    },
  };
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
}

function hasMethods(value: unknown, names: readonly string[]): boolean {
  if ((typeof value !== "function" && typeof value !== "object") || value === null) return false;
  const record = value as Record<string, unknown>;
  return names.every((name) => typeof record[name] === "function");
}

/**
 * Whether `value` is shaped like an Express app (4 or 5): the app is itself a function
 * `(req, res, next)` carrying `handle`, `use`, `set` and `listen`. A Router has `handle` and
 * `use` but no `set`/`listen`, so it is not taken for an app.
 *
 * @example
 * isExpressApp(express()); // true
 * isExpressApp(express.Router()); // false
 */
export function isExpressApp(value: unknown): boolean {
  return typeof value === "function" && hasMethods(value, ["handle", "use", "set", "listen"]);
}

/**
 * Whether `value` is shaped like a Fastify instance (4 or 5): an object with `routing`,
 * `ready`, `register`, `inject` and a `server` (its node:http server, not yet listening).
 *
 * @example
 * isFastifyInstance(Fastify()); // true
 */
export function isFastifyInstance(value: unknown): boolean {
  return (
    typeof value === "object" &&
    hasMethods(value, ["routing", "ready", "register", "inject"]) &&
    typeof (value as { server?: unknown }).server === "object"
  );
}

/** An Express app, adapted with `fromExpress` from `@tsgi/express`. */
export const expressAppDetector: AppDetector = adapterDetector({
  kind: "Express app",
  matches: isExpressApp,
  specifier: "@tsgi/express",
  exportName: "fromExpress",
  install: "@tsgi/express",
});

/** A Fastify instance, adapted with `fromFastify` from `@tsgi/fastify` (which awaits `ready()`). */
export const fastifyInstanceDetector: AppDetector = adapterDetector({
  kind: "Fastify instance",
  matches: isFastifyInstance,
  specifier: "@tsgi/fastify",
  exportName: "fromFastify",
  install: "@tsgi/fastify",
});

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
 * A framework app object that carries its TSGI app as `tsgiApp`, as Flask's app carries
 * `wsgi_app`: `@tsgi/flask`'s `Flask` instances (and any framework that follows the
 * convention). Bound by the framework, so it is served as it is.
 */
export const frameworkAppDetector: AppDetector = {
  kind: "framework app (tsgiApp)",
  detect(value) {
    if (typeof value !== "object" || value === null || !("tsgiApp" in value)) return undefined;
    const app = value.tsgiApp;
    return typeof app === "function" ? (app as App) : undefined;
  },
};

/**
 * Any other function is taken as a TSGI app: arity says nothing (`(...args) => …` wrappers
 * have length 0). Classes are functions too, but never apps; nor is an Express Router (a
 * function with `handle` and `use`, but no `listen`): it would be called with the wrong
 * arguments, so the CLI refuses it and says what it saw instead.
 */
export const tsgiAppDetector: AppDetector = {
  kind: "TSGI app",
  detect(value) {
    if (typeof value !== "function" || isClass(value)) return undefined;
    if (hasMethods(value, ["handle", "use"])) return undefined;
    return value as App;
  },
};

/**
 * Detectors in the order they are tried. Specific shapes come first: an Express app is a
 * function too, so its detector must precede {@link tsgiAppDetector}; a Fastify instance and a
 * fetch handler are objects and cannot be confused with each other or with a function.
 */
export const APP_DETECTORS: readonly AppDetector[] = [
  expressAppDetector,
  fastifyInstanceDetector,
  fetchHandlerDetector,
  frameworkAppDetector,
  tsgiAppDetector,
];

/**
 * The first detector's app for `value`, or undefined when nothing recognises it. Async,
 * because an Express app or a Fastify instance is adapted by importing its adapter package;
 * rejects with a {@link CliError} (`TSGI_E_CLI_ADAPTER_MISSING`) when that is not installed.
 *
 * @example
 * import { detectApp } from "@tsgi/server/cli";
 * const detected = await detectApp({ fetch: () => new Response("hi") });
 * detected?.kind; // "fetch handler"
 * await detectApp(42); // undefined
 */
export async function detectApp(
  value: unknown,
  detectors: readonly AppDetector[] = APP_DETECTORS,
): Promise<DetectedApp | undefined> {
  for (const detector of detectors) {
    const app = detector.detect(value);
    if (app !== undefined) return { app: await app, kind: detector.kind };
  }
  return undefined;
}

/** How an app looks, for the message when an export is not one. */
export const APP_SHAPES =
  "export a TSGI app, (environ, startResponse) => body, an Express app, a Fastify instance, " +
  "a fetch handler, { fetch(request) }, or a framework app with a tsgiApp (a Flask-style app)";

/**
 * Says what a value is in a few words, for error messages: "a number (42)", "a class (Db)",
 * "an object with keys port, host", "an instance of Server with keys port".
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
      if (isClass(value)) return `a class (${value.name || "anonymous"})`;
      // Keys tell a half-built app apart (an Express Router has `use` but no `listen`).
      return `a function${value.name ? ` (${value.name})` : ""}${withKeys(value)}`;
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
    if (typeof name === "string" && name !== "") return `an instance of ${name}${withKeys(value)}`;
  }
  if (Object.keys(value).length === 0) return "an empty object";
  return `an object${withKeys(value)}`;
}

function withKeys(value: object): string {
  const keys = Object.keys(value);
  if (keys.length === 0) return "";
  return ` with keys ${keys.slice(0, 5).join(", ")}${keys.length > 5 ? ", …" : ""}`;
}

function isClass(value: unknown): boolean {
  return typeof value === "function" && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
