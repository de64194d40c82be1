// A minimal TSGI environ for routing tests (the routing code reads only CGI keys and the scheme).
import type { Environ } from "@tsgi/core";

/**
 * Builds an environ with sensible defaults for the keys routing reads.
 *
 * @example
 * createEnviron({ PATH_INFO: "/docs", HTTP_HOST: "example.org" });
 */
export function createEnviron(overrides: Record<string, unknown> = {}): Environ {
  return {
    REQUEST_METHOD: "GET",
    SCRIPT_NAME: "",
    PATH_INFO: "/",
    QUERY_STRING: "",
    SERVER_NAME: "localhost",
    SERVER_PORT: "80",
    SERVER_PROTOCOL: "HTTP/1.1",
    "tsgi.url_scheme": "http",
    ...overrides,
  } as unknown as Environ;
}
