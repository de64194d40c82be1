import { isLatin1, parseStatus } from "@tsgi/core";
import type { Body, HeaderList } from "@tsgi/core";

/** The app broke the contract; the message says how. Tests assert the code. */
export class ContractError extends TypeError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ContractError";
  }
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FORBIDDEN_IN_VALUE = /[\r\n\0]/;

/** Status and headers as startResponse got them, checked before anything reaches the wire. */
export function checkResponseStart(
  status: string,
  headers: HeaderList,
): { code: number; reason: string } {
  const parsed = parseStatus(status);
  if (!isLatin1(status) || FORBIDDEN_IN_VALUE.test(status)) {
    throw new ContractError(
      "TSGI_E_STATUS_FORMAT",
      `status ${JSON.stringify(status)} is not a Latin-1 line`,
    );
  }
  if (!Array.isArray(headers)) {
    throw new ContractError(
      "TSGI_E_HEADERS_NOT_LIST",
      "headers must be a list of [name, value] pairs",
    );
  }
  for (const header of headers) {
    const [name, value] = Array.isArray(header) ? header : [];
    if (typeof name !== "string" || !TOKEN.test(name)) {
      throw new ContractError("TSGI_E_HEADER_NAME", `bad header name ${JSON.stringify(name)}`);
    }
    if (typeof value !== "string" || !isLatin1(value) || FORBIDDEN_IN_VALUE.test(value)) {
      throw new ContractError("TSGI_E_HEADER_VALUE", `bad value for header ${name}`);
    }
  }
  return parsed;
}

/** A body must be an iterable of bytes; a string or a bare Uint8Array iterates wrongly. */
export function checkBody(body: unknown): asserts body is Body {
  if (typeof body === "string") {
    throw new ContractError("TSGI_E_BODY_STRING", "the body is a string; return [bytes]");
  }
  if (body instanceof Uint8Array) {
    throw new ContractError("TSGI_E_BODY_BYTES", "the body is a bare Uint8Array; return [bytes]");
  }
  const iterable = body as Partial<Record<symbol, unknown>> | null;
  if (
    iterable === null ||
    typeof iterable !== "object" ||
    (typeof iterable[Symbol.iterator] !== "function" &&
      typeof iterable[Symbol.asyncIterator] !== "function")
  ) {
    throw new ContractError("TSGI_E_BODY_NOT_ITERABLE", "the body is not an iterable of bytes");
  }
}

export function checkChunk(chunk: unknown): asserts chunk is Uint8Array {
  if (!(chunk instanceof Uint8Array)) {
    throw new ContractError(
      typeof chunk === "string" ? "TSGI_E_CHUNK_STRING" : "TSGI_E_CHUNK_TYPE",
      `body chunks must be Uint8Array, got ${typeof chunk}`,
    );
  }
}
