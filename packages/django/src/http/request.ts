import type { Environ } from "@tsgi/core";
import type { Settings } from "../conf/global-settings.ts";
import { getSettings } from "../conf/settings.ts";
import {
  BadRequest,
  DisallowedHost,
  DjangoError,
  ImproperlyConfigured,
  RequestDataTooBig,
} from "../core/exceptions.ts";
import type { ResolverMatch } from "../urls/types.ts";
import type { SessionBase } from "../sessions/session.ts";
import type { UserLike } from "../auth/user.ts";
import { parseCookie } from "./cookies.ts";
import { DEBUG_ALLOWED_HOSTS, splitDomainPort, validateHost } from "./hosts.ts";
import { parseMultipart } from "./multipart.ts";
import { QueryDict } from "./query-dict.ts";
import { HttpHeaders } from "./request-headers.ts";
import { FileDict } from "./uploaded-file.ts";

const utf8 = new TextDecoder();

/**
 * The request a view receives (Django's `HttpRequest`), built from the TSGI environ.
 * `GET`, `COOKIES`, `headers` and `META` are ready at once; the body is read by the
 * handler before the view runs (`await request.loadBody()`), after which `body`, `POST`,
 * `FILES` and `json()` are synchronous, as in Django.
 *
 * @example
 * async function vote(request: HttpRequest, { questionId }: { questionId: number }) {
 *   const choiceId = request.POST.get("choice");
 *   if (choiceId === undefined) return render(request, "polls/detail.html", { errorMessage: "You didn't select a choice." });
 * }
 */
export class HttpRequest {
  /** The environ itself (Django's `META`): CGI keys, `HTTP_*` headers, `tsgi.*`. */
  readonly META: Environ;
  /** "GET", "POST", … (upper case). */
  readonly method: string;
  /** The path within the application (PATH_INFO), what the URLconf matches. */
  readonly pathInfo: string;
  /** The full path: SCRIPT_NAME + PATH_INFO. */
  readonly path: string;
  /** The query string as a read-only QueryDict. */
  readonly GET: QueryDict;
  /** Cookies sent by the client. */
  readonly COOKIES: Readonly<Record<string, string>>;
  /** Request headers, any letter case. */
  readonly headers: HttpHeaders;
  /** What the URL resolved to; set by the handler before the view runs. */
  resolverMatch: ResolverMatch | undefined;
  /** Where `reverse` and friends look first in this request (the current app namespace). */
  currentApp: string | undefined;
  /** Middleware and views may hang request-scoped values here. */
  readonly state: Record<string, unknown> = {};
  #settings: Settings | undefined;
  #body: Uint8Array | undefined;
  #post: QueryDict | undefined;
  #files: FileDict | undefined;
  #loaded = false;
  #bodyKept = true;
  #session: SessionBase | undefined;
  #user: UserLike | undefined;

  constructor(environ: Environ, settings?: Settings) {
    this.META = environ;
    this.#settings = settings;
    this.method = (environ.REQUEST_METHOD || "GET").toUpperCase();
    this.pathInfo = environ.PATH_INFO || "/";
    const scriptName = this.#scriptName();
    this.path = (scriptName.replace(/\/$/, "") + this.pathInfo).replace(/^\/\//, "/");
    this.GET = new QueryDict(environ.QUERY_STRING ?? "", {
      maxFields: this.settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
    });
    this.COOKIES = Object.freeze(
      typeof environ.HTTP_COOKIE === "string" ? parseCookie(environ.HTTP_COOKIE) : {},
    );
    this.headers = new HttpHeaders(environ);
  }

  /** The settings this request is served with. */
  get settings(): Settings {
    return this.#settings ?? getSettings();
  }

  #scriptName(): string {
    const forced = this.settings.FORCE_SCRIPT_NAME;
    return forced ?? this.META.SCRIPT_NAME ?? "";
  }

  /** The media type of the body, without parameters ("application/json"). */
  get contentType(): string {
    return (this.META.CONTENT_TYPE ?? "").split(";")[0]!.trim().toLowerCase();
  }

  /** The Content-Type's parameters (`{ charset: "utf-8" }`). */
  get contentParams(): Record<string, string> {
    const params: Record<string, string> = {};
    for (const part of (this.META.CONTENT_TYPE ?? "").split(";").slice(1)) {
      const [key, ...rest] = part.split("=");
      if (key !== undefined && rest.length > 0) {
        params[key.trim().toLowerCase()] = rest.join("=").trim().replace(/^"|"$/g, "");
      }
    }
    return params;
  }

