import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Environ } from "@tsgi/core";
import type { ServerHandle, ServerHooks } from "../types.ts";
import { RawClient, encode, rawRequest, sleep, startServer, waitUntil } from "./_test-helpers.ts";
import { nodeServer } from "./index.ts";

type Outcome = Parameters<NonNullable<ServerHooks["postRequest"]>>[1];

describe("node server: lifecycle hooks", { timeout: 10_000 }, () => {
  it("runs preRequest (awaited) before the app and postRequest after the response", async () => {
    const events: string[] = [];
    let outcome: Outcome | undefined;
    let hookEnviron: Environ | undefined;
    const server = await startServer(
      (environ, startResponse) => {
        events.push(`app sees ${String(environ["x.tag"])}`);
        startResponse("201 Created", []);
        return [encode("four")];
      },
      {
        hooks: {
          async preRequest(environ) {
            events.push(`pre ${environ.REMOTE_ADDR}`);
            await sleep(20);
            environ["x.tag"] = "tagged";
          },
          postRequest(environ, result) {
            events.push("post");
            hookEnviron = environ;
            outcome = result;
          },
        },
      },
    );
    try {
      const response = await rawRequest(
        server.port,
        "GET / HTTP/1.1\r\nHost: t\r\nX-Forwarded-For: 198.51.100.1\r\n\r\n",
      );
      assert.equal(response.status, 201);
      await waitUntil(() => events.includes("post"), "postRequest");
      // preRequest sees the environ after proxy resolution.
      assert.deepEqual(events, ["pre 198.51.100.1", "app sees tagged", "post"]);
      assert.equal(hookEnviron?.["x.tag"], "tagged");
      assert.equal(outcome?.status, 201);
      assert.equal(outcome?.bytesSent, 4);
      assert.equal(outcome?.aborted, false);
      assert.ok(outcome !== undefined && outcome.durationMs >= 15);
    } finally {
      await server.close();
    }
  });

  it("reports an aborted request to postRequest", async () => {
    let outcome: Outcome | undefined;
    const server = await startServer(
      async (environ, startResponse) => {
        await new Promise((resolve) => environ["tsgi.signal"]!.addEventListener("abort", resolve));
        startResponse("200 OK", []);
        return [];
      },
      { hooks: { postRequest: (_environ, result) => void (outcome = result) } },
    );
    try {
      const client = await RawClient.connect(server.port);
      client.write("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
      await sleep(30);
      client.destroy();
      await waitUntil(() => outcome !== undefined, "postRequest");
      assert.equal(outcome?.aborted, true);
      assert.equal(outcome?.status, undefined);
    } finally {
      await server.close();
    }
  });

  it("logs hook errors (thrown or rejected) and still serves the request", async () => {
    let posts = 0;
    const hooks: ServerHooks[] = [
      {
        preRequest() {
          throw new Error("pre sync boom");
        },
        postRequest() {
          posts++;
          throw new Error("post sync boom");
        },
      },
      {
        preRequest: () => Promise.reject(new Error("pre async boom")),
        postRequest: (async () => {
          posts++;
          throw new Error("post async boom");
        }) as unknown as ServerHooks["postRequest"],
      },
    ];
    for (const [index, hookSet] of hooks.entries()) {
      const server = await startServer(
        (_environ, startResponse) => {
          startResponse("200 OK", []);
          return [encode("served")];
        },
        { hooks: hookSet },
      );
      try {
        const response = await rawRequest(server.port, "GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        assert.equal(response.status, 200);
        assert.equal(response.body.toString(), "served");
        const kind = index === 0 ? "sync" : "async";
        await waitUntil(() => server.errorText().includes(`post ${kind} boom`), "the post error");
        assert.match(server.errorText(), /the preRequest hook failed/);
        assert.ok(server.errorText().includes(`pre ${kind} boom`));
        assert.match(server.errorText(), /the postRequest hook failed/);
        // The server keeps serving.
        assert.equal(
          (await rawRequest(server.port, "GET / HTTP/1.1\r\nHost: t\r\n\r\n")).status,
          200,
        );
      } finally {
        await server.close();
      }
    }
    assert.equal(posts, 4);
  });

  it("does not run request hooks for requests the server refuses", async () => {
    let calls = 0;
    const server = await startServer(() => [], {
      maxHeaderCount: 1,
      hooks: { preRequest: () => void calls++, postRequest: () => void calls++ },
    });
    try {
      const response = await rawRequest(server.port, "GET / HTTP/1.1\r\nHost: t\r\nA: 1\r\n\r\n");
      assert.equal(response.status, 431);
      await sleep(20);
      assert.equal(calls, 0);
    } finally {
      await server.close();
    }
  });

  it("runs onStarting before binding and whenReady once bound", async () => {
    const events: string[] = [];
    let ready: ServerHandle | undefined;
    const handle = await nodeServer.listen(() => [], {
      port: 0,
      errorLog: () => {},
      hooks: {
        onStarting(info) {
          events.push(`starting ${info.server} ${info.options.port}`);
        },
        async whenReady(started) {
          await sleep(5);
          events.push("ready");
          ready = started;
        },
      },
    });
    try {
      assert.deepEqual(events, ["starting node 0", "ready"]);
      assert.equal(ready, handle);
      assert.ok(ready.address.port > 0);
    } finally {
      await handle.close();
    }
  });

  it("aborts the start when onStarting fails; only logs a failing whenReady", async () => {
    await assert.rejects(
      nodeServer.listen(() => [], {
        port: 0,
        hooks: {
          onStarting() {
            throw new Error("not today");
          },
        },
      }),
      /not today/,
    );
    const errors: string[] = [];
    const handle = await nodeServer.listen(
      (_environ, startResponse) => {
        startResponse("204 No Content", []);
        return [];
      },
      {
        port: 0,
        errorLog: (text) => errors.push(text),
        hooks: {
          whenReady() {
            throw new Error("ready hook broke");
          },
        },
      },
    );
    try {
      assert.match(errors.join(""), /the whenReady hook failed[\s\S]*ready hook broke/);
      const response = await fetch(handle.address.url);
      assert.equal(response.status, 204);
    } finally {
      await handle.close();
    }
  });
});
