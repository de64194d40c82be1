/**
 * The hello app: a raw TSGI app, no framework. It shows the interface itself: the PEP 3333
 * hello world, the environ a server builds, a streamed body, and a form read by hand.
 *
 * @example
 * // npm start (in apps/hello), or from anywhere in the repository:
 * //   npx tsgi serve apps/hello/src/app.ts:app
 * import { serve } from "@tsgi/server";
 * import { app } from "@tsgi/hello";
 * const server = await serve(app, { port: 8000 });
 * console.log(server.address.url);
 */
import { closeBody } from "@tsgi/core";
import type { App, Body, Environ, StartResponse } from "@tsgi/core";
import { environPage } from "./environ-page.ts";
import { showForm, submitForm } from "./form.ts";
import { escapeHtml, page } from "./html.ts";
import { respond, respondHtml } from "./respond.ts";
import { streamRoute } from "./stream.ts";

/** PEP 3333's first example, in TSGI. */
const helloWorld: App = (_environ, startResponse) =>
  respond(startResponse, "200 OK", "text/plain; charset=utf-8", "Hello, World!\n");

/** GET /health: what a load balancer (or the all-in-one landing page) polls. */
const health: App = (_environ, startResponse) =>
  respond(startResponse, "200 OK", "application/json", JSON.stringify({ app: "hello", ok: true }));

/** Options of {@link createApp}. */
export interface HelloOptions {
  /** Pause between the lines of /stream, in ms (default 200: slow enough to watch). */
  streamDelayMs?: number;
}

/**
 * Builds the hello app. Routes are matched on PATH_INFO, so the app works unchanged when a
 * dispatcher mounts it under a prefix (the prefix is then in SCRIPT_NAME).
 *
 * @example
 * import { createApp } from "@tsgi/hello";
 * import { createTestClient } from "@tsgi/core/testing";
 * const response = await createTestClient(createApp({ streamDelayMs: 0 })).get("/stream");
 * response.text; // "line 1 of 5\n…"
 */
export function createApp(options: HelloOptions = {}): App {
  // Each path maps methods to handlers; HEAD is served by GET without its body (see headOf).
  const routes = new Map<string, ReadonlyMap<string, App>>([
    ["/", new Map([["GET", helloWorld]])],
    ["/environ", new Map([["GET", environPage]])],
    ["/health", new Map([["GET", health]])],
    ["/stream", new Map([["GET", streamRoute(options.streamDelayMs ?? 200)]])],
    [
      "/form",
      new Map([
        ["GET", showForm],
        ["POST", submitForm],
      ]),
    ],
  ]);

  return (environ, startResponse) => {
    // Mounted at a prefix, a request for the prefix itself arrives with an empty PATH_INFO.
    const path = environ.PATH_INFO === "" ? "/" : environ.PATH_INFO;
    const methods = routes.get(path);
    if (methods === undefined) return notFound(environ, path, routes.keys(), startResponse);
    const isHead = environ.REQUEST_METHOD === "HEAD";
    const handler = methods.get(isHead ? "GET" : environ.REQUEST_METHOD);
    if (handler !== undefined) {
      return isHead ? headOf(handler)(environ, startResponse) : handler(environ, startResponse);
    }
    const allow = [...methods.keys(), "HEAD"].sort().join(", ");
    return respondHtml(
      startResponse,
      "405 Method Not Allowed",
      page("405", `<h1>405 Method Not Allowed</h1><p>${escapeHtml(path)} allows ${allow}.</p>`),
      [["Allow", allow]],
    );
  };
}

/**
 * HEAD runs the GET handler for its status and headers (Content-Length included) and sends
 * no body bytes, as the contract asks of apps; the GET body is closed unread.
 */
function headOf(handler: App): App {
  return async (environ, startResponse) => {
    await closeBody(await handler(environ, startResponse));
    return [];
  };
}

/** 404 with links to the routes that do exist (under SCRIPT_NAME, in case the app is mounted). */
function notFound(
  environ: Environ,
  path: string,
  routes: Iterable<string>,
  startResponse: StartResponse,
): Body {
  const links = [...routes]
    .map((route) => `<li><a href="${escapeHtml(environ.SCRIPT_NAME + route)}">${route}</a></li>`)
    .join("");
  const html = page(
    "404",
    `<h1>404 Not Found</h1><p>Nothing at ${escapeHtml(path)}. Try:</p><ul>${links}</ul>`,
  );
  return respondHtml(startResponse, "404 Not Found", html);
}

/** The hello app with its default options: what `npm start` serves. */
export const app: App = createApp();
