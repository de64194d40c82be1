// The per-request server options mean the same on every in-process server: trusted proxies,
// the body-size limit (413), the concurrency limit (503), the dev traceback page, the
// pre/post-request hooks and `tsgi.server`. The cluster server runs the node pipeline in its
// workers and has its own process tests; here each server runs in this process on port 0.
import assert from "node:assert/strict";
import http from "node:http";
import { after, describe, test } from "node:test";
import type { App, Environ } from "@tsgi/core";
import { serve } from "@tsgi/server";
import type { ServeOptions, ServerHandle } from "@tsgi/server";
import { request1, requestH2c, type Probe, type ProbeResponse } from "./_http.ts";

const SERVERS = ["node", "http2", "express", "fastify"] as const;
const encoder = new TextEncoder();

const app: App = async (environ, startResponse) => {
  if (environ.PATH_INFO === "/boom") throw new Error("kaboom from the app");
  if (environ.PATH_INFO === "/slow") await new Promise((resolve) => setTimeout(resolve, 300));
  let received = 0;
  for await (const chunk of environ["tsgi.input"]) received += chunk.byteLength;
  startResponse("200 OK", [["Content-Type", "application/json"]]);
  const seen = { remote: environ.REMOTE_ADDR, server: environ["tsgi.server"], received };
  return [encoder.encode(JSON.stringify(seen))];
};

for (const name of SERVERS) {
  describe(`server options on ${name}`, () => {
    const agent = new http.Agent({ keepAlive: false });
    const handles: ServerHandle[] = [];
    const send = (handle: ServerHandle, probe: Probe): Promise<ProbeResponse> =>
      name === "http2"
        ? requestH2c(handle.address.url, probe)
        : request1(handle.address.url, probe, agent);
    const start = async (options: ServeOptions): Promise<ServerHandle> => {
      const handle = await serve(app, {
        server: name,
        host: "127.0.0.1",
        port: 0,
        errorLog: () => {},
        ...options,
      });
      handles.push(handle);
      return handle;
    };
    after(async () => {
      await Promise.all(handles.map((handle) => handle.close({ timeout: 2_000 })));
      agent.destroy();
    });

    test("tsgi.server names the server", async () => {
      const response = await send(await start({}), { method: "GET", path: "/" });
      assert.equal(response.status, 200);
      assert.equal(JSON.parse(response.body).server, name);
    });

    test("X-Forwarded-For is used only from a trusted proxy", async () => {
      const probe = { method: "GET", path: "/", headers: { "x-forwarded-for": "203.0.113.7" } };
      const trusting = await start({ forwardedAllowIps: ["127.0.0.1"] });
      assert.equal(JSON.parse((await send(trusting, probe)).body).remote, "203.0.113.7");
      const distrusting = await start({ forwardedAllowIps: [] });
      assert.equal(JSON.parse((await send(distrusting, probe)).body).remote, "127.0.0.1");
    });

    test("a body over maxBodySize gets 413 and the app never sees it", async () => {
      const handle = await start({ maxBodySize: 10 });
      const refused = await send(handle, { method: "POST", path: "/", body: "x".repeat(20) });
      assert.equal(refused.status, 413);
      const accepted = await send(handle, { method: "POST", path: "/", body: "x".repeat(10) });
      assert.equal(JSON.parse(accepted.body).received, 10);
    });

    test("requests over maxConcurrentRequests get 503 with Retry-After", async () => {
      const handle = await start({ maxConcurrentRequests: 1 });
      const slow = send(handle, { method: "GET", path: "/slow" });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const busy = await send(handle, { method: "GET", path: "/" });
      assert.equal(busy.status, 503);
      assert.equal(busy.headers["retry-after"], "1");
      assert.equal((await slow).status, 200);
    });

    test("dev mode shows the traceback page; otherwise a plain 500", async () => {
      const dev = await send(await start({ dev: true }), { method: "GET", path: "/boom" });
      assert.equal(dev.status, 500);
      assert.match(dev.body, /kaboom from the app/);
      const plain = await send(await start({}), { method: "GET", path: "/boom" });
      assert.equal(plain.status, 500);
      assert.doesNotMatch(plain.body, /kaboom/);
    });

    test("preRequest and postRequest hooks run around each request", async () => {
      const seen: string[] = [];
      let resolvePost: () => void = () => {};
      const posted = new Promise<void>((resolve) => (resolvePost = resolve));
      const handle = await start({
        hooks: {
          preRequest: (environ: Environ) => void seen.push(`pre ${environ.PATH_INFO}`),
          postRequest: (environ: Environ, outcome) => {
            seen.push(`post ${environ.PATH_INFO} ${String(outcome.status)}`);
            resolvePost();
          },
        },
      });
      assert.equal((await send(handle, { method: "GET", path: "/hooked" })).status, 200);
      await posted;
      assert.deepEqual(seen, ["pre /hooked", "post /hooked 200"]);
    });
  });
}
