import type { App } from "@tsgi/core";
import { MiddlewareOptionError } from "../errors.ts";
import { copyEnviron } from "../_internal/environ.ts";
import { checkApp, checkOptionsObject } from "../_internal/options.ts";

/** Options of {@link dispatcher}. */
export interface DispatcherOptions {
  /**
   * Apps by mount prefix: `{ "/blog": blogApp, "/api/v1": apiApp }`. A prefix starts with `/`,
   * has no trailing slash, and matches whole path segments (`/blog` serves `/blog` and
   * `/blog/…`, not `/blogs`). The longest matching prefix wins.
   */
  mounts: Readonly<Record<string, App>>;
}

const NAME = "dispatcher";

/**
 * Mounts apps at path prefixes, as werkzeug's `DispatcherMiddleware` does: the matched prefix
 * moves from `PATH_INFO` to the end of `SCRIPT_NAME`, so each mounted app sees its own paths and
 * builds correct URLs (Express `req.baseUrl`, `applicationUri`, a framework's `urlFor`).
 * Requests that match no prefix go to `app`. The inner app gets a copy of environ, so
 * middleware outside still sees the original paths; `tsgi.request_target` is never changed.
 *
 * @throws MiddlewareOptionError (`TSGI_E_MW_INVALID_OPTION`) for a malformed prefix or app.
 *
 * @example
 * import { dispatcher } from "@tsgi/middleware/dispatcher";
 * const site = dispatcher(landingPage, {
 *   mounts: { "/blog": blogApp, "/shop": fromExpress(shop) },
 * });
 * // GET /blog/posts/1 → blogApp with SCRIPT_NAME "/blog", PATH_INFO "/posts/1"
 */
export function dispatcher(app: App, options: DispatcherOptions): App {
  checkApp(NAME, app);
  checkOptionsObject(NAME, options, false);
  const { mounts } = options;
  checkOptionsObject(NAME, mounts, false);
  const table = new Map<string, App>();
  for (const [prefix, mounted] of Object.entries(mounts)) {
    if (!prefix.startsWith("/") || prefix.endsWith("/") || prefix.includes("//")) {
      throw new MiddlewareOptionError(
        NAME,
        `mounts["${prefix}"]`,
        'must be a prefix like "/blog": a leading slash, no trailing or doubled slash',
      );
    }
    checkApp(NAME, mounted, `mounts["${prefix}"]`);
    table.set(prefix, mounted);
  }

  return (environ, startResponse) => {
    const pathInfo = environ.PATH_INFO;
    // Walk from the whole path towards the root, one segment at a time: the first hit is the
    // longest mounted prefix, and only whole segments can match.
    let script = pathInfo;
    let rest = "";
    while (script.includes("/")) {
      const mounted = table.get(script);
      if (mounted !== undefined) {
        const inner = copyEnviron(environ);
        inner.SCRIPT_NAME = environ.SCRIPT_NAME + script;
        inner.PATH_INFO = rest;
        return mounted(inner, startResponse);
      }
      const slash = script.lastIndexOf("/");
      rest = script.slice(slash) + rest;
      script = script.slice(0, slash);
    }
    return app(environ, startResponse);
  };
}
