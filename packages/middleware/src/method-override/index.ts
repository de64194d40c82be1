import { createInputStream } from "@tsgi/core";
import type { App, Environ } from "@tsgi/core";
import { MiddlewareOptionError } from "../errors.ts";
import { copyEnviron, environKey } from "../_internal/environ.ts";
import {
  checkApp,
  checkOptionsObject,
  headerNameOption,
  integerOption,
  isToken,
} from "../_internal/options.ts";
import { concatChunks } from "../_internal/respond.ts";

/** The environ key holding the method the client really sent (`POST`). */
export const ORIGINAL_METHOD_KEY = "middleware.original_method";

/** Options of {@link methodOverride}. */
export interface MethodOverrideOptions {
  /** Request header naming the method (default `X-HTTP-Method-Override`); false to ignore headers. */
  header?: string | false;
  /** Form field naming the method in url-encoded POST bodies (default `_method`); false to ignore forms. */
  formField?: string | false;
  /** Methods a POST may become (default PUT, PATCH, DELETE). */
  methods?: readonly string[];
  /** Largest form body read to find the field (default 64 KiB); larger ones are left alone. */
  maxFormBytes?: number;
}

const NAME = "methodOverride";

/**
 * Lets HTML forms and limited clients use PUT, PATCH and DELETE: a `POST` with
 * `X-HTTP-Method-Override: DELETE`, or an url-encoded form with `_method=DELETE`, reaches the
 * app as a DELETE (Rack's MethodOverride). Only POST is overridden, and only to the listed
 * methods, so a GET link can never become a DELETE. To read the form field the body is read
 * (when its declared length is at most `maxFormBytes`) and handed to the app again, unchanged.
 * The original method is kept under {@link ORIGINAL_METHOD_KEY}.
 *
 * @throws MiddlewareOptionError (`TSGI_E_MW_INVALID_OPTION`) for a bad header, field or method.
 *
 * @example
 * import { methodOverride } from "@tsgi/middleware/method-override";
 * // <form method="post" action="/posts/3"><input type="hidden" name="_method" value="DELETE">
 * const app = methodOverride(blogApp);
 */
export function methodOverride(app: App, options: MethodOverrideOptions = {}): App {
  checkApp(NAME, app);
  checkOptionsObject(NAME, options);
  const header =
    options.header === false
      ? undefined
      : headerNameOption(NAME, "header", options.header, "X-HTTP-Method-Override");
  const headerKey = header === undefined ? undefined : environKey(header);
  const formField = options.formField === false ? undefined : (options.formField ?? "_method");
  if (formField !== undefined && (typeof formField !== "string" || formField === "")) {
    throw new MiddlewareOptionError(NAME, "formField", "must be a field name, or false");
  }
  const methods = options.methods ?? ["PUT", "PATCH", "DELETE"];
  if (
    !Array.isArray(methods) ||
    !methods.every((method) => typeof method === "string" && isToken(method))
  ) {
    throw new MiddlewareOptionError(NAME, "methods", "must be a list of methods");
  }
  const allowed = new Set(methods.map((method) => method.toUpperCase()));
  const maxFormBytes = integerOption(NAME, "maxFormBytes", options.maxFormBytes, 64 * 1024);

  return async (environ, startResponse) => {
    if (environ.REQUEST_METHOD !== "POST") return app(environ, startResponse);
    let wanted: string | undefined;
    let inner: Environ | undefined;
    const fromHeader = headerKey === undefined ? undefined : environ[headerKey];
    if (typeof fromHeader === "string") wanted = fromHeader.trim().toUpperCase();
    else if (formField !== undefined && isSmallForm(environ, maxFormBytes)) {
      const length = Number(environ.CONTENT_LENGTH);
      const bytes = await readExactly(environ, length);
      inner = copyEnviron(environ);
      // The app still gets the whole body, as if nobody had read it.
      inner["tsgi.input"] = createInputStream([bytes], { contentLength: bytes.byteLength });
      const value = new URLSearchParams(new TextDecoder().decode(bytes)).get(formField);
      if (value !== null) wanted = value.trim().toUpperCase();
    }
    if (wanted === undefined || !allowed.has(wanted)) {
      return app(inner ?? environ, startResponse);
    }
    inner ??= copyEnviron(environ);
    inner[ORIGINAL_METHOD_KEY] = environ.REQUEST_METHOD;
    inner.REQUEST_METHOD = wanted;
    return app(inner, startResponse);
  };
}

function isSmallForm(environ: Environ, max: number): boolean {
  const type = (environ.CONTENT_TYPE ?? "").split(";")[0]!.trim().toLowerCase();
  const length = environ.CONTENT_LENGTH;
  return (
    type === "application/x-www-form-urlencoded" &&
    length !== undefined &&
    /^\d+$/.test(length) &&
    Number(length) <= max
  );
}

async function readExactly(environ: Environ, length: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let received = 0;
  while (received < length) {
    const chunk = await environ["tsgi.input"].read(length - received);
    if (chunk.byteLength === 0) break; // a short body: hand on what came
    chunks.push(chunk);
    received += chunk.byteLength;
  }
  return concatChunks(chunks.length === 0 ? [new Uint8Array(0)] : chunks);
}
