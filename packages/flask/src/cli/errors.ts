/**
 * A problem the person running `tsgi-flask` can fix: no app where they pointed, an unknown
 * command, a bad option. The CLI prints the message as one line after `tsgi-flask: ` (no stack
 * trace: it would point into the CLI, not at the mistake) and exits with
 * {@link FlaskCliError.exitCode}. Tests assert {@link FlaskCliError.code}, never the wording.
 *
 * @example
 * throw new FlaskCliError("FLASK_E_CLI_UNKNOWN_COMMAND", 'no such command "serve"');
 */
export class FlaskCliError extends Error {
  readonly code: FlaskCliErrorCode;
  /** 2 for usage and loading errors (click's `UsageError` exits 2 too), 1 for run-time failures. */
  readonly exitCode: number;

  constructor(code: FlaskCliErrorCode, message: string, options?: { exitCode?: number }) {
    super(message);
    this.name = "FlaskCliError";
    this.code = code;
    this.exitCode = options?.exitCode ?? 2;
  }
}

/** Stable codes of the errors `tsgi-flask` reports itself (`tsgi serve` option errors keep theirs). */
export type FlaskCliErrorCode =
  | "FLASK_E_CLI_USAGE"
  | "FLASK_E_CLI_UNKNOWN_COMMAND"
  | "FLASK_E_CLI_NO_APP"
  | "FLASK_E_CLI_APP_IMPORT"
  | "FLASK_E_CLI_APP_TARGET"
  | "FLASK_E_CLI_FACTORY"
  | "FLASK_E_CLI_LISTEN"
  | "FLASK_E_CLI_COMMAND_EXISTS"
  | "FLASK_E_CLI_COMMAND_NAME";
