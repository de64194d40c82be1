import assert from "node:assert/strict";
import { createServer } from "node:http";
import { describe, it } from "node:test";
import type { App, Environ } from "@tsgi/core";
import { loadCorpus } from "../../test/_corpus.ts";
import { RawClient, encode, startServer } from "./_test-helpers.ts";
import { MAX_PARSER_HEADER_BYTES, NODE_SERVER_DEFAULTS, nodeHttpSettings } from "./limits.ts";
import { attachApp } from "./listen.ts";

const seenBy = (seen: Environ[]): App => {
  return async (environ, startResponse) => {
    seen.push(environ);
    await environ["tsgi.input"].read();
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    return [encode("ok")];
  };
};

/** Sends `request`, expects a refusal with `status` and a closed connection, app not called. */
async function expectRefusal(
  options: Parameters<typeof startServer>[1],
  request: string,
  status: number,
  text: RegExp,
): Promise<void> {
  const seen: Environ[] = [];
  const server = await startServer(seenBy(seen), options);
  try {
    const client = await RawClient.connect(server.port);
    client.write(request);
    const response = await client.readResponse();
    assert.equal(response.status, status);
    assert.match(response.body.toString(), text);
    assert.equal(response.header("connection"), "close");
    await client.waitClose();
    assert.equal(seen.length, 0, "the app was called");
  } finally {
    await server.close();
  }
}

describe("node limits: settings", () => {
  it("derives node's settings from the limits", () => {
    const settings = nodeHttpSettings();
    const d = NODE_SERVER_DEFAULTS;
    assert.equal(settings.maxHeaderSize, d.maxRequestLineSize + d.maxHeaderFieldSize * 100);
    assert.equal(settings.maxHeadersCount, 101);
    assert.equal(settings.keepAliveTimeout, 75_000);
    assert.equal(settings.headersTimeout, 60_000);
    assert.equal(settings.requestTimeout, 300_000);
    assert.equal(settings.connectionsCheckingInterval, 15_000);
    const unlimited = nodeHttpSettings({ maxHeaderFieldSize: 0, maxHeaderCount: 0 });
    assert.equal(unlimited.maxHeaderSize, MAX_PARSER_HEADER_BYTES);
    assert.equal(unlimited.maxHeadersCount, 0);
    const clamped = nodeHttpSettings({ headersTimeout: 5_000, requestTimeout: 1_000 });
    assert.equal(clamped.headersTimeout, 1_000, "node requires headersTimeout ≤ requestTimeout");
    assert.equal(clamped.connectionsCheckingInterval, 250);
  });

  for (const bad of [-1, 1.5, Number.NaN]) {
    it(`refuses ${bad} with TSGI_E_INVALID_OPTION`, () => {
      assert.throws(() => nodeHttpSettings({ maxBodySize: bad }), {
        code: "TSGI_E_INVALID_OPTION",
      });
      assert.throws(() => nodeHttpSettings({ headersTimeout: bad }), {
        code: "TSGI_E_INVALID_OPTION",
      });
    });
  }

  it("applies node's settings to an attached server, keep-alive 75 s by default", async () => {
    const server = createServer();
    const attached = attachApp(server, () => [], { maxHeaderCount: 10, headersTimeout: 1_234 });
    assert.equal(server.keepAliveTimeout, 75_000);
    assert.equal(server.headersTimeout, 1_234);
    assert.equal(server.maxHeadersCount, 11);
    assert.equal((server as unknown as { maxHeaderSize: number }).maxHeaderSize, 4094 + 8190 * 10);
    await attached.shutdown();
  });
});

