/**
 * Finds the app `tsgi-flask` works on, by Flask's discovery rules (flask/cli.py
 * `find_best_app` / `find_app_by_string`), with TypeScript's names:
 *
 * 1. The module: `--app`, else `FLASK_APP`, else `wsgi.ts` or `app.ts` in the working directory.
 *    A directory stands for its `index.ts` (a Python package's `__init__.py`).
 * 2. With `:name`, that export: an app as it is, or a factory called with the given arguments
 *    (`:createApp("dev")`) or none; it must give an app (a promise of one is awaited).
 * 3. Without a name: an export called `app` or `application` that is an app; else the only
 *    export that is an app (two or more is an error naming them); else a factory called
 *    `createApp` or `makeApp` (`create_app`/`make_app` too), called without arguments.
 */
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { oneLine, resolveModulePath } from "@tsgi/server/cli";
import { formatAppTarget, parseAppTarget, type AppTarget } from "./app-target.ts";
import { FlaskCliError } from "./errors.ts";
import { isFlaskApp, type CliApp } from "./types.ts";

/**
 * Modules tried when neither `--app` nor `FLASK_APP` says where the app is (Flask: wsgi.py,
 * app.py).
 *
 * @example
 * DEFAULT_APP_MODULES; // ["wsgi", "app"]: wsgi.ts, then app.ts (or .mts, .js, .mjs)
 */
export const DEFAULT_APP_MODULES: readonly string[] = ["wsgi", "app"];
/**
 * Export names taken as the app, in order, when the target names none.
 *
 * @example
 * APP_NAMES; // ["app", "application"]
 */
export const APP_NAMES: readonly string[] = ["app", "application"];
/**
 * Factory names called without arguments when no export is an app.
 *
 * @example
 * FACTORY_NAMES[0]; // "createApp"
 */
export const FACTORY_NAMES: readonly string[] = ["createApp", "makeApp", "create_app", "make_app"];

/** The located app and how to name it in messages. */
export interface LocatedApp {
  app: CliApp;
  /** The target as found, e.g. `src/flaskr:createApp()`. */
  label: string;
  /** Absolute path of the module file that was imported. */
  path: string;
}

/**
 * Locates and loads the app. `value` is `--app` (or `FLASK_APP`); undefined looks for the
 * default modules in `cwd`.
 *
 * @throws FlaskCliError (exit 2) with one line saying what was looked for and what was found.
 *
 * @example
 * const { app, label } = await locateApp("src/flaskr", process.cwd());
 * label; // "src/flaskr:createApp()"
 */
export async function locateApp(value: string | undefined, cwd: string): Promise<LocatedApp> {
  const { target, path } = resolveAppModule(value, cwd);
  const namespace = await importModule(path, target.module);
  if (target.name !== undefined) {
    const app = await appFromName(namespace, target);
    return { app, label: formatAppTarget(target), path };
  }
  const found = await findBestApp(namespace, target.module);
  return { app: found.app, label: `${target.module}:${found.how}`, path };
}

/**
 * Where the app's module is, without importing it (the reloader watches its directory and
 * must not run the app's top-level code itself).
 *
 * @throws FlaskCliError `FLASK_E_CLI_NO_APP` when there is no such module.
 *
 * @example
 * resolveAppModule("src/flaskr", "/srv/blog").path; // "/srv/blog/src/flaskr/index.ts"
 */
export function resolveAppModule(
  value: string | undefined,
  cwd: string,
): { target: AppTarget; path: string } {
  const target = value === undefined ? defaultTarget(cwd) : parseAppTarget(value);
  return { target, path: modulePath(target.module, cwd) };
}

function defaultTarget(cwd: string): AppTarget {
  for (const module of DEFAULT_APP_MODULES) {
    try {
      resolveModulePath(module, cwd);
      return { module, name: undefined, args: undefined };
    } catch (_missing) {
      // try the next one
    }
  }
  throw new FlaskCliError(
    "FLASK_E_CLI_NO_APP",
    "could not locate a Flask application: use the --app option, the FLASK_APP environment " +
      "variable, or a wsgi.ts or app.ts file in the current directory",
  );
}

