// End to end with the real curl binary (its own HTTP/2 stack, nghttp2): what a user of
// `tsgi serve --server http2` sees. Each run is bounded; a missing curl fails the test with a
// clear message rather than skipping it.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import type { App } from "@tsgi/core";
import { encode, startServer } from "./_test-helpers.ts";

const echo: App = async (environ, startResponse) => {
  const body = await environ["tsgi.input"].read();
  startResponse("200 OK", [
    ["Content-Type", "text/plain"],
    ["Set-Cookie", "a=1"],
    ["Set-Cookie", "b=2"],
  ]);
  return (async function* () {
    yield encode(`${environ.SERVER_PROTOCOL} ${environ["tsgi.url_scheme"]} `);
    yield encode(`${environ.REQUEST_METHOD} ${environ.HTTP_HOST} `);
    yield body;
  })();
};

interface CurlResult {
  version: string;
  headers: string;
  body: string;
}

/** Runs curl once; `%{http_version}` tells which protocol it ended up speaking. */
function curl(args: string[]): Promise<CurlResult> {
  return new Promise((resolve, reject) => {
    execFile(
      "curl",
      [
        "--silent",
        "--show-error",
        "--max-time",
        "10",
        "--include",
        "--write-out",
        "\n%{http_version}",
        ...args,
      ],
      { timeout: 15_000 },
      (error, stdout, stderr) => {
        if (error !== null) {
          const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
          reject(
            new Error(
              missing
                ? "this test needs the curl binary (with HTTP/2 support) on PATH"
                : `curl ${args.join(" ")} failed: ${stderr || error.message}`,
              { cause: error },
            ),
          );
          return;
        }
        const versionAt = stdout.lastIndexOf("\n");
        const response = stdout.slice(0, versionAt);
        const headEnd = response.indexOf("\r\n\r\n");
        resolve({
          version: stdout.slice(versionAt + 1),
          headers: response.slice(0, headEnd),
          body: response.slice(headEnd + 4),
        });
      },
    );
  });
}

describe("http2 server: curl", { timeout: 60_000 }, () => {
  it("TLS: curl --http2 speaks h2, curl --http1.1 falls back on the same port", async () => {
    const server = await startServer(echo, { tls: true });
    try {
      const h2 = await curl(["--insecure", "--http2", "--data", "posted", `${server.url}/tls`]);
      assert.equal(h2.version, "2");
      assert.equal(h2.body, `HTTP/2 https POST 127.0.0.1:${server.port} posted`);
      assert.deepEqual(h2.headers.match(/^set-cookie: .*$/gim), [
        "set-cookie: a=1",
        "set-cookie: b=2",
      ]);
      const h1 = await curl(["--insecure", "--http1.1", `${server.url}/tls`]);
      assert.equal(h1.version, "1.1");
      assert.equal(h1.body, `HTTP/1.1 https GET 127.0.0.1:${server.port} `);
      assert.match(server.access.join("\n"), /"POST \/tls HTTP\/2\.0" 200 /);
    } finally {
      await server.close();
    }
  });

  it("cleartext: prior knowledge speaks h2c, plain HTTP/1.1 and an h2c upgrade get HTTP/1.1", async () => {
    const server = await startServer(echo);
    try {
      const h2c = await curl([
        "--http2-prior-knowledge",
        "--data",
        "posted",
        `${server.url}/clear`,
      ]);
      assert.equal(h2c.version, "2");
      assert.equal(h2c.body, `HTTP/2 http POST 127.0.0.1:${server.port} posted`);
      const h1 = await curl(["--http1.1", `${server.url}/clear`]);
      assert.equal(h1.version, "1.1");
      // curl sends Upgrade: h2c; the server answers in HTTP/1.1, which curl accepts.
      const upgrade = await curl(["--http2", `${server.url}/clear`]);
      assert.equal(upgrade.version, "1.1");
      assert.equal(upgrade.body, `HTTP/1.1 http GET 127.0.0.1:${server.port} `);
    } finally {
      await server.close();
    }
  });
});
