/**
 * A problem the person running `tsgi` can fix: a bad option, a module that cannot be loaded,
 * an export that is not an app. The CLI prints its message as one line after `tsgi: ` (no
 * stack trace: the stack would point into the CLI, not at the mistake) and exits with
 * {@link CliError.exitCode}.
 *
 * Tests assert {@link CliError.code}, never the wording.
 *
 * @example
 * import { CliError } from "@tsgi/server/cli";
 * const error = new CliError("TSGI_E_CLI_BAD_PORT", 'invalid port "x"');
 * error.exitCode; // 2
 */
export class CliError extends Error {
  readonly code: CliErrorCode;
  /** 2 for usage and loading errors (as in most CLIs), 1 for failures at run time. */
  readonly exitCode: number;

  constructor(code: CliErrorCode, message: string, options?: { exitCode?: number }) {
    super(message);
    this.name = "CliError";
    this.code = code;
    this.exitCode = options?.exitCode ?? 2;
  }
}

/** Stable codes of every error the CLI reports. */
export type CliErrorCode =
  | "TSGI_E_CLI_USAGE"
  | "TSGI_E_CLI_BAD_PORT"
  | "TSGI_E_CLI_BAD_HOST"
  | "TSGI_E_CLI_BAD_BOOLEAN"
  | "TSGI_E_CLI_BAD_VALUE"
  | "TSGI_E_CLI_CONFIG"
  | "TSGI_E_CLI_CONFIG_KEY"
  | "TSGI_E_CLI_LOG_FILE"
  | "TSGI_E_CLI_TLS"
  | "TSGI_E_UNKNOWN_SERVER"
  | "TSGI_E_CLI_MODULE_NOT_FOUND"
  | "TSGI_E_CLI_MODULE_TYPE"
  | "TSGI_E_CLI_MODULE_IMPORT"
  | "TSGI_E_CLI_EXPORT_MISSING"
  | "TSGI_E_CLI_NOT_AN_APP"
  | "TSGI_E_CLI_ADAPTER_MISSING"
  | "TSGI_E_CLI_LISTEN";

/**
 * Turns any thrown value into one line of text: error messages from compilers and loaders
 * often span lines (esbuild's "Transform failed with 1 error:\n…"), and the CLI promises one.
 *
 * @example
 * import { oneLine } from "@tsgi/server/cli";
 * oneLine(new TypeError("bad\n  thing")); // "TypeError: bad thing"
 */
export function oneLine(value: unknown): string {
  const text =
    value instanceof Error
      ? `${value.name === "Error" ? "" : `${value.name}: `}${value.message}`
      : String(value);
  return text.replace(/\s*\r?\n\s*/g, " ").trim();
}
