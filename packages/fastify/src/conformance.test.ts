import { runConformanceSuite } from "@tsgi/core/conformance";
import type { ConformanceTestId } from "@tsgi/core/conformance";
import { nodeServer } from "@tsgi/server";
import Fastify from "fastify";
import { fromFastify } from "./from-fastify.ts";
import { fastifyServer } from "./server.ts";
import { toFastify } from "./to-fastify.ts";

runConformanceSuite({
  name: "fastify",
  async start(app) {
    let errors = "";
    const handle = await fastifyServer.listen(app, {
      host: "127.0.0.1",
      port: 0,
      errorLog: (text) => (errors += text),
    });
    return {
      url: handle.address.url,
      close: () => handle.close({ timeout: 5_000 }),
      errorOutput: () => errors,
    };
  },
  skip: {} satisfies Partial<Record<ConformanceTestId, string>>,
});

runConformanceSuite({
  name: "fromFastify(toFastify(app)) on node",
  async start(app) {
    let errors = "";
    const fastify = Fastify({ routerOptions: { maxParamLength: Number.MAX_SAFE_INTEGER } });
    await fastify.register(toFastify(app, { errorLog: (text) => (errors += text) }));
    const handle = await nodeServer.listen(fromFastify(fastify), {
      host: "127.0.0.1",
      port: 0,
      errorLog: (text) => (errors += text),
    });
    return {
      url: handle.address.url,
      close: async () => {
        await handle.close({ timeout: 5_000 });
        await fastify.close();
      },
      errorOutput: () => errors,
    };
  },
  skip: {
    "environ.path-and-query":
      "Fastify's router (find-my-way) answers 400 FST_ERR_BAD_URL for a malformed escape (%zz) before any route runs; the TSGI app never sees the request",
    "response.connection-close":
      "toFastify hosts the inner app on node's request listener, which turns Connection: close into res.shouldKeepAlive = false rather than a header; fromFastify captures headers, so the outer server never sees the request to close (a fromFastify app that sets Connection: close itself does pass it on)",
  } satisfies Partial<Record<ConformanceTestId, string>>,
});
