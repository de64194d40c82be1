import assert from "node:assert/strict";
import { test } from "node:test";
import type { App } from "@tsgi/core";
import { ServerPackageMissingError, lazyServer } from "./lazy-servers.ts";

const app: App = (_environ, startResponse) => {
  startResponse("204 No Content", []);
  return [];
};

test("a server from a package that is not installed fails with the install command", async () => {
  const server = lazyServer(
    "imaginary",
    "@tsgi/imaginary/server",
    "imaginaryServer",
    "@tsgi/imaginary",
  );
  assert.equal(server.name, "imaginary");
  await assert.rejects(server.listen(app, { port: 0 }), (error: unknown) => {
    assert.ok(error instanceof ServerPackageMissingError);
    assert.equal(error.code, "TSGI_E_SERVER_PACKAGE_MISSING");
    assert.match(error.message, /npm install @tsgi\/imaginary/);
    return true;
  });
});

test("a package without the named export is refused with a clear error", async () => {
  // node:http exists but has no `expressServer` export.
  const server = lazyServer("wrong", "node:http", "expressServer", "nothing");
  await assert.rejects(
    server.listen(app, { port: 0 }),
    /node:http has no expressServer server export/,
  );
});

test("the real server is imported once and started with the app and options", async () => {
  const server = lazyServer("node-again", "@tsgi/server/node", "nodeServer", "@tsgi/server");
  const first = await server.listen(app, { host: "127.0.0.1", port: 0 });
  const second = await server.listen(app, { host: "127.0.0.1", port: 0 });
  try {
    assert.equal(first.name, "node");
    const response = await fetch(first.address.url);
    assert.equal(response.status, 204);
    assert.notEqual(first.address.port, second.address.port);
  } finally {
    await first.close({ timeout: 1000 });
    await second.close({ timeout: 1000 });
  }
});
