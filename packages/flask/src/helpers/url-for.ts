import { appContextState, hasRequestContext, requestContextState } from "../ctx/context.ts";

/**
 * Thrown when no URL can be built: outside a request without `SERVER_NAME`.
 *
 * @example
 * await app.appContext().run(() => urlFor("index")); // throws without SERVER_NAME
 */
export class UrlBuildContextError extends Error {
  readonly code = "FLASK_E_NO_SERVER_NAME";
}

/** `urlFor`'s special values, as Flask's underscore keywords. */
export interface UrlForSpecial {
  /** Absolute URL (default: false in a request, true outside). */
  _external?: boolean;
  /** `#fragment` to append. */
  _anchor?: string;
  /** Build the rule that allows this method. */
  _method?: string;
  /** Scheme of an external URL (implies `_external`). */
  _scheme?: string;
}

/**
 * Builds the URL of an endpoint, like Flask's `url_for`: the rule's variables from `values`,
 * other values as the query string, `SCRIPT_NAME` in front (so a mounted app links right).
 * `.name` means the current blueprint's `name`. Throws routing's `BuildError` naming the
 * endpoint and the missing values.
 *
 * @example
 * urlFor("blog.update", { id: 3 });           // "/3/update"
 * urlFor("index", { page: 2, _anchor: "top" }); // "/?page=2#top"
 * urlFor("static", { filename: "style.css", _external: true }); // "http://localhost/static/style.css"
 * urlFor(".login");                            // inside the auth blueprint: "/auth/login"
 */
export function urlFor(
  endpoint: string,
  values: Record<string, unknown> & UrlForSpecial = {},
): string {
  const state = appContextState();
  const { _external, _anchor, _method, _scheme, ...rest } = values;
  let name = endpoint;
  const inRequest = hasRequestContext();
  if (inRequest && name.startsWith(".")) {
    const blueprint = requestContextState().request.blueprint;
    name = blueprint === undefined ? name.slice(1) : `${blueprint}${name}`;
  } else if (name.startsWith(".")) {
    name = name.slice(1);
  }
  const adapter = state.urlAdapter;
  if (adapter === undefined) {
    throw new UrlBuildContextError(
      "Unable to build URLs outside an active request without 'SERVER_NAME' configured. Also configure 'APPLICATION_ROOT' and 'PREFERRED_URL_SCHEME' as needed.",
    );
  }
  const external = _scheme !== undefined ? true : (_external ?? !inRequest);
  return adapter.build(name, rest, {
    ...(_method === undefined ? {} : { method: _method }),
    forceExternal: external,
    ...(_anchor === undefined ? {} : { anchor: _anchor }),
    ...(_scheme === undefined ? {} : { urlScheme: _scheme }),
  });
}
