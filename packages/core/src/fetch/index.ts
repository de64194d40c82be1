/**
 * `@tsgi/core/fetch`: bridges between TSGI apps and fetch handlers `(Request) => Response`,
 * so Hono-style apps run on TSGI servers and TSGI apps run wherever fetch handlers do.
 *
 * @example
 * import { fromFetch, toFetch } from "@tsgi/core/fetch";
 * const tsgiApp = fromFetch((request) => new Response("hi"));
 * const handler = toFetch(tsgiApp);
 * await (await handler(new Request("http://localhost/"))).text(); // "hi"
 */
export { buildRequest, fromFetch, type FetchHandler, type FromFetchOptions } from "./from-fetch.ts";
export { toFetch, type ToFetchOptions } from "./to-fetch.ts";
