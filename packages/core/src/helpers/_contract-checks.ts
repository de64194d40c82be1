// What a server must refuse to send, whether or not the app runs behind the validator.
import type { ValidationCode } from "../validate/index.ts";
import { isLatin1 } from "./latin1.ts";

/**
 * A broken promise of the contract, found while running an app like a server would. Codes
 * are the validator's, so a test sees the same code with or without `validate`.
 */
export class AppContractError extends TypeError {
  constructor(
    readonly code: ValidationCode,
    message: string,
  ) {
    super(message);
  }
}

// What node:http would refuse to send; the validator explains it at length, servers just refuse.
export function headersProblem(headers: unknown): AppContractError | undefined {
  if (!Array.isArray(headers)) {
    return new AppContractError(
      "TSGI_E_HEADERS_NOT_ARRAY",
      "headers must be an array of [name, value] pairs",
    );
  }
  for (const header of headers as unknown[]) {
    if (!Array.isArray(header) || header.length !== 2) {
      return new AppContractError(
        "TSGI_E_HEADER_NOT_PAIR",
        `a header is not a [name, value] pair: ${describe(header)}`,
      );
    }
    const [name, value] = header as unknown[];
    if (typeof name !== "string" || typeof value !== "string") {
      return new AppContractError(
        "TSGI_E_HEADER_NOT_STRING",
        "header names and values must be strings",
      );
    }
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      return new AppContractError(
        "TSGI_E_HEADER_NAME",
        `invalid header name ${JSON.stringify(name)}`,
      );
    }
    if (!isLatin1(value)) {
      return new AppContractError(
        "TSGI_E_HEADER_VALUE_NOT_LATIN1",
        `header ${name} is not Latin-1`,
      );
    }
    if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) {
      return new AppContractError(
        "TSGI_E_HEADER_VALUE_CONTROL_CHARACTER",
        `header ${name} contains a control character: ${JSON.stringify(value)}`,
      );
    }
  }
  return undefined;
}

export function bodyProblem(body: unknown): AppContractError | undefined {
  if (typeof body === "string") {
    return new AppContractError(
      "TSGI_E_BODY_STRING",
      "the body is a string; return [new TextEncoder().encode(text)]",
    );
  }
  if (body instanceof Uint8Array) {
    return new AppContractError(
      "TSGI_E_BODY_BYTES",
      "the body is a bare Uint8Array (it iterates numbers); wrap it: [bytes]",
    );
  }
  const iterable =
    body != null &&
    (typeof body === "object" || typeof body === "function") &&
    (Symbol.asyncIterator in body || Symbol.iterator in body);
  if (!iterable) {
    return new AppContractError(
      "TSGI_E_BODY_NOT_ITERABLE",
      `the body must be an Iterable or AsyncIterable of Uint8Array, got ${describe(body)}`,
    );
  }
  return undefined;
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  return value.constructor?.name ?? "object";
}
