import { sideOf, type ValidationCode, type ViolationSide } from "./codes.ts";

/**
 * A broken rule of the TSGI contract, found by {@link validate}. `code` is stable (see
 * `ValidationCodes`); `side` says who must fix it; the message says what was wrong, what was
 * expected and shows the offending value.
 *
 * @example
 * import { buildEnviron, createInputStream } from "@tsgi/core";
 * import { TsgiValidationError, validate } from "@tsgi/core/validate";
 * const app = validate((environ, startResponse) => {
 *   startResponse("200 OK", [["Content-Type", "text/plain"]]);
 *   return "Hello" as never; // a string body: bodies are bytes
 * });
 * const environ = buildEnviron({
 *   method: "GET", target: "/", headers: [], protocol: "HTTP/1.1",
 *   serverName: "localhost", serverPort: 8000, input: createInputStream([]),
 * });
 * try {
 *   app(environ, () => async () => {});
 * } catch (error) {
 *   if (error instanceof TsgiValidationError) console.log(error.code, error.side);
 *   // TSGI_E_BODY_STRING app
 * }
 */
export class TsgiValidationError extends Error {
  override readonly name = "TsgiValidationError";
  /** Which party broke the contract. */
  readonly side: ViolationSide;

  constructor(
    /** The stable code, e.g. `"TSGI_E_CHUNK_STRING"`. */
    readonly code: ValidationCode,
    message: string,
  ) {
    super(`${message} [${code}]`);
    this.side = sideOf(code);
  }
}

const MAX_SHOWN = 60;

/**
 * Renders an offending value for a message, the way a learner would recognise it in their
 * code: strings quoted, byte arrays by size, objects by class name.
 */
export function describe(value: unknown): string {
  if (typeof value === "string") {
    const shown = value.length > MAX_SHOWN ? value.slice(0, MAX_SHOWN) + "…" : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return `the ${typeof value} ${String(value)}`;
  }
  if (typeof value === "symbol") return `the symbol ${value.description ?? ""}`;
  if (typeof value === "function") return `the function ${value.name || "(anonymous)"}`;
  if (value instanceof Uint8Array)
    return `a ${value.constructor.name} of ${value.byteLength} bytes`;
  if (value instanceof ArrayBuffer) return `an ArrayBuffer of ${value.byteLength} bytes`;
  if (Array.isArray(value)) return `an Array of ${value.length} element(s)`;
  if (value instanceof Error) return `${value.name} (${JSON.stringify(value.message)})`;
  const name = Object.getPrototypeOf(value)?.constructor?.name as string | undefined;
  return name && name !== "Object" ? `a ${name}` : "a plain object";
}
