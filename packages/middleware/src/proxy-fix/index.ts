import { decodePath } from "@tsgi/core";
import type { App, Environ } from "@tsgi/core";
import { copyEnviron } from "../_internal/environ.ts";
import { checkApp, checkOptionsObject, integerOption } from "../_internal/options.ts";

/** The environ key holding the values proxyFix replaced, as werkzeug's `werkzeug.proxy_fix.orig`. */
export const PROXY_FIX_ORIGINAL_KEY = "middleware.proxy_fix.orig";

/** Options of {@link proxyFix}: how many proxies in front set each header (0 ignores it). */
export interface ProxyFixOptions {
  /** `X-Forwarded-For` → REMOTE_ADDR (default 1). */
  xFor?: number;
  /** `X-Forwarded-Proto` → `tsgi.url_scheme` (default 1). */
  xProto?: number;
  /** `X-Forwarded-Host` → HTTP_HOST, SERVER_NAME, SERVER_PORT (default 0). */
  xHost?: number;
  /** `X-Forwarded-Port` → SERVER_PORT and the port in HTTP_HOST (default 0). */
  xPort?: number;
  /** `X-Forwarded-Prefix` → SCRIPT_NAME (default 0). */
  xPrefix?: number;
}

/** What proxyFix replaced, stored under {@link PROXY_FIX_ORIGINAL_KEY}. */
export interface ProxyFixOriginal {
  REMOTE_ADDR: string | undefined;
  "tsgi.url_scheme": string;
  HTTP_HOST: string | undefined;
  SERVER_NAME: string;
  SERVER_PORT: string;
  SCRIPT_NAME: string;
}

const NAME = "proxyFix";
const HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~%!$&'()*+,;=]+)(:\d{1,5})?$/;
const IP = /^[0-9A-Fa-f:.]+$/;

/**
 * werkzeug's `ProxyFix`: behind `N` trusted proxies, take the client address, scheme, host,
 * port and mount prefix from the `X-Forwarded-*` headers those proxies set. Each option is the
 * number of values to trust, counted from the right (the nearest proxy): with `xFor: 1` the
 * last `X-Forwarded-For` entry is used, never one a client could have forged further left. A
 * header with fewer values than trusted is ignored. Malformed values (a scheme other than
 * http/https, a host with spaces, a non-numeric port) are ignored too. The originals are kept
 * under {@link PROXY_FIX_ORIGINAL_KEY}.
 *
 * Use it only when the app is reachable through the proxies alone; otherwise clients set these
 * headers themselves. (The TSGI servers' `forwardedAllowIps` option trusts by address instead.)
 *
 * @throws MiddlewareOptionError (`TSGI_E_MW_INVALID_OPTION`) for a negative or fractional count.
 *
 * @example
 * import { proxyFix } from "@tsgi/middleware/proxy-fix";
 * // nginx in front sets X-Forwarded-For, -Proto, -Host and -Prefix.
 * const app = proxyFix(myApp, { xFor: 1, xProto: 1, xHost: 1, xPrefix: 1 });
 */
export function proxyFix(app: App, options: ProxyFixOptions = {}): App {
  checkApp(NAME, app);
  checkOptionsObject(NAME, options);
  const xFor = integerOption(NAME, "xFor", options.xFor, 1);
  const xProto = integerOption(NAME, "xProto", options.xProto, 1);
  const xHost = integerOption(NAME, "xHost", options.xHost, 0);
  const xPort = integerOption(NAME, "xPort", options.xPort, 0);
  const xPrefix = integerOption(NAME, "xPrefix", options.xPrefix, 0);

  return (environ, startResponse) => {
    const inner = copyEnviron(environ);
    const original: ProxyFixOriginal = {
      REMOTE_ADDR: environ.REMOTE_ADDR,
      "tsgi.url_scheme": environ["tsgi.url_scheme"],
      HTTP_HOST: typeof environ.HTTP_HOST === "string" ? environ.HTTP_HOST : undefined,
      SERVER_NAME: environ.SERVER_NAME,
      SERVER_PORT: environ.SERVER_PORT,
      SCRIPT_NAME: environ.SCRIPT_NAME,
    };
    inner[PROXY_FIX_ORIGINAL_KEY] = original;

    const forwardedFor = trusted(xFor, environ.HTTP_X_FORWARDED_FOR);
    if (forwardedFor !== undefined && IP.test(forwardedFor)) inner.REMOTE_ADDR = forwardedFor;

    const proto = trusted(xProto, environ.HTTP_X_FORWARDED_PROTO)?.toLowerCase();
    if (proto === "http" || proto === "https") inner["tsgi.url_scheme"] = proto;

    const host = trusted(xHost, environ.HTTP_X_FORWARDED_HOST);
    if (host !== undefined && HOST.test(host)) {
      inner.HTTP_HOST = host;
      const [name, port] = splitHost(host);
      inner.SERVER_NAME = name;
      if (port !== undefined) inner.SERVER_PORT = port;
    }

    const port = trusted(xPort, environ.HTTP_X_FORWARDED_PORT);
    if (port !== undefined && /^\d{1,5}$/.test(port)) {
      const currentHost = inner.HTTP_HOST;
      if (typeof currentHost === "string" && currentHost !== "") {
        inner.HTTP_HOST = `${splitHost(currentHost)[0]}:${port}`;
      }
      inner.SERVER_PORT = port;
    }

    const prefix = trusted(xPrefix, environ.HTTP_X_FORWARDED_PREFIX);
    if (prefix !== undefined) {
      const decoded = safeDecode(prefix);
      if (decoded !== undefined && (decoded === "" || decoded.startsWith("/"))) {
        inner.SCRIPT_NAME = decoded.replace(/\/+$/, "");
      }
    }
    return app(inner, startResponse);
  };
}

/**
 * The original values proxyFix replaced, or undefined when it did not run.
 *
 * @example
 * proxyFixOriginal(environ)?.REMOTE_ADDR; // the proxy's own address
 */
export function proxyFixOriginal(environ: Environ): ProxyFixOriginal | undefined {
  return environ[PROXY_FIX_ORIGINAL_KEY] as ProxyFixOriginal | undefined;
}

// werkzeug's `_get_real_value`: the `count`-th value from the right, if there are that many.
function trusted(count: number, header: unknown): string | undefined {
  if (count === 0 || typeof header !== "string" || header === "") return undefined;
  const values = header.split(",");
  if (values.length < count) return undefined;
  const value = values[values.length - count]!.trim();
  return value === "" ? undefined : value;
}

// "]" at the end means an IPv6 literal without a port.
function splitHost(host: string): [name: string, port: string | undefined] {
  const colon = host.lastIndexOf(":");
  if (colon === -1 || host.endsWith("]")) return [host, undefined];
  return [host.slice(0, colon), host.slice(colon + 1)];
}

function safeDecode(path: string): string | undefined {
  try {
    return decodePath(path);
  } catch {
    return undefined;
  }
}
