// A tiny in-test server for the validator's tests: builds an environ the way real servers
// do (buildEnviron + createInputStream), calls the app, pulls and closes the body the way
// DECISIONS.md 5 says. Deliberately independent of @tsgi/core/testing.
import assert from "node:assert/strict";
import { buildEnviron } from "../environ.ts";
import { createInputStream } from "../input.ts";
import type { App, Body, Environ, HeaderList, StartResponse, Write } from "../types.ts";
import type { ValidationCode } from "./codes.ts";
import { TsgiValidationError } from "./error.ts";
import { validate, type ValidatedApp } from "./validate.ts";

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

export interface FakeRequest {
  method?: string;
  target?: string;
  headers?: [string, string][];
  body?: string;
}

/** An environ as a real server builds it. */
export function makeEnviron(request: FakeRequest = {}): Environ {
  const body = request.body === undefined ? [] : [bytes(request.body)];
  const headers = [...(request.headers ?? [])];
  if (request.body !== undefined) headers.push(["Content-Length", String(body[0]!.byteLength)]);
  return buildEnviron({
    method: request.method ?? "GET",
    target: request.target ?? "/",
    headers,
    protocol: "HTTP/1.1",
    serverName: "localhost",
    serverPort: 8000,
    input: createInputStream(body, { contentLength: body[0]?.byteLength ?? 0 }),
    server: "test",
  });
}

/** The server half of a response: deferred headers and excInfo as in DECISIONS.md 2-3. */
export class FakeResponse {
  status: string | undefined;
  headers: HeaderList | undefined;
  headersSent = false;
  readonly chunks: Uint8Array[] = [];

  readonly startResponse: StartResponse = (status, headers, excInfo) => {
    if (excInfo !== undefined && this.headersSent) throw excInfo;
    this.status = status;
    this.headers = headers;
    return this.write;
  };

  readonly write: Write = async (chunk) => {
    this.headersSent = true;
    if (chunk.byteLength > 0) this.chunks.push(chunk);
  };

  send(chunk: Uint8Array): void {
    if (chunk.byteLength > 0) this.headersSent = true;
    this.chunks.push(chunk);
  }

  get text(): string {
    return this.chunks.map((chunk) => new TextDecoder().decode(chunk)).join("");
  }
}

/** Pulls every chunk like a server does (for-of for sync bodies), then closes the body. */
export async function drain(body: Body, response: FakeResponse): Promise<void> {
  try {
    if (Symbol.asyncIterator in body) {
      for await (const chunk of body) response.send(chunk);
    } else {
      for (const chunk of body) response.send(chunk);
    }
  } finally {
    await (body as { close?: () => unknown }).close?.();
  }
}

export interface Exchange {
  response: FakeResponse;
  /** What reached the server as an error: thrown by the app, or by the body while iterating. */
  error: unknown;
  violations: TsgiValidationError[];
  validated: ValidatedApp;
}

/** Runs one request through `validate(app)` and a correct fake server. */
export async function exchange(
  app: App,
  request: FakeRequest & { editEnviron?: (environ: Environ) => void } = {},
  throwOnViolation = true,
): Promise<Exchange> {
  const violations: TsgiValidationError[] = [];
  const validated = validate(app, {
    onViolation: (error) => violations.push(error),
    throwOnViolation,
  });
  const environ = makeEnviron(request);
  request.editEnviron?.(environ);
  const response = new FakeResponse();
  let error: unknown;
  try {
    await drain(await validated(environ, response.startResponse), response);
  } catch (thrown) {
    error = thrown;
  }
  return { response, error, violations, validated };
}

/** Asserts that exactly one rule was broken, `code`, and that it reached the server. */
export function assertViolation(result: Exchange, code: ValidationCode): void {
  assert.deepEqual(
    result.violations.map((violation) => violation.code),
    [code],
  );
  assert.ok(
    result.error instanceof TsgiValidationError,
    `expected a throw, got ${String(result.error)}`,
  );
  assert.equal(result.error.code, code);
}

/** Asserts a clean run: no violation and no error. */
export function assertClean(result: Exchange): void {
  assert.deepEqual(result.violations, []);
  assert.equal(result.error, undefined);
}
