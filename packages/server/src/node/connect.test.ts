import assert from "node:assert/strict";
import { test } from "node:test";
import type { App } from "@tsgi/core";
import { rawRequest, startServer } from "./_test-helpers.ts";

test("CONNECT gets 501 with a reason, and the app is never called", async () => {
  let called = false;
  const app: App = (_environ, startResponse) => {
    called = true;
    startResponse("200 OK", []);
    return [];
  };
  const server = await startServer(app);
  try {
    const response = await rawRequest(
      server.port,
      "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
    );
    assert.equal(response.status, 501);
    assert.match(response.body.toString("utf8"), /CONNECT is not supported/);
    assert.equal(called, false);
  } finally {
    await server.close();
  }
});
