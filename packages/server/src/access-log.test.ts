import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { accessLogSink, formatAccessLogLine, formatLogTime } from "./access-log.ts";
import type { AccessLogEntry } from "./access-log.ts";
import { RawClient, encode, rawRequest, startServer, waitUntil } from "./node/_test-helpers.ts";
import type { TestServer } from "./node/_test-helpers.ts";

// Node re-reads TZ when it changes, so each test can pin the zone it formats in.
const originalTz = process.env.TZ;
const withTz = <T>(zone: string, run: () => T): T => {
  process.env.TZ = zone;
  try {
    return run();
  } finally {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  }
};

const entry: AccessLogEntry = {
  remoteAddr: "127.0.0.1",
  time: Date.UTC(2026, 10, 25, 12, 47, 41),
  method: "GET",
  target: "/a?b=1",
  protocol: "HTTP/1.1",
  status: 200,
  bytes: 13,
  userAgent: "curl/8.5.0",
};

describe("access log format", () => {
  it("matches gunicorn's default format", () => {
    assert.equal(
      withTz("UTC", () => formatAccessLogLine(entry)),
      '127.0.0.1 - - [25/Nov/2026:12:47:41 +0000] "GET /a?b=1 HTTP/1.1" 200 13 "-" "curl/8.5.0"',
    );
  });

  it("prints local time with its offset", () => {
    assert.equal(
      withTz("America/New_York", () => formatLogTime(entry.time)),
      "25/Nov/2026:07:47:41 -0500",
    );
    assert.equal(
      withTz("Asia/Kolkata", () => formatLogTime(new Date(entry.time))),
      "25/Nov/2026:18:17:41 +0530",
    );
  });

  it("logs the Basic-auth user, the referer, and - for no bytes or no status", () => {
    const line = withTz("UTC", () =>
      formatAccessLogLine({
        ...entry,
        status: undefined,
        bytes: 0,
        authorization: `Basic ${Buffer.from("alice:secret").toString("base64")}`,
        referer: "http://example.org/",
        remoteAddr: undefined,
      }),
    );
    assert.equal(
      line,
      '- - alice [25/Nov/2026:12:47:41 +0000] "GET /a?b=1 HTTP/1.1" - - "http://example.org/" "curl/8.5.0"',
    );
  });

  it("escapes quotes, backslashes and control characters so lines cannot be forged", () => {
    const line = formatAccessLogLine({
      ...entry,
      target: '/x"\\',
      userAgent: 'evil"\n127.0.0.1 - - fake',
    });
    assert.ok(line.includes('"GET /x\\"\\\\ HTTP/1.1"'), line);
    assert.ok(line.includes('"evil\\"\\x0a127.0.0.1 - - fake"'), line);
    assert.equal(line.split("\n").length, 1);
  });

  it("turns the accessLog option into a sink", () => {
    assert.equal(accessLogSink(false), undefined);
    assert.equal(accessLogSink(undefined), undefined);
    const lines: string[] = [];
    const fn = (line: string) => void lines.push(line);
    assert.equal(accessLogSink(fn), fn);
    const written: string[] = [];
    const original = process.stdout.write;
    process.stdout.write = ((text: string) =>
      written.push(text) > 0) as unknown as typeof process.stdout.write;
    try {
      accessLogSink(true)!("a line");
    } finally {
      process.stdout.write = original;
    }
    assert.deepEqual(written, ["a line\n"]);
  });
});

describe("access log from the node server", { timeout: 10_000 }, () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(async (environ, startResponse) => {
      if (environ.PATH_INFO === "/hang") {
        await new Promise((resolve) => environ["tsgi.signal"]!.addEventListener("abort", resolve));
      }
      startResponse("201 Created", []);
      return [encode("thirteen byte")];
    });
  });
  after(() => server.close());

  it("logs one line per finished response", async () => {
    server.access.length = 0;
    await rawRequest(
      server.port,
      "GET /a?b=1 HTTP/1.1\r\nHost: t\r\nUser-Agent: curl/8.5.0\r\nReferer: http://r/\r\n\r\n",
    );
    await waitUntil(() => server.access.length === 1, "the access line");
    assert.match(
      server.access[0]!,
      /^127\.0\.0\.1 - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "GET \/a\?b=1 HTTP\/1\.1" 201 13 "http:\/\/r\/" "curl\/8\.5\.0"$/,
    );
  });

  it("logs aborted requests too, with - for the status never sent", async () => {
    server.access.length = 0;
    const client = await RawClient.connect(server.port);
    client.write("GET /hang HTTP/1.0\r\n\r\n");
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.destroy();
    await waitUntil(() => server.access.length === 1, "the access line");
    assert.match(server.access[0]!, /"GET \/hang HTTP\/1\.0" - - "-" "-"$/);
  });
});