/** The module file: the path itself, with an extension added, or a directory's index module. */
function modulePath(module: string, cwd: string): string {
  const absolute = resolve(cwd, module);
  if (statSync(absolute, { throwIfNoEntry: false })?.isDirectory() === true) {
    try {
      return resolveModulePath(join(absolute, "index"), cwd);
    } catch (_missing) {
      throw new FlaskCliError(
        "FLASK_E_CLI_NO_APP",
        `"${module}" is a directory without an index.ts (or .mts, .js, .mjs) module`,
      );
    }
  }
  try {
    return resolveModulePath(module, cwd);
  } catch (error) {
    throw new FlaskCliError("FLASK_E_CLI_NO_APP", oneLine((error as Error).message));
  }
}

async function importModule(path: string, module: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    // The file exists, so this is the module's own failure: a throw at the top level, a syntax
    // error, or one of its imports missing. tsx's preamble says nothing the message does not.
    const reason = oneLine(error).replace(
      /^TransformError: Transform failed with \d+ errors?: /,
      "",
    );
    throw new FlaskCliError(
      "FLASK_E_CLI_APP_IMPORT",
      `while importing "${module}", an error was raised: ${reason}`,
    );
  }
}

async function appFromName(namespace: Record<string, unknown>, target: AppTarget): Promise<CliApp> {
  const name = target.name as string;
  if (!Object.hasOwn(namespace, name)) {
    const exports = Object.keys(namespace).filter((key) => key !== "module.exports");
    throw new FlaskCliError(
      "FLASK_E_CLI_NO_APP",
      `failed to find export "${name}" in "${target.module}" (its exports: ${exports.join(", ") || "none"})`,
    );
  }
  const value = namespace[name];
  if (isFlaskApp(value)) {
    if (target.args !== undefined) {
      throw new FlaskCliError(
        "FLASK_E_CLI_APP_TARGET",
        `"${name}" in "${target.module}" is an app, not a factory: drop the parentheses`,
      );
    }
    return value;
  }
  if (typeof value !== "function") {
    throw new FlaskCliError(
      "FLASK_E_CLI_NO_APP",
      `a valid Flask application was not obtained from "${formatAppTarget(target)}": "${name}" is ${typeof value}`,
    );
  }
  const app = await callFactory(value, name, target.module, target.args ?? []);
  if (!isFlaskApp(app)) {
    throw new FlaskCliError(
      "FLASK_E_CLI_NO_APP",
      `a valid Flask application was not obtained from "${formatAppTarget(target)}"`,
    );
  }
  return app;
}

async function findBestApp(
  namespace: Record<string, unknown>,
  module: string,
): Promise<{ app: CliApp; how: string }> {
  for (const name of APP_NAMES) {
    const value = namespace[name];
    if (isFlaskApp(value)) return { app: value, how: name };
  }
  const apps = Object.entries(namespace).filter(([, value]) => isFlaskApp(value));
  if (apps.length === 1) {
    const [name, app] = apps[0] as [string, CliApp];
    return { app, how: name };
  }
  if (apps.length > 1) {
    throw new FlaskCliError(
      "FLASK_E_CLI_NO_APP",
      `detected multiple Flask applications in "${module}" (${apps.map(([name]) => name).join(", ")}): ` +
        `use "${module}:<name>" to choose one`,
    );
  }
  for (const name of FACTORY_NAMES) {
    const factory = namespace[name];
    if (typeof factory !== "function") continue;
    const app = await callFactory(factory, name, module, []);
    if (isFlaskApp(app)) return { app, how: `${name}()` };
    throw new FlaskCliError(
      "FLASK_E_CLI_NO_APP",
      `factory "${name}" in "${module}" did not return a Flask application: ` +
        `use "${module}:${name}(<args>)" to pass arguments`,
    );
  }
  throw new FlaskCliError(
    "FLASK_E_CLI_NO_APP",
    `failed to find a Flask application or factory in "${module}": export "app", or a ` +
      `"createApp" factory, or use "${module}:<name>"`,
  );
}

async function callFactory(
  factory: unknown,
  name: string,
  module: string,
  args: unknown[],
): Promise<unknown> {
  try {
    return await (factory as (...values: unknown[]) => unknown)(...args);
  } catch (error) {
    throw new FlaskCliError(
      "FLASK_E_CLI_FACTORY",
      `calling factory "${name}" of "${module}" failed: ${oneLine(error)}`,
    );
  }
}