describe("node limits: requests refused before the app", { timeout: 30_000 }, () => {
  it("414 for a request line over maxRequestLineSize", async () => {
    // "GET /xxxx HTTP/1.1": 3 + 1 + 50 + 1 + 8 = 63 bytes
    await expectRefusal(
      { maxRequestLineSize: 62 },
      `GET /${"x".repeat(49)} HTTP/1.1\r\nHost: t\r\n\r\n`,
      414,
      /^URI Too Long: the request line is longer than 62 bytes\n$/,
    );
  });

  it("431 for a header field line over maxHeaderFieldSize", async () => {
    // "X-Long: " + 52 + CRLF = 62 bytes
    await expectRefusal(
      { maxHeaderFieldSize: 61 },
      `GET / HTTP/1.1\r\nHost: t\r\nX-Long: ${"v".repeat(52)}\r\n\r\n`,
      431,
      /a header field is longer than 61 bytes/,
    );
  });

  it("431 for more header fields than maxHeaderCount", async () => {
    const headers = Array.from({ length: 5 }, (_, i) => `X-H${i}: ${i}\r\n`).join("");
    await expectRefusal(
      { maxHeaderCount: 5 },
      `GET / HTTP/1.1\r\nHost: t\r\n${headers}\r\n`,
      431,
      /more than 5 header fields/,
    );
  });

  it("sees headers past node's 2000: refuses one too many, passes all below the limit", async () => {
    const many = (count: number): string =>
      Array.from({ length: count }, (_, i) => `X-H${i}: ${i}\r\n`).join("");
    await expectRefusal(
      { maxHeaderCount: 2100 },
      `GET / HTTP/1.1\r\nHost: t\r\n${many(2100)}\r\n`,
      431,
      /more than 2100 header fields/,
    );
    const seen: Environ[] = [];
    const server = await startServer(seenBy(seen), { maxHeaderCount: 2100 });
    try {
      const client = await RawClient.connect(server.port);
      client.write(`GET / HTTP/1.1\r\nHost: t\r\n${many(2050)}\r\n`);
      assert.equal((await client.readResponse()).status, 200);
      assert.equal(seen[0]?.HTTP_X_H2049, "2049", "no header dropped past 2000");
      client.destroy();
    } finally {
      await server.close();
    }
  });

  it("node's own header limit (capped at 1 MiB) still answers 431", async () => {
    await expectRefusal(
      { maxHeaderFieldSize: 0 },
      `GET / HTTP/1.1\r\nHost: t\r\nX-Huge: ${"h".repeat(MAX_PARSER_HEADER_BYTES + 1)}\r\n\r\n`,
      431,
      /^Request Header Fields Too Large\n$/,
    );
  });

  it("413 before reading the body when Content-Length is over maxBodySize", async () => {
    // No body is sent: the answer must not wait for it.
    await expectRefusal(
      { maxBodySize: 10 },
      "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n",
      413,
      /^Content Too Large: the body may be at most 10 bytes\n$/,
    );
  });

  it("413 without 100 Continue when the client waits for permission", async () => {
    const seen: Environ[] = [];
    const server = await startServer(seenBy(seen), { maxBodySize: 10 });
    try {
      const client = await RawClient.connect(server.port);
      client.write(
        "PUT / HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 99\r\n\r\n",
      );
      const response = await client.readResponse();
      assert.equal(response.status, 413);
      await client.waitClose();
      assert.doesNotMatch(client.text, /100 Continue/);
      assert.equal(seen.length, 0);
    } finally {
      await server.close();
    }
  });

  it("accepts a body of exactly maxBodySize", async () => {
    const seen: Environ[] = [];
    const server = await startServer(seenBy(seen), { maxBodySize: 10 });
    try {
      const client = await RawClient.connect(server.port);
      client.write("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n0123456789");
      assert.equal((await client.readResponse()).status, 200);
      client.write(
        "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n0\r\n\r\n",
      );
      assert.equal((await client.readResponse()).status, 200);
      client.destroy();
    } finally {
      await server.close();
    }
  });

  it("replays gunicorn's valid 024/026: refused at the defaults, served at 8200/8210", async () => {
    const cases = loadCorpus("valid").filter((c) => c.name === "024.http" || c.name === "026.http");
    assert.equal(cases.length, 2);
    // 024's request line and 026's field line are over gunicorn's (and TSGI's) defaults;
    // gunicorn's own test raises limit_request_line to 8200 and limit_request_field_size to 8210.
    const runs = [
      { options: {}, expected: { "024.http": 414, "026.http": 431 } },
      {
        options: { maxRequestLineSize: 8200, maxHeaderFieldSize: 8210 },
        expected: { "024.http": 200, "026.http": 200 },
      },
    ];
    for (const { options, expected } of runs) {
      const server = await startServer(seenBy([]), options);
      try {
        for (const corpusCase of cases) {
          const client = await RawClient.connect(server.port);
          client.write(corpusCase.bytes);
          const response = await client.readResponse();
          assert.equal(response.status, expected[corpusCase.name as keyof typeof expected]);
          client.destroy();
        }
      } finally {
        await server.close();
      }
    }
  });
});
