// A user's project may still be on Fastify 4: the adapters detect an instance by shape, never
// by this repository's copy, and drive its `routing` the same way. The Fastify 5 plugins of
// fidelity.test.ts refuse Fastify 4, so this app uses Fastify's own features only.
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import type { App } from "@tsgi/core";
import type { FastifyInstance } from "fastify";
import fastify4 from "fastify4";
import { assertSame, bothWays } from "./_fidelity-helpers.ts";
import { isFastifyInstance } from "./detect.ts";
import { toFastify } from "./to-fastify.ts";

function build(): FastifyInstance {
  const app = fastify4({ trustProxy: "127.0.0.1" });
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
  app.get("/cookies", async (_request, reply) =>
    reply.header("set-cookie", ["a=1; Path=/", "b=2; HttpOnly"]).send("ok"),
  );
  app.get("/stream", async (_request, reply) => {
    const chunks = Array.from({ length: 16 }, (_, i) => Buffer.alloc(16 * 1024, 97 + i));
    return reply.type("application/octet-stream").send(Readable.from(chunks));
  });
  app.get("/redirect", async (_request, reply) => reply.redirect("/cookies"));
  app.get("/boom", async () => {
    throw new Error("kaboom");
  });
  app.get("/ip", async (request) => ({ ip: request.ip, ips: request.ips ?? null }));
  return app as unknown as FastifyInstance;
}

describe(
  "Fastify 4 through fromFastify, compared with its own listen()",
  { timeout: 30_000 },
  () => {
    let servers: Awaited<ReturnType<typeof bothWays>>;
    before(async () => {
      servers = await bothWays(build);
    });
    after(() => servers.close());

    const same = (path: string, init: RequestInit = {}): Promise<void> =>
      assertSame(servers, path, init);

    test("is recognised as a Fastify instance by shape", () => {
      assert.equal(isFastifyInstance(fastify4()), true);
    });
    test("JSON body with schema validation: 201, and Fastify's 400s", async () => {
      const post = (body: string) => ({
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
      });
      await same("/items", post('{"name":"pen"}'));
      await same("/items", post('{"name":""}'));
      await same("/items", post("{not json"));
    });
    test("two Set-Cookie headers survive, in order", () => same("/cookies"));
    test("a streamed body", () => same("/stream"));
    test("redirect, thrown error and 404 pages", async () => {
      await same("/redirect");
      await same("/boom");
      await same("/missing");
    });
    test("request.ip with trustProxy", () =>
      same("/ip", { headers: { "X-Forwarded-For": "203.0.113.9" } }));
  },
);

describe("toFastify inside Fastify 4", () => {
  let fastify: ReturnType<typeof fastify4>;
  let url = "";
  const app: App = async (environ, startResponse) => {
    let text = "";
    for await (const chunk of environ["tsgi.input"]) text += new TextDecoder().decode(chunk);
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    const seen = `${environ.SCRIPT_NAME}|${environ.PATH_INFO}|${environ.QUERY_STRING}|${text}`;
    return [new TextEncoder().encode(seen)];
  };
  before(async () => {
    fastify = fastify4();
    await fastify.register(toFastify(app) as never, { prefix: "/legacy" });
    await fastify.listen({ host: "127.0.0.1", port: 0 });
    const address = fastify.server.address();
    url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
  });
  after(() => fastify.close());

  test("the prefix is SCRIPT_NAME and the body streams to the app untouched", async () => {
    const response = await fetch(`${url}/legacy/a/b?x=1`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{not parsed by Fastify}",
    });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "/legacy|/a/b|x=1|{not parsed by Fastify}");
  });
});
