import type { App, Body, Environ } from "@tsgi/core";
import { createSocketPair } from "./_socket-pair.ts";
import { isFastifyInstance, NotAFastifyInstanceError } from "./detect.ts";
import type { FastifyLike } from "./detect.ts";
import { EnvironRequest, requestHead } from "./request.ts";
import type { PathMode } from "./request.ts";
import { captureResponse } from "./response.ts";
import type { CapturedResponse } from "./response.ts";

/** Options of {@link fromFastify}. */
export interface FromFastifyOptions {
  /**
   * What URL the Fastify app sees when the TSGI app is mounted under a SCRIPT_NAME:
   * `"full"` (default) the whole request URL, prefix included, as the client sent it;
   * `"strip-script-name"` only PATH_INFO (and the query). Fastify has no notion of a mount
   * point (no `req.baseUrl`), so "full" keeps redirects, `@fastify/static` and logs correct
   * for an app whose routes already carry their prefix (`register(..., { prefix })`).
   */
  path?: PathMode;
}

/**
 * Runs a Fastify 4 or 5 instance as a TSGI app, on any TSGI server and behind TSGI middleware.
 * Each request goes to `instance.routing(req, res)` with a real `IncomingMessage` and
 * `ServerResponse`, so hooks, plugins, error handlers and 404s behave as natively.
 * `instance.ready()` is awaited once, on the first request; never call `listen()` on it.
 *
 * @throws NotAFastifyInstanceError (code `TSGI_E_NOT_FASTIFY`) for anything else.
 *
 * @example
 * import Fastify from "fastify";
 * import { fromFastify } from "@tsgi/fastify";
 * import { nodeServer } from "@tsgi/server";
 *
 * const fastify = Fastify();
 * fastify.get("/hello", async () => ({ hello: "world" }));
 * await nodeServer.listen(fromFastify(fastify), { port: 8000 });
 */
export function fromFastify(instance: FastifyLike, options: FromFastifyOptions = {}): App {
  if (!isFastifyInstance(instance)) throw new NotAFastifyInstanceError(instance);
  const mode = options.path ?? "full";
  let ready: Promise<unknown> | undefined;
  return async (environ, startResponse) => {
    await (ready ??= Promise.resolve(instance.ready()));
    const exchange = startExchange(instance, environ, mode);
    const captured = await exchange.response;
    startResponse(captured.status, captured.headers);
    return exchange.body(captured.body);
  };
}

function startExchange(instance: FastifyLike, environ: Environ, mode: PathMode) {
  const { target, rawHeaders, hasBody } = requestHead(environ, mode);
  const peer = environ["tsgi.peer_addr"];
  const { server, client } = createSocketPair({
    // The connection's own peer: Fastify's trustProxy resolves X-Forwarded-For itself, as
    // natively, so it must not see an address a TSGI proxy resolver already rewrote.
    remoteAddress: typeof peer === "string" ? peer : environ.REMOTE_ADDR,
    remotePort: toPort(environ.REMOTE_PORT),
    localAddress: environ.SERVER_NAME,
    localPort: toPort(environ.SERVER_PORT),
    encrypted: environ["tsgi.url_scheme"] === "https",
  });
  const req = new EnvironRequest(server, environ["tsgi.input"], hasBody);
  req.method = environ.REQUEST_METHOD;
  req.url = target;
  req.httpVersion = "1.1";
  req.httpVersionMajor = 1;
  req.httpVersionMinor = environ.SERVER_PROTOCOL === "HTTP/1.0" ? 0 : 1;
  if (req.httpVersionMinor === 0) req.httpVersion = "1.0";
  req.rawHeaders = rawHeaders;
  // node computes `headers` lazily from the parser; set it too, since it may have been read
  // (as empty) while the message was built. Names are unique: environ joined repeats.
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    headers[rawHeaders[i] as string] = rawHeaders[i + 1] as string;
  }
  req.headers = headers;
  const { res, response } = captureResponse(req, server, client);

  let done = false;
  // The client went away: tear the connection down so Fastify sees what it would over TCP,
  // 'close' on the request (aborted, so onRequestAbort runs) and on the response.
  const disconnect = (): void => {
    if (done) return;
    done = true;
    req.destroy();
    server.destroy();
    client.destroy();
  };
  const signal = environ["tsgi.signal"];
  signal?.addEventListener("abort", disconnect, { once: true });

  instance.routing(req, res);
  return {
    response,
    body(read: CapturedResponse["body"]): Body {
      return read((completed) => {
        signal?.removeEventListener("abort", disconnect);
        if (!completed) return disconnect();
        done = true;
        // As node's server does after a response: an unread, fully received body is dumped
        // so the request ends and closes without counting as aborted.
        if (req.complete) req.resume();
        server.destroy();
        client.destroy();
      });
    },
  };
}

function toPort(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const port = Number(value);
  return Number.isInteger(port) ? port : undefined;
}
