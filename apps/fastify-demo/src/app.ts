/**
 * The Fastify demo app. It is plain Fastify 5: `npm run start:native` runs it with
 * `app.listen`, and `npm start` hands the same `app` to `tsgi serve`, which recognises a
 * Fastify instance and adapts it with `fromFastify` from @tsgi/fastify.
 */
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import cookie from "@fastify/cookie";
import multipart from "@fastify/multipart";
import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyInstance } from "fastify";
import { homePage } from "./pages.ts";
import { todosPlugin } from "./todos.ts";
import { MAX_UPLOAD_BYTES, uploadPlugin } from "./upload.ts";

/** The folder @fastify/static serves at `/static/`. */
export const PUBLIC_DIR = fileURLToPath(new URL("../public/", import.meta.url));

/** Options of {@link buildApp}. */
export interface DemoOptions {
  /** Fastify's logger (default off, so tests stay quiet; native.ts turns it on). */
  logger?: boolean;
  /** Pause between the chunks of `/stream`, in ms (default 100). */
  streamDelayMs?: number;
  /**
   * Where the app is mounted, e.g. "/fastify" (default "": the root). Routes, static files,
   * links, redirects and cookie paths all start with it.
   */
  prefix?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

async function* streamLines(delayMs: number): AsyncGenerator<string> {
  for (let line = 1; line <= 5; line++) {
    yield `line ${line} of 5\n`;
    await sleep(delayMs);
  }
}

/**
 * Builds a fresh instance with its own todo store. A Fastify instance can be readied and
 * listened once, so tests (and each server of the differential tests) build their own.
 *
 * @example
 * import { buildApp } from "./app.ts";
 * await buildApp().listen({ port: 8000 });
 */
export function buildApp(options: DemoOptions = {}): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false });
  const streamDelayMs = options.streamDelayMs ?? 100;
  const prefix = options.prefix ?? "";

  // Fastify parses JSON and text/plain itself; a urlencoded form needs one small parser.
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string" },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  // Every route, static file and redirect lives under `prefix` (Fastify has no mount point:
  // under a TSGI dispatcher it sees the full URL, prefix included).
  app.register(
    async (scope) => {
      scope.register(fastifyStatic, { root: PUBLIC_DIR, prefix: "/static/" });
      scope.register(cookie);
      scope.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });

      scope.get<{ Querystring: { name?: string } }>("/", async (request, reply) =>
        reply
          .type("text/html; charset=utf-8")
          .send(homePage(request.query.name ?? "world", prefix)),
      );

      // What a load balancer or the all-in-one landing page polls.
      scope.get("/health", async () => ({ app: "fastify-demo", ok: true }));

      scope.register(todosPlugin, { prefix: "/api/todos" });

      // Shows what Fastify parsed, so differential tests see every input the app sees.
      scope.route({
        method: ["GET", "POST", "PUT", "PATCH", "DELETE"],
        url: "/api/echo",
        handler: async (request) => ({
          method: request.method,
          url: request.url,
          query: request.query,
          ip: request.ip,
          protocol: request.protocol,
          contentType: request.headers["content-type"] ?? null,
          tags: request.headers["x-tag"] ?? null,
          cookies: request.cookies,
          body: request.body ?? null,
        }),
      });

      scope.register(uploadPlugin);

      // Two Set-Cookie headers in one response: the header every peer bridge once merged or lost.
      scope.get("/visit", async (request, reply) => {
        const visits = Number(request.cookies.visits ?? 0) + 1;
        const path = prefix === "" ? "/" : prefix;
        reply.setCookie("visits", String(visits), { path, httpOnly: true, sameSite: "lax" });
        reply.setCookie("last_path", request.url, { path, sameSite: "lax" });
        return reply.type("text/plain; charset=utf-8").send(`visit number ${visits}\n`);
      });

      scope.get("/old", async (_request, reply) => reply.redirect(`${prefix}/`, 301));
      scope.get("/go-home", async (_request, reply) =>
        reply.redirect(`${prefix}/?name=redirected`),
      );

      scope.get("/stream", async (_request, reply) =>
        reply.type("text/plain; charset=utf-8").send(Readable.from(streamLines(streamDelayMs))),
      );

      // A thrown error becomes Fastify's native 500 JSON ({ statusCode, error, message }).
      scope.get("/boom", async () => {
        throw new Error("boom");
      });
    },
    { prefix },
  );

  return app;
}

/** The instance `npm start` serves (`tsgi serve src/app.ts:app`); not yet listening. */
export const app: FastifyInstance = buildApp();