  /** "https" or "http", honouring SECURE_PROXY_SSL_HEADER. */
  get scheme(): string {
    const proxyHeader = this.settings.SECURE_PROXY_SSL_HEADER;
    if (proxyHeader !== undefined) {
      const [key, secureValue] = proxyHeader;
      const value = this.META[key];
      if (typeof value === "string") {
        return value.split(",")[0]!.trim() === secureValue ? "https" : "http";
      }
    }
    return this.META["tsgi.url_scheme"] === "https" ? "https" : "http";
  }

  /** True over HTTPS. */
  isSecure(): boolean {
    return this.scheme === "https";
  }

  #rawHost(): string {
    const forwarded = this.META.HTTP_X_FORWARDED_HOST;
    if (this.settings.USE_X_FORWARDED_HOST && typeof forwarded === "string") {
      return forwarded.split(",").pop()!.trim();
    }
    const host = this.META.HTTP_HOST;
    if (typeof host === "string" && host !== "") return host;
    const port = String(this.META.SERVER_PORT);
    const standard = (this.isSecure() && port === "443") || (!this.isSecure() && port === "80");
    return standard ? this.META.SERVER_NAME : `${this.META.SERVER_NAME}:${port}`;
  }

  /**
   * The host (and port) of the request, checked against ALLOWED_HOSTS (in DEBUG with an
   * empty list: localhost, 127.0.0.1 and [::1]); `DisallowedHost` (400) otherwise.
   *
   * @example
   * request.getHost(); // "polls.example.org"
   */
  getHost(): string {
    const host = this.#rawHost();
    let allowed = this.settings.ALLOWED_HOSTS;
    if (this.settings.DEBUG && allowed.length === 0) allowed = [...DEBUG_ALLOWED_HOSTS];
    const [domain] = splitDomainPort(host);
    if (domain !== "" && validateHost(domain, allowed)) return host;
    let message = `Invalid HTTP_HOST header: '${host}'.`;
    message +=
      domain !== ""
        ? ` You may need to add '${domain}' to ALLOWED_HOSTS.`
        : " The domain name provided is not valid according to RFC 1034/1035.";
    throw new DisallowedHost(message);
  }

  /** The port the request came to (X-Forwarded-Port when USE_X_FORWARDED_PORT). */
  getPort(): string {
    const forwarded = this.META.HTTP_X_FORWARDED_PORT;
    if (this.settings.USE_X_FORWARDED_PORT && typeof forwarded === "string") return forwarded;
    return String(this.META.SERVER_PORT);
  }

  /**
   * Path plus query string, escaped for use in a URL; `forceAppendSlash` adds a `/` to the
   * path (CommonMiddleware's redirect target).
   *
   * @example
   * request.getFullPath(); // "/polls/?page=2"
   */
  getFullPath(forceAppendSlash = false): string {
    return this.#fullPath(this.path, forceAppendSlash);
  }

  /** Like {@link getFullPath} but with `pathInfo` (without SCRIPT_NAME). */
  getFullPathInfo(forceAppendSlash = false): string {
    return this.#fullPath(this.pathInfo, forceAppendSlash);
  }

  #fullPath(path: string, forceAppendSlash: boolean): string {
    const slashed = forceAppendSlash && !path.endsWith("/") ? path + "/" : path;
    const query = this.META.QUERY_STRING;
    return escapeUriPath(slashed) + (query ? `?${query}` : "");
  }

  /**
   * An absolute URL for `location` (default: this request's own URL), with the request's
   * scheme and validated host.
   *
   * @example
   * request.buildAbsoluteUri("/polls/1/"); // "https://polls.example.org/polls/1/"
   */
  buildAbsoluteUri(location?: string): string {
    const base = `${this.scheme}://${this.getHost()}${this.getFullPath()}`;
    if (location === undefined) return base;
    return new URL(location, base).toString();
  }

  /** Reads the body (at most once) and parses forms and multipart uploads. */
  async loadBody(): Promise<void> {
    if (this.#loaded) return;
    this.#loaded = true;
    const settings = this.settings;
    const declared = Number(this.META.CONTENT_LENGTH || 0);
    const maxSize = settings.DATA_UPLOAD_MAX_MEMORY_SIZE;
    const input = this.META["tsgi.input"];
    if (this.contentType === "multipart/form-data") {
      this.#bodyKept = false;
      const { fields, files } = await parseMultipart(input, this.META.CONTENT_TYPE!, {
        maxMemorySize: maxSize,
        maxFields: settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        maxFiles: settings.DATA_UPLOAD_MAX_NUMBER_FILES,
        maxFileSize: settings.FILE_UPLOAD_MAX_SIZE,
      });
      this.#post = new QueryDict("", { mutable: true });
      for (const [name, value] of fields) this.#post.appendList(name, value);
      this.#post = immutable(this.#post);
      this.#files = new FileDict();
      for (const [name, file] of files) this.#files.append(name, file);
      return;
    }
    if (maxSize !== null && declared > maxSize) {
      throw new RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.");
    }
    this.#body = await readAll(input, maxSize);
    this.#files = new FileDict();
    this.#post =
      this.contentType === "application/x-www-form-urlencoded"
        ? new QueryDict(utf8.decode(this.#body), {
            maxFields: settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
          })
        : new QueryDict("");
  }

  #assertLoaded(what: string): void {
    if (!this.#loaded) {
      throw new DjangoError(
        "DJANGO_E_BAD_REQUEST",
        `request.${what} is read before the body was loaded: await request.loadBody() first ` +
          "(the handler does it before calling the view)",
      );
    }
  }

  /** The raw body bytes (not kept for multipart requests: use POST and FILES). */
  get body(): Uint8Array {
    this.#assertLoaded("body");
    if (!this.#bodyKept) {
      throw new DjangoError(
        "DJANGO_E_BAD_REQUEST",
        "request.body is not kept for multipart/form-data requests; read request.POST and request.FILES",
      );
    }
    return this.#body!;
  }

  /** Form fields of a urlencoded or multipart body (empty for other content types). */
  get POST(): QueryDict {
    this.#assertLoaded("POST");
    return this.#post!;
  }

  /** Uploaded files of a multipart body. */
  get FILES(): FileDict {
    this.#assertLoaded("FILES");
    return this.#files!;
  }

  /** The body decoded as UTF-8. */
  text(): string {
    return utf8.decode(this.body);
  }

  /**
   * The body parsed as JSON (not in Django, where views call `json.loads(request.body)`);
   * a body that is not JSON is a `BadRequest` (400).
   *
   * @example
   * const { choice } = request.json<{ choice: number }>();
   */
  json<T = unknown>(): T {
    try {
      return JSON.parse(this.text()) as T;
    } catch (error) {
      throw new BadRequest(`The request body is not valid JSON: ${(error as Error).message}`);
    }
  }

  /** The session (set by SessionMiddleware). */
  get session(): SessionBase {
    if (this.#session === undefined) {
      throw new ImproperlyConfigured(
        "request.session is not available: add SessionMiddleware to MIDDLEWARE",
      );
    }
    return this.#session;
  }
  set session(session: SessionBase) {
    this.#session = session;
  }

  /** True when SessionMiddleware attached a session. */
  hasSession(): boolean {
    return this.#session !== undefined;
  }

  /** The user (set by AuthenticationMiddleware; an `AnonymousUser` when nobody logged in). */
  get user(): UserLike {
    if (this.#user === undefined) {
      throw new ImproperlyConfigured(
        "request.user is not available: add AuthenticationMiddleware to MIDDLEWARE " +
          "(after SessionMiddleware)",
      );
    }
    return this.#user;
  }
  set user(user: UserLike) {
    this.#user = user;
  }

  /** True when AuthenticationMiddleware set a user. */
  hasUser(): boolean {
    return this.#user !== undefined;
  }

  toString(): string {
    return `<HttpRequest: ${this.method} '${this.getFullPath()}'>`;
  }
}

function immutable(dict: QueryDict): QueryDict {
  return new QueryDict(dict.urlencode());
}

/** Reads the whole input, refusing more than `limit` bytes even without a Content-Length. */
async function readAll(
  input: AsyncIterable<Uint8Array>,
  limit: number | null,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of input) {
    size += chunk.byteLength;
    if (limit !== null && size > limit) {
      throw new RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.");
    }
    chunks.push(chunk);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * Escapes a path for a URL as Django's `escape_uri_path` does (keeps `/:@&+$,-_.!~*'()`).
 *
 * @example
 * escapeUriPath("/polls/café/"); // "/polls/caf%C3%A9/"
 */
export function escapeUriPath(path: string): string {
  return encodeURI(path).replace(/[#?;=[\]]/g, (char) => encodeURIComponent(char));
}
