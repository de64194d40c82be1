import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { App } from "@tsgi/core";
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  getServer,
  knownServers,
  nodeServer,
  registerServer,
  serve,
} from "./index.ts";
import type { TsgiServer } from "./index.ts";

const app: App = (_environ, startResponse) => {
  startResponse("200 OK", [["Content-Type", "text/plain"]]);
  return [new TextEncoder().encode("served")];
};

async function withEnv<T>(value: string | undefined, run: () => Promise<T>): Promise<T> {
  const original = process.env.TSGI_SERVER;
  if (value === undefined) delete process.env.TSGI_SERVER;
  else process.env.TSGI_SERVER = value;
  try {
    return await run();
  } finally {
    if (original === undefined) delete process.env.TSGI_SERVER;
    else process.env.TSGI_SERVER = original;
  }
}

describe("serve() and the server registry", { timeout: 10_000 }, () => {
  it("serves on the node server by default, on 127.0.0.1", async () => {
    assert.equal(DEFAULT_HOST, "127.0.0.1");
    assert.equal(DEFAULT_PORT, 8000);
    const handle = await withEnv(undefined, () => serve(app, { port: 0 }));
    try {
      assert.equal(handle.name, "node");
      assert.equal(handle.address.host, "127.0.0.1");
      const response = await fetch(handle.address.url);
      assert.equal(await response.text(), "served");
    } finally {
      await handle.close();
    }
  });

  it("rejects an unknown server name with TSGI_E_UNKNOWN_SERVER, naming the choices", async () => {
    await assert.rejects(
      serve(app, { server: "nope", port: 0 }),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, "TSGI_E_UNKNOWN_SERVER");
        assert.match(error.message, /"nope"/);
        assert.match(error.message, /\bnode\b/);
        return true;
      },
    );
    assert.throws(() => getServer("nope"), { code: "TSGI_E_UNKNOWN_SERVER" });
  });

  it("picks the server from TSGI_SERVER, and options.server wins over it", async () => {
    await withEnv("nope", async () => {
      await assert.rejects(serve(app, { port: 0 }), { code: "TSGI_E_UNKNOWN_SERVER" });
      const handle = await serve(app, { server: "node", port: 0 });
      await handle.close();
    });
    const handle = await withEnv("", () => serve(app, { port: 0 }));
    assert.equal(handle.name, "node", "an empty TSGI_SERVER means unset");
    await handle.close();
  });

  it("registers servers by name and refuses a different one under a taken name", async () => {
    const seen: unknown[] = [];
    const fake: TsgiServer = {
      name: "fake-for-test",
      listen: (_app, options) => {
        seen.push(options);
        return nodeServer.listen(_app, { ...options, port: 0 });
      },
    };
    registerServer(fake);
    registerServer(fake); // the same object again is fine
    assert.ok(knownServers().includes("fake-for-test"));
    assert.equal(knownServers()[0], "node");
    assert.equal(getServer("fake-for-test"), fake);
    assert.throws(() => registerServer({ ...fake }), { code: "TSGI_E_SERVER_EXISTS" });
    const handle = await serve(app, { server: "fake-for-test", accessLog: false });
    await handle.close();
    assert.deepEqual(seen, [{ accessLog: false, host: "127.0.0.1", port: 8000 }]);
  });
});
