/**
 * What `tsgi-flask` needs of an app, as a structural type: the CLI recognises an app by its
 * shape, so it works with any copy of `@tsgi/flask` (the same reason `tsgi serve` never uses
 * `instanceof` on Express apps).
 */
import type { App } from "@tsgi/core";
import type { RegisteredCommand } from "./commands.ts";
import type { RouteRow } from "./routes.ts";

/** The parts of a `Flask` app the CLI uses. */
export interface CliApp {
  /** The app as a TSGI callable, what the servers host. */
  readonly tsgiApp: App;
  /** The URL map, for `tsgi-flask routes`. */
  readonly urlMap: { iterRules(): Iterable<RouteRow> };
  /**
   * The app's own commands (`app.cli.command(...)`, a `CommandRegistry`); optional for
   * apps built without one. Only `list()` is read, so any registry of that shape works.
   */
  readonly cli?: { list(): readonly RegisteredCommand<never>[] } | undefined;
  /** Debug mode (`app.debug`), switched on by `--debug` / `FLASK_DEBUG`. */
  debug?: boolean;
  /**
   * A new app context (Flask's `app.app_context()`); its `run(fn)` runs `fn` inside it, so a
   * command can use `g` and `currentApp`. Optional: without it, commands run as plain functions.
   */
  appContext?: () => { run<T>(fn: () => T | Promise<T>): Promise<T> };
}

/**
 * Whether `value` looks like a Flask app: an object whose `tsgiApp` is a function and whose
 * `urlMap` can list its rules.
 *
 * @example
 * isFlaskApp(new Flask("blog")); // true
 * isFlaskApp((environ, startResponse) => []); // false: a bare TSGI app, serve it with `tsgi serve`
 */
export function isFlaskApp(value: unknown): value is CliApp {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { tsgiApp?: unknown; urlMap?: { iterRules?: unknown } | null };
  return (
    typeof candidate.tsgiApp === "function" &&
    typeof candidate.urlMap === "object" &&
    candidate.urlMap !== null &&
    typeof candidate.urlMap.iterRules === "function"
  );
}
