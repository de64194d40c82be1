import { SuspiciousOperation } from "../core/exceptions.ts";
import { HttpResponse, type Content, type ResponseInit } from "./response.ts";

/** Options of {@link JsonResponse}. */
export interface JsonResponseInit extends ResponseInit {
  /** Only plain objects unless false (Django's `safe`): a bare array was once a JSON-hijacking risk. */
  safe?: boolean;
  /** `JSON.stringify`'s replacer, for values JSON cannot express (Django's `encoder`). */
  replacer?: (this: unknown, key: string, value: unknown) => unknown;
  /** `JSON.stringify`'s indentation. */
  space?: number | string;
}

/**
 * A JSON response (`application/json`). Dates become ISO strings, BigInts strings, as
 * Django's `DjangoJSONEncoder` does.
 *
 * @example
 * return new JsonResponse({ questions: await Question.objects.count() });
 * return new JsonResponse([1, 2, 3], { safe: false });
 */
export class JsonResponse extends HttpResponse {
  constructor(data: unknown, init: JsonResponseInit = {}) {
    const { safe = true, replacer, space, ...rest } = init;
    if (safe && (typeof data !== "object" || data === null || Array.isArray(data))) {
      throw new TypeError(
        "In order to allow non-object values to be serialized set the safe option to false.",
      );
    }
    const text = JSON.stringify(
      data,
      function (this: unknown, key, value: unknown) {
        const replaced = replacer === undefined ? value : replacer.call(this, key, value);
        return typeof replaced === "bigint" ? replaced.toString() : replaced;
      },
      space,
    );
    super(text, { contentType: "application/json", ...rest });
  }
}

const ALLOWED_REDIRECT_SCHEMES = new Set(["http", "https", "ftp"]);

/** An unsafe redirect target (`javascript:` and friends): 400. */
export class DisallowedRedirect extends SuspiciousOperation {}

abstract class RedirectBase extends HttpResponse {
  constructor(url: string, status: number, init: ResponseInit) {
    super("", { ...init, status });
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
    if (scheme !== undefined && !ALLOWED_REDIRECT_SCHEMES.has(scheme)) {
      throw new DisallowedRedirect(`Unsafe redirect to URL with protocol '${scheme}'`);
    }
    this.headers.set("Location", iriToUri(url));
  }

  /** The redirect target (the Location header). */
  get url(): string {
    return this.headers.get("Location") ?? "";
  }
}

// Location must be ASCII. Like Django's iri_to_uri: characters a URL may hold stay as they are
// (existing %-escapes included, so `?next=%2Fx%3Fa` is not escaped twice); anything else (spaces,
// non-ASCII) is percent-encoded as UTF-8.
const URI_SAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]%]/gu;

function iriToUri(url: string): string {
  return url.replace(URI_SAFE, (char) => {
    try {
      return encodeURIComponent(char);
    } catch {
      return "%EF%BF%BD"; // a lone surrogate: U+FFFD, as a UTF-8 encoder would write it
    }
  });
}

/**
 * A 302 redirect (Django's `HttpResponseRedirect`).
 *
 * @example
 * return new HttpResponseRedirect(reverse("polls:results", { args: [question.id] }));
 */
export class HttpResponseRedirect extends RedirectBase {
  constructor(url: string, init: ResponseInit = {}) {
    super(url, 302, init);
  }
}

/**
 * A 301 redirect.
 *
 * @example
 * return new HttpResponsePermanentRedirect("/polls/");
 */
export class HttpResponsePermanentRedirect extends RedirectBase {
  constructor(url: string, init: ResponseInit = {}) {
    super(url, 301, init);
  }
}

/**
 * 304 Not Modified: no content, no Content-Type.
 *
 * @example
 * if (request.headers.get("If-None-Match") === etag) return new HttpResponseNotModified();
 */
export class HttpResponseNotModified extends HttpResponse {
  constructor(init: ResponseInit = {}) {
    super("", { ...init, status: 304 });
    this.headers.delete("Content-Type");
  }
}

/**
 * 405 Method Not Allowed with the `Allow` header.
 *
 * @example
 * return new HttpResponseNotAllowed(["GET", "POST"]);
 */
export class HttpResponseNotAllowed extends HttpResponse {
  constructor(permittedMethods: readonly string[], content: Content = "", init: ResponseInit = {}) {
    super(content, { ...init, status: 405 });
    this.headers.set("Allow", permittedMethods.map((method) => method.toUpperCase()).join(", "));
  }
}

function fixedStatus(status: number) {
  return class extends HttpResponse {
    constructor(content: Content = "", init: ResponseInit = {}) {
      super(content, { ...init, status });
    }
  };
}

/**
 * 400 Bad Request.
 *
 * @example
 * return new HttpResponseBadRequest("choice must be a number");
 */
export class HttpResponseBadRequest extends fixedStatus(400) {}
/**
 * 403 Forbidden.
 *
 * @example
 * return new HttpResponseForbidden("<h1>Forbidden</h1>");
 */
export class HttpResponseForbidden extends fixedStatus(403) {}
/**
 * 404 Not Found (raising `Http404` is usually nicer: it renders the 404 page).
 *
 * @example
 * return new HttpResponseNotFound("<h1>Page not found</h1>");
 */
export class HttpResponseNotFound extends fixedStatus(404) {}
/**
 * 410 Gone.
 *
 * @example
 * return new HttpResponseGone();
 */
export class HttpResponseGone extends fixedStatus(410) {}
/**
 * 500 Internal Server Error.
 *
 * @example
 * return new HttpResponseServerError("<h1>Server Error (500)</h1>");
 */
export class HttpResponseServerError extends fixedStatus(500) {}
