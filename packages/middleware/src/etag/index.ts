import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { closeBody, getHeader, isFileBody, removeHeader, setHeader, statusLine } from "@tsgi/core";
import type { App, Body, HeaderList } from "@tsgi/core";
import { MiddlewareError, MiddlewareErrorCodes } from "../errors.ts";
import { BodyReader, chunksOf, readerBody } from "../_internal/body-reader.ts";
import { DeferredStart } from "../_internal/deferred-start.ts";
import { requestHeader } from "../_internal/environ.ts";
import { booleanOption, checkApp, checkOptionsObject } from "../_internal/options.ts";
import { copyArray, statusCode } from "../_internal/respond.ts";

/** Options of {@link etag}. */
export interface EtagOptions {
  /** Make ETags weak (`W/"…"`): same meaning, maybe not the same bytes (default false). */
  weak?: boolean;
}

const NAME = "etag";

/**
 * Adds an `ETag` to `200` answers of GET requests and answers `If-None-Match` with
 * `304 Not Modified`, closing the app's body unsent. The tag is a SHA-1 of the body for an
 * Array body (a whole response, already in memory), and size + modification time for a
 * `tsgi.file_wrapper` body, which is passed on untouched so sendfile still works. Streamed
 * bodies are never buffered to hash them: they get no tag, though an ETag the app set itself
 * is still honoured for `If-None-Match`, for every kind of body and for HEAD.
 *
 * @throws MiddlewareOptionError (`TSGI_E_MW_INVALID_OPTION`) for a non-boolean weak.
 *
 * @example
 * import { etag } from "@tsgi/middleware/etag";
 * const app = etag(apiApp); // GET /items → ETag: "…"; again with If-None-Match → 304
 */
export function etag(app: App, options: EtagOptions = {}): App {
  checkApp(NAME, app);
  checkOptionsObject(NAME, options);
  const weak = booleanOption(NAME, "weak", options.weak, false);

  return async (environ, startResponse) => {
    const method = environ.REQUEST_METHOD;
    if (method !== "GET" && method !== "HEAD") return app(environ, startResponse);
    const ifNoneMatch = requestHeader(environ, "if-none-match");
    // An app that writes commits its head at once: no tag can be added to it.
    const deferred = new DeferredStart(startResponse, (head) => ({
      status: head.status,
      headers: head.headers,
    }));
    const body = await app(environ, deferred.startResponse);
    if (deferred.committed) return body;
    const head = deferred.head;
    if (head === undefined) return lazyHead(body, deferred);

    let headers = head.headers;
    if (statusCode(head.status) === 200) {
      let tag = getHeader(headers, "etag");
      if (tag === undefined && method === "GET") {
        tag = await computeTag(body, weak);
        if (tag !== undefined) headers = setHeader(headers, "ETag", tag);
      }
      if (tag !== undefined && ifNoneMatch !== undefined && matches(ifNoneMatch, tag)) {
        await closeBody(body);
        deferred.commit(statusLine(304), notModifiedHeaders(headers));
        return [];
      }
    }
    deferred.commit(head.status, headers);
    return body;
  };
}

async function computeTag(body: Body, weak: boolean): Promise<string | undefined> {
  let opaque: string;
  if (Array.isArray(body)) {
    const hash = createHash("sha1");
    let length = 0;
    for (const chunk of copyArray(body)) {
      hash.update(chunk);
      length += chunk.byteLength;
    }
    opaque = `"${length.toString(16)}-${hash.digest("base64url").slice(0, 27)}"`;
  } else if (isFileBody(body)) {
    try {
      const stats = await stat(body.path);
      const length = body.length ?? Math.max(0, stats.size - body.start);
      opaque = `"${length.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}-${body.start.toString(16)}"`;
    } catch {
      return undefined; // the body's own iteration will report the missing file
    }
  } else {
    return undefined;
  }
  return weak ? `W/${opaque}` : opaque;
}

/** `If-None-Match` uses the weak comparison: `W/"x"` and `"x"` match. */
function matches(header: string, tag: string): boolean {
  if (header.trim() === "*") return true;
  const opaque = tag.replace(/^W\//, "");
  return header.split(",").some((item) => item.trim().replace(/^W\//, "") === opaque);
}

// A 304 repeats the validators and caching headers of the 200, never a body's framing or type.
function notModifiedHeaders(headers: HeaderList): HeaderList {
  let out = headers;
  for (const name of ["content-length", "content-type", "content-range", "transfer-encoding"]) {
    out = removeHeader(out, name);
  }
  return out;
}

// The app calls startResponse from its body's first pull: nothing to tag, pass it on then.
function lazyHead(body: Body, deferred: DeferredStart): Body {
  const reader = new BodyReader(body);
  return readerBody(reader, async function* () {
    const first = await reader.next();
    const head = deferred.head;
    if (head === undefined) {
      throw new MiddlewareError(
        MiddlewareErrorCodes.NO_START_RESPONSE,
        "the app's body produced output before startResponse was called",
      );
    }
    deferred.commit(head.status, head.headers);
    if (first !== undefined) yield first;
    yield* chunksOf(reader);
  });
}
