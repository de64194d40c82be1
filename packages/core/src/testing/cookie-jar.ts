/** One cookie as the jar keeps it (RFC 6265 §5.3 storage model, the parts tests need). */
export interface StoredCookie {
  readonly name: string;
  readonly value: string;
  /** Lower-case host or Domain attribute, without a leading dot. */
  readonly domain: string;
  /** True without a Domain attribute: sent to that exact host only, not to subdomains. */
  readonly hostOnly: boolean;
  readonly path: string;
  /** Expiry in milliseconds since the epoch; `undefined` for a session cookie. */
  readonly expires: number | undefined;
  readonly secure: boolean;
  readonly httpOnly: boolean;
}

/** Where a cookie lives when a test sets, reads or deletes one by hand. */
export interface CookieScope {
  /** Default `localhost` (host-only). */
  domain?: string;
  /** Default `/`. */
  path?: string;
}

/**
 * The test client's cookie jar: stores `Set-Cookie` answers and returns the `Cookie` header
 * for the next request, with the basics of RFC 6265: host-only and Domain cookies, path
 * matching and default paths, Expires and Max-Age (`Max-Age=0` deletes), Secure.
 * Public suffixes and SameSite are out of scope: every request comes from the test itself.
 *
 * @example
 * const jar = new CookieJar();
 * jar.store(["sid=abc; Path=/; HttpOnly"], new URL("http://localhost/login"));
 * jar.header(new URL("http://localhost/account")); // "sid=abc"
 */
export class CookieJar {
  #cookies: StoredCookie[] = [];
  #now: () => number;

  /** `now` is the clock used for expiry (milliseconds), replaceable in tests. */
  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  /** Stores each `Set-Cookie` value received in answer to a request for `url`. */
  store(setCookies: Iterable<string>, url: URL): void {
    for (const line of setCookies) {
      const cookie = parseSetCookie(line, url, this.#now());
      if (cookie === undefined) continue;
      const index = this.#cookies.findIndex((other) => sameSlot(other, cookie));
      const expired = cookie.expires !== undefined && cookie.expires <= this.#now();
      if (expired) {
        if (index !== -1) this.#cookies.splice(index, 1);
      } else if (index !== -1) {
        this.#cookies[index] = cookie; // keeps the old creation order, as RFC 6265 asks
      } else {
        this.#cookies.push(cookie);
      }
    }
  }

  /** The `Cookie` header for a request to `url`, or `undefined` when no cookie applies. */
  header(url: URL): string | undefined {
    const host = url.hostname.toLowerCase();
    const secure = url.protocol === "https:";
    const path = url.pathname || "/";
    const matching = this.list().filter(
      (cookie) =>
        (cookie.hostOnly ? host === cookie.domain : domainMatches(host, cookie.domain)) &&
        pathMatches(path, cookie.path) &&
        (!cookie.secure || secure),
    );
    if (matching.length === 0) return undefined;
    // Longer paths first; Array.prototype.sort is stable, so ties keep creation order.
    matching.sort((a, b) => b.path.length - a.path.length);
    return matching.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
  }

  /** The value of the first live cookie called `name` (in `scope` when given). */
  get(name: string, scope: CookieScope = {}): string | undefined {
    return this.list().find((cookie) => cookie.name === name && inScope(cookie, scope))?.value;
  }

  /** Sets a session cookie by hand, as if the app had sent it. */
  set(name: string, value: string, scope: CookieScope = {}): void {
    const domain = (scope.domain ?? "localhost").toLowerCase().replace(/^\./, "");
    const cookie: StoredCookie = {
      name,
      value,
      domain,
      hostOnly: scope.domain === undefined,
      path: scope.path ?? "/",
      expires: undefined,
      secure: false,
      httpOnly: false,
    };
    const index = this.#cookies.findIndex((other) => sameSlot(other, cookie));
    if (index === -1) this.#cookies.push(cookie);
    else this.#cookies[index] = cookie;
  }

  /** Deletes every cookie called `name` (in `scope` when given). */
  delete(name: string, scope: CookieScope = {}): void {
    this.#cookies = this.#cookies.filter(
      (cookie) => !(cookie.name === name && inScope(cookie, scope)),
    );
  }

