/**
 * The apps under test, identical natively and adapted: GET / → "Hello, World!" (text/plain)
 * and GET /json → {"message":"Hello, World!"}. Each framework app is built by a function, so a
 * native run and an adapted run never share an instance (or its warmed-up caches).
 */
import http from "node:http";
import express from "express";
import Fastify from "fastify";
import type { App } from "@tsgi/core";

export const HELLO = "Hello, World!";
const HELLO_BYTES = Buffer.from(HELLO);
const JSON_BYTES = Buffer.from(JSON.stringify({ message: HELLO }));

/** The hot-path reference: node:http with nothing in between. */
export function rawNodeServer(): http.Server {
  return http.createServer((req, res) => {
    if (req.url === "/json") {
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": JSON_BYTES.length,
      });
      res.end(JSON_BYTES);
    } else {
      res.writeHead(200, { "content-type": "text/plain", "content-length": HELLO_BYTES.length });
      res.end(HELLO_BYTES);
    }
  });
}

/** The same two routes as a raw TSGI app (what a framework-free TSGI app pays). */
export const tsgiApp: App = (environ, startResponse) => {
  const json = environ.PATH_INFO === "/json";
  const body = json ? JSON_BYTES : HELLO_BYTES;
  startResponse("200 OK", [
    ["Content-Type", json ? "application/json" : "text/plain"],
    ["Content-Length", String(body.length)],
  ]);
  return [body];
};

/** An Express 5 app with the two routes, written the way Express users write them. */
export function expressApp(): express.Express {
  const app = express();
  app.get("/", (_req, res) => {
    res.type("text/plain").send(HELLO);
  });
  app.get("/json", (_req, res) => {
    res.json({ message: HELLO });
  });
  return app;
}

/** A Fastify 5 instance with the two routes, written the way Fastify users write them. */
export function fastifyApp(): ReturnType<typeof Fastify> {
  const app = Fastify({ logger: false });
  app.get("/", async (_request, reply) => reply.type("text/plain").send(HELLO));
  app.get("/json", async () => ({ message: HELLO }));
  return app;
}
