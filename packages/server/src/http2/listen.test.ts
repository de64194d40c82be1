// Starting the http2 server: registration, addresses, TLS options that fail at start, several
// bound addresses, and the lifecycle hooks.
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { connect as connectH2 } from "node:http2";
import { connect as connectNet } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { App } from "@tsgi/core";
import { getServer, knownServers, serve } from "../index.ts";
import { testCertificate } from "./_test-cert.ts";
import { encode, openSession, request } from "./_test-helpers.ts";
import { http2Server, TlsOptionsError } from "./index.ts";

const hello: App = (environ, startResponse) => {
  startResponse("200 OK", [["Content-Type", "text/plain"]]);
  return [encode(`hello over ${environ.SERVER_PROTOCOL}`)];
};

describe("http2 server: listen", { timeout: 20_000 }, () => {
  it('is registered as "http2" and chosen by serve({ server: "http2" })', async () => {
    assert.equal(getServer("http2"), http2Server);
    assert.ok(knownServers().includes("http2"));
    const handle = await serve(hello, { server: "http2", port: 0, errorLog: () => {} });
    try {
      assert.equal(handle.name, "http2");
      assert.equal(handle.address.url, `http://127.0.0.1:${handle.address.port}`);
      const session = await openSession(handle.address.url);
      const result = await request(session, { ":path": "/" });
      session.destroy();
      assert.equal(result.body.toString(), "hello over HTTP/2");
    } finally {
      await handle.close({ timeout: 2_000 });
    }
  });

  it("reports an https:// URL when it has a certificate", async () => {
    const { certfile, keyfile } = await testCertificate();
    const handle = await http2Server.listen(hello, { port: 0, certfile, keyfile });
    try {
      assert.equal(handle.address.url, `https://127.0.0.1:${handle.address.port}`);
      const session = await openSession(handle.address.url);
      const result = await request(session, { ":path": "/" });
      session.destroy();
      assert.equal(result.body.toString(), "hello over HTTP/2");
    } finally {
      await handle.close({ timeout: 2_000 });
    }
  });

  it("refuses TLS options it cannot use before binding anything", async () => {
    const { certfile, keyfile } = await testCertificate();
    const dir = await mkdtemp(join(tmpdir(), "tsgi-http2-bad-"));
    try {
      const notPem = join(dir, "not.pem");
      await writeFile(notPem, "not a certificate\n");
      const cases = [
        [{ certfile }, "TSGI_E_TLS_OPTIONS"],
        [{ keyfile }, "TSGI_E_TLS_OPTIONS"],
        [{ certfile: join(dir, "missing.pem"), keyfile }, "TSGI_E_TLS_FILE"],
        [{ certfile: notPem, keyfile }, "TSGI_E_TLS_FILE"],
        [{ certfile: keyfile, keyfile: certfile }, "TSGI_E_TLS_FILE"],
      ] as const;
      for (const [options, code] of cases) {
        await assert.rejects(
          http2Server.listen(hello, { port: 0, ...options }),
          (error: unknown) => error instanceof TlsOptionsError && error.code === code,
          JSON.stringify(options),
        );
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("binds several addresses, a unix socket among them, each speaking both protocols", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tsgi-http2-bind-"));
    const path = join(dir, "h2.sock");
    const handle = await http2Server.listen(hello, { bind: ["127.0.0.1:0", `unix:${path}`] });
    try {
      assert.equal(handle.addresses.length, 2);
      assert.equal(handle.addresses[1]!.url, `unix:${path}`);
      const tcp = await (await fetch(handle.addresses[0]!.url)).text();
      assert.equal(tcp, "hello over HTTP/1.1");
      const session = connectH2("http://localhost", { createConnection: () => connectNet(path) });
      session.on("error", () => {});
      const result = await request(session, { ":path": "/" });
      session.destroy();
      assert.equal(result.body.toString(), "hello over HTTP/2");
    } finally {
      await handle.close({ timeout: 2_000 });
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("runs onStarting and whenReady with its own name", async () => {
    const calls: string[] = [];
    const handle = await http2Server.listen(hello, {
      port: 0,
      hooks: {
        onStarting: ({ server }) => void calls.push(`onStarting ${server}`),
        whenReady: (ready) => void calls.push(`whenReady ${ready.name}`),
      },
    });
    await handle.close({ timeout: 2_000 });
    assert.deepEqual(calls, ["onStarting http2", "whenReady http2"]);
  });
});
