import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { App, Environ } from "@tsgi/core";
import { RawClient, encode } from "./_test-helpers.ts";
import { parseBind } from "./bind.ts";
import { nodeServer } from "./index.ts";

const dir = mkdtempSync(join(tmpdir(), "tsgi-bind-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function recorder(seen: Environ[]): App {
  return (environ, startResponse) => {
    seen.push(environ);
    startResponse("200 OK", []);
    return [encode("ok")];
  };
}

async function get(port: number | string, host?: string): Promise<number> {
  const client = await RawClient.connect(port, host);
  try {
    client.write("GET / HTTP/1.1\r\n\r\n"); // no Host: SERVER_NAME is what URLs fall back to
    return (await client.readResponse()).status;
  } finally {
    client.destroy();
  }
}

describe("bind addresses", () => {
  const table: [string, ReturnType<typeof parseBind> | string][] = [
    ["127.0.0.1:8080", { kind: "tcp", host: "127.0.0.1", port: 8080 }],
    ["localhost", { kind: "tcp", host: "localhost", port: 8000 }],
    ["[::1]:9000", { kind: "tcp", host: "::1", port: 9000 }],
    ["[::]", { kind: "tcp", host: "::", port: 8000 }],
    ["::1", { kind: "tcp", host: "::1", port: 8000 }],
    [":8081", { kind: "tcp", host: undefined, port: 8081 }],
    ["0.0.0.0:0", { kind: "tcp", host: "0.0.0.0", port: 0 }],
    ["unix:/run/app.sock", { kind: "unix", path: "/run/app.sock" }],
    ["unix:", "TSGI_E_INVALID_BIND"],
    ["host:http", "TSGI_E_INVALID_BIND"],
    ["host:70000", "TSGI_E_INVALID_BIND"],
    ["[::1", "TSGI_E_INVALID_BIND"],
    ["[::1]8000", "TSGI_E_INVALID_BIND"],
    ["", "TSGI_E_INVALID_BIND"],
  ];
  for (const [entry, expected] of table) {
    it(JSON.stringify(entry), () => {
      if (typeof expected === "string") assert.throws(() => parseBind(entry), { code: expected });
      else assert.deepEqual(parseBind(entry), expected);
    });
  }
});

describe("node server: several addresses and unix sockets", { timeout: 15_000 }, () => {
  it("listens on IPv4, IPv6 and a unix socket at once, each with its SERVER_NAME", async () => {
    const path = join(dir, "multi.sock");
    const seen: Environ[] = [];
    const handle = await nodeServer.listen(recorder(seen), {
      bind: ["127.0.0.1:0", "[::1]:0", `unix:${path}`],
      errorLog: () => {},
    });
    try {
      assert.equal(handle.addresses.length, 3);
      assert.equal(handle.address, handle.addresses[0]);
      const [v4, v6, unix] = handle.addresses;
      assert.match(v4!.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(v6!.url, /^http:\/\/\[::1\]:\d+$/);
      assert.deepEqual(unix, { host: `unix:${path}`, port: 0, url: `unix:${path}` });
      assert.equal(await get(v4!.port), 200);
      assert.equal(await get(v6!.port, "::1"), 200);
      assert.equal(await get(path), 200);
      assert.deepEqual(
        seen.map((environ) => [environ.SERVER_NAME, environ.SERVER_PORT]),
        [
          ["127.0.0.1", String(v4!.port)],
          ["[::1]", String(v6!.port)],
          ["localhost", "80"],
        ],
      );
      assert.equal(seen[2]!.REMOTE_ADDR, undefined, "a unix socket has no peer address");
    } finally {
      await handle.close();
    }
    assert.equal(existsSync(path), false, "the socket file is removed on close");
  });

  it("removes a stale socket file left by a dead process", async () => {
    const path = join(dir, "stale.sock");
    // A process that dies without cleaning up leaves its socket file behind.
    const child = spawn(process.execPath, [
      "-e",
      "require('net').createServer().listen(process.argv[1], () => process.kill(process.pid, 'SIGKILL'))",
      path,
    ]);
    await new Promise((resolve) => child.once("exit", resolve));
    assert.equal(existsSync(path), true, "the stale socket file exists");
    const handle = await nodeServer.listen(recorder([]), { bind: [`unix:${path}`] });
    try {
      assert.equal(await get(path), 200);
    } finally {
      await handle.close();
    }
  });

  it("refuses a socket another server listens on, and leaves it alone", async () => {
    const path = join(dir, "live.sock");
    const other = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => other.listen(path, resolve));
    try {
      await assert.rejects(nodeServer.listen(recorder([]), { bind: [`unix:${path}`] }), {
        code: "EADDRINUSE",
      });
      assert.equal(existsSync(path), true);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it("never deletes a file that is not a socket", async () => {
    const path = join(dir, "regular-file");
    writeFileSync(path, "keep me");
    await assert.rejects(nodeServer.listen(recorder([]), { bind: [`unix:${path}`] }), {
      code: "TSGI_E_INVALID_BIND",
    });
    assert.equal(existsSync(path), true);
  });

  it("closes what it bound when a later address fails", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const takenPort = (taken.address() as { port: number }).port;
    const path = join(dir, "rollback.sock");
    try {
      await assert.rejects(
        nodeServer.listen(recorder([]), {
          bind: [`unix:${path}`, `127.0.0.1:${takenPort}`],
          errorLog: () => {},
        }),
        { code: "EADDRINUSE" },
      );
      assert.equal(existsSync(path), false, "the first address was closed and removed");
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
