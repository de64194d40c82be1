import assert from "node:assert/strict";
import { request } from "node:http";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import fastifyCookie from "@fastify/cookie";
import fastifyFormbody from "@fastify/formbody";
import fastifyMultipart from "@fastify/multipart";
import fastifyStatic from "@fastify/static";
import Fastify from "fastify";
import type { FastifyInstance } from "fastify";
import { assertSame, bothWays, see } from "./_fidelity-helpers.ts";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
let aborts = 0;

function build(): FastifyInstance {
  const app = Fastify({ trustProxy: "127.0.0.1" });
  void app.register(fastifyStatic, { root: fixtures, prefix: "/static/" });
  void app.register(fastifyCookie);
  void app.register(fastifyFormbody);
  void app.register(fastifyMultipart, { limits: { fileSize: 16 * 1024 * 1024 } });
  app.post(
    "/items",
    {
      schema: {
        body: {
          type: "object",
          required: ["name"],
          properties: { name: { type: "string", minLength: 1 } },
        },
      },
    },
    async (request, reply) => reply.code(201).send({ created: request.body }),
  );
  app.post("/form", async (request) => ({ form: request.body }));
  app.get("/cookies", async (_request, reply) =>
    reply.setCookie("a", "1", { path: "/" }).setCookie("b", "2", { httpOnly: true }).send("ok"),
  );
  app.post("/upload", async (request) => {
    const file = await request.file();
    if (file === undefined) return { files: 0 };
    let bytes = 0;
    for await (const chunk of file.file) bytes += (chunk as Buffer).byteLength;
    return { field: file.fieldname, name: file.filename, bytes };
  });
  app.get("/stream", async (_request, reply) => {
    const chunks = Array.from({ length: 64 }, (_, i) => Buffer.alloc(16 * 1024, 97 + (i % 26)));
    return reply.type("application/octet-stream").send(Readable.from(chunks));
  });
  app.get("/boom", async () => {
    throw new Error("kaboom");
  });
  app.get("/ip", async (request) => ({ ip: request.ip, ips: request.ips ?? null }));
  app.get("/hello", async () => ({ hello: "world" }));
  app.get("/slow", { onRequestAbort: () => void aborts++ }, async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    return "late";
  });
  return app;
}

describe(
  "fidelity: the same Fastify app natively and through fromFastify",
  { timeout: 30_000 },
  () => {
    let servers: Awaited<ReturnType<typeof bothWays>>;
    before(async () => {
      servers = await bothWays(build);
    });
    after(() => servers.close());

    const same = (path: string, init: RequestInit = {}): Promise<void> =>
      assertSame(servers, path, init);

    test("@fastify/static: whole file, ETag → 304, Range → 206", async () => {
      await same("/static/style.css");
      const first = await see(servers.native + "/static/style.css");
      const etag = first.headers.find(([name]) => name === "etag")?.[1] ?? "";
      await same("/static/style.css", { headers: { "If-None-Match": etag } });
      await same("/static/style.css", { headers: { Range: "bytes=10-99" } });
      await same("/static/missing.css");
    });

    test("JSON body with schema validation: 201, and Fastify's 400", async () => {
      const post = (body: string) => ({
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
      });
      await same("/items", post('{"name":"pen"}'));
      await same("/items", post('{"name":""}'));
      await same("/items", post("{not json"));
    });

    test("@fastify/formbody", async () => {
      await same("/form", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "a=1&b=two+words&a=3",
      });
    });

    test("@fastify/cookie: two Set-Cookie headers survive, in order", async () => {
      await same("/cookies");
      const adapted = await see(servers.adapted + "/cookies");
      assert.deepEqual(
        adapted.headers.filter(([name]) => name === "set-cookie*").map(([, value]) => value),
        ["a=1; Path=/; SameSite=Lax", "b=2; HttpOnly; SameSite=Lax"],
      );
    });

    test("@fastify/multipart: a 4 MB upload, streamed", async () => {
      const form = () => {
        const data = new FormData();
        data.set("upload", new Blob([Buffer.alloc(4 * 1024 * 1024, 120)]), "big.bin");
        return data;
      };
      const native = await see(servers.native + "/upload", { method: "POST", body: form() });
      const adapted = await see(servers.adapted + "/upload", { method: "POST", body: form() });
      assert.deepEqual(adapted, native);
      assert.match(adapted.body.toString(), /"bytes":4194304/);
    });

    test("streaming reply (Readable), 1 MB", async () => {
      await same("/stream");
    });

    test("a thrown error → Fastify's own 500 JSON; 404 → Fastify's own 404", async () => {
      await same("/boom");
      await same("/nowhere?x=1");
    });

    test("HEAD through exposeHeadRoutes", async () => {
      await same("/hello", { method: "HEAD" });
      await same("/static/style.css", { method: "HEAD" });
    });

    test("request.ip with trustProxy", async () => {
      await same("/ip");
      await same("/ip", { headers: { "X-Forwarded-For": "203.0.113.7" } });
    });

    test("a client disconnect reaches Fastify (onRequestAbort)", async () => {
      for (const base of [servers.native, servers.adapted]) {
        const before = aborts;
        await new Promise<void>((resolve) => {
          const req = request(base + "/slow");
          req.on("error", () => resolve());
          req.end();
          setTimeout(() => {
            req.destroy();
            resolve();
          }, 150);
        });
        const deadline = Date.now() + 3_000;
        while (aborts === before && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        assert.equal(aborts, before + 1, `onRequestAbort ran for ${base}`);
      }
    });
  },
);