  /** Forgets every cookie. */
  clear(): void {
    this.#cookies = [];
  }

  /** The live cookies, oldest first (expired ones are dropped on the way). */
  list(): StoredCookie[] {
    const now = this.#now();
    this.#cookies = this.#cookies.filter(
      (cookie) => cookie.expires === undefined || cookie.expires > now,
    );
    return [...this.#cookies];
  }
}

function inScope(cookie: StoredCookie, scope: CookieScope): boolean {
  const domain = scope.domain?.toLowerCase().replace(/^\./, "");
  return (
    (domain === undefined || cookie.domain === domain) &&
    (scope.path === undefined || cookie.path === scope.path)
  );
}

function sameSlot(a: StoredCookie, b: StoredCookie): boolean {
  return a.name === b.name && a.domain === b.domain && a.path === b.path;
}

/** Parses one Set-Cookie value (RFC 6265 §5.2); `undefined` when it must be ignored. */
export function parseSetCookie(line: string, url: URL, now: number): StoredCookie | undefined {
  const [pair = "", ...attributes] = line.split(";");
  const equals = pair.indexOf("=");
  if (equals === -1) return undefined;
  const name = pair.slice(0, equals).trim();
  const value = pair.slice(equals + 1).trim();
  if (name === "") return undefined;

  const host = url.hostname.toLowerCase();
  let domain: string | undefined;
  let path: string | undefined;
  let maxAge: number | undefined;
  let expires: number | undefined;
  let secure = false;
  let httpOnly = false;
  for (const attribute of attributes) {
    const split = attribute.indexOf("=");
    const key = (split === -1 ? attribute : attribute.slice(0, split)).trim().toLowerCase();
    const argument = split === -1 ? "" : attribute.slice(split + 1).trim();
    if (key === "domain" && argument !== "") domain = argument.replace(/^\./, "").toLowerCase();
    else if (key === "path") path = argument.startsWith("/") ? argument : undefined;
    else if (key === "max-age" && /^-?\d+$/.test(argument)) maxAge = Number(argument);
    else if (key === "expires") {
      const parsed = Date.parse(argument);
      if (!Number.isNaN(parsed)) expires = parsed;
    } else if (key === "secure") secure = true;
    else if (key === "httponly") httpOnly = true;
  }
  if (domain !== undefined && !domainMatches(host, domain)) return undefined;
  if (secure && url.protocol !== "https:") return undefined; // RFC 6265bis §5.6 step 8
  return {
    name,
    value,
    domain: domain ?? host,
    hostOnly: domain === undefined,
    path: path ?? defaultPath(url.pathname),
    // Max-Age wins over Expires; zero or negative means "already expired".
    expires: maxAge !== undefined ? (maxAge <= 0 ? -Infinity : now + maxAge * 1000) : expires,
    secure,
    httpOnly,
  };
}

/** RFC 6265 §5.1.4: the request path up to, not including, its last `/` (at least `/`). */
export function defaultPath(requestPath: string): string {
  if (!requestPath.startsWith("/")) return "/";
  const last = requestPath.lastIndexOf("/");
  return last <= 0 ? "/" : requestPath.slice(0, last);
}

/** RFC 6265 §5.1.4 path-match. */
export function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}

/** RFC 6265 §5.1.3 domain-match: the same host, or a subdomain of a name (never of an IP). */
export function domainMatches(host: string, domain: string): boolean {
  if (host === domain) return true;
  const isIp = /^[\d.]+$/.test(host) || host.includes(":") || host.startsWith("[");
  return !isIp && host.endsWith("." + domain);
}
