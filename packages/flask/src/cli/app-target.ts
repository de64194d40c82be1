/**
 * `--app` / `FLASK_APP` values, as Flask spells them: `path/to/module.ts`, `module.ts:name`, or
 * `module.ts:factory(args)`. Pure: no file system, so every form is unit-tested.
 */
import { FlaskCliError } from "./errors.ts";

/** What `--app` names. */
export interface AppTarget {
  /** The module path as written (a file, a file without extension, or a directory). */
  module: string;
  /** The export after `:`; undefined lets discovery choose (see `locateApp`). */
  name: string | undefined;
  /**
   * Arguments for a factory call (`:createApp("dev")`), parsed as JSON values; undefined when
   * the target has no parentheses (then a factory is called without arguments).
   */
  args: unknown[] | undefined;
}

// The first ":" followed by an identifier (and an optional call) up to the end: a colon inside
// the arguments (`createApp({"TESTING": true})`) or a Windows drive (`C:\app`) is not it.
const TARGET = /^(.+?):([A-Za-z_$][\w$]*)(?:\((.*)\))?$/s;

/**
 * Splits an `--app` value. Factory arguments are JSON literals (strings in double quotes,
 * numbers, `true`, `null`, arrays, objects) — Flask accepts Python literals the same way.
 *
 * @throws FlaskCliError `FLASK_E_CLI_APP_TARGET` for an empty value or arguments that are not
 *   JSON literals.
 *
 * @example
 * parseAppTarget("src/flaskr");                    // { module: "src/flaskr", name: undefined, args: undefined }
 * parseAppTarget("hello.ts:app2");                 // { module: "hello.ts", name: "app2", args: undefined }
 * parseAppTarget('src/flaskr:createApp({"TESTING": true})');
 * // { module: "src/flaskr", name: "createApp", args: [{ TESTING: true }] }
 */
export function parseAppTarget(value: string): AppTarget {
  const text = value.trim();
  if (text === "") {
    throw new FlaskCliError("FLASK_E_CLI_APP_TARGET", "--app needs a module path");
  }
  const match = TARGET.exec(text);
  if (match === null) {
    if (/:[^\\/]*\(/.test(text) || text.endsWith(":")) {
      throw new FlaskCliError(
        "FLASK_E_CLI_APP_TARGET",
        `cannot read --app "${value}": expected <module>[:<name>] or <module>:<factory>(<args>)`,
      );
    }
    return { module: text, name: undefined, args: undefined };
  }
  const [, module = "", name, argsText] = match;
  return { module, name, args: argsText === undefined ? undefined : parseArgs(argsText, value) };
}

function parseArgs(argsText: string, value: string): unknown[] {
  if (argsText.trim() === "") return [];
  try {
    return JSON.parse(`[${argsText}]`) as unknown[];
  } catch (_error) {
    throw new FlaskCliError(
      "FLASK_E_CLI_APP_TARGET",
      `failed to parse the arguments in --app "${value}" as literal values (use JSON: "text", 1, true, {"KEY": "value"})`,
    );
  }
}

/**
 * How a target reads back in messages: `src/flaskr:createApp()`.
 *
 * @example
 * formatAppTarget({ module: "a.ts", name: "make", args: [1] }); // 'a.ts:make(1)'
 */
export function formatAppTarget(target: AppTarget): string {
  const name = target.name === undefined ? "" : `:${target.name}`;
  const args =
    target.args === undefined
      ? ""
      : `(${target.args.map((arg) => JSON.stringify(arg)).join(", ")})`;
  return `${target.module}${name}${args}`;
}
