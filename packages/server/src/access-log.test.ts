import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  DEFAULT_ACCESS_LOG_FORMAT,
  accessLogSink,
  compileAccessLogFormat,
  formatAccessLogLine,
  formatLogTime,
} from "./access-log.ts";
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

describe("access log format atoms (gunicorn's)", () => {
  const full: AccessLogEntry = {
    ...entry,
    target: "/p%20q?x=1&y=2",
    bytes: 0,
    durationMs: 1234.5678,
    authorization: `Basic ${Buffer.from("bob:pw").toString("base64")}`,
    requestHeaders: {
      "x-request-id": "req-7",
      referer: "http://r/",
      "user-agent": "ua/1",
      cookie: ["a=1", "b=2"],
    },
    responseHeaders: ["Content-Type", "text/plain", "Set-Cookie", "s=1", "set-cookie", "t=2"],
    environ: { REMOTE_PORT: "5555", "tsgi.url_scheme": "https", PATH_INFO: "/p q" },
  };
  const table: [atom: string, expected: string][] = [
    ["%(h)s", "127.0.0.1"],
    ["%(l)s", "-"],
    ["%(u)s", "bob"],
    ["%(t)s", "[25/Nov/2026:12:47:41 +0000]"],
    ["%(r)s", "GET /p%20q?x=1&y=2 HTTP/1.1"],
    ["%(s)s", "200"],
    ["%(s)d", "200"],
    ["%(m)s", "GET"],
    ["%(U)s", "/p%20q"],
    ["%(q)s", "x=1&y=2"],
    ["%(H)s", "HTTP/1.1"],
    ["%(b)s", "-"],
    ["%(B)s", "0"],
    ["%(f)s", "http://r/"],
    ["%(a)s", "curl/8.5.0"],
    ["%(T)s", "1"],
    ["%(D)s", "1234567"],
    ["%(M)s", "1234"],
    ["%(L)s", "1.234568"],
    ["%(p)s", `<${process.pid}>`],
    ["%({X-Request-Id}i)s", "req-7"],
    ["%({cookie}i)s", "a=1, b=2"],
    ["%({missing}i)s", "-"],
    ["%({content-type}o)s", "text/plain"],
    ["%({SET-COOKIE}o)s", "s=1, t=2"],
    ["%({remote_port}e)s", "5555"],
    ["%({tsgi.url_scheme}e)s", "https"],
    ["%({PATH_INFO}e)s", "/p q"],
    ["%({nothing}e)s", "-"],
    ["%(Z)s", "-"],
    ["100%% %(s)s", "100% 200"],
    ["%d %(x", "%d %(x"],
  ];
  for (const [format, expected] of table) {
    it(`${format} → ${expected}`, () => {
      const line = withTz("UTC", () => compileAccessLogFormat(format)(full));
      assert.equal(line, expected);
    });
  }

  it("prints - for timings when no duration is known, and the referer when given", () => {
    const format = compileAccessLogFormat("%(T)s %(D)s %(M)s %(L)s %(f)s");
    assert.equal(format({ ...entry, referer: "http://x/" }), "- - - - http://x/");
  });

  it("escapes every atom so no value can forge a line", () => {
    const format = compileAccessLogFormat('%({x-evil}i)s "%(U)s"');
    const line = format({
      ...entry,
      target: '/a"b\nc',
      requestHeaders: { "x-evil": 'x"\n127.0.0.1 - - fake' },
    });
    assert.equal(line, String.raw`x\"\x0a127.0.0.1 - - fake "/a\"b\x0ac"`);
    assert.equal(line.split("\n").length, 1);
  });

  it("compiles the default format to the same line as formatAccessLogLine", () => {
    const compiled = compileAccessLogFormat(DEFAULT_ACCESS_LOG_FORMAT);
    assert.equal(compiled(entry), formatAccessLogLine(entry));
    assert.equal(compileAccessLogFormat()(entry), formatAccessLogLine(entry));
  });
});

describe("access log from the node server with a custom format", { timeout: 10_000 }, () => {
  it("uses the compiled format for every line", async () => {
    const server = await startServer(
      (_environ, startResponse) => {
        startResponse("200 OK", [["X-Served-By", "tsgi"]]);
        return [encode("12345")];
      },
      {
        accessLogFormat:
          "%(h)s %(m)s %(U)s?%(q)s %(s)s %(B)s %({x-trace}i)s %({x-served-by}o)s %({tsgi.peer_addr}e)s %(M)sms",
      },
    );
    try {
      await rawRequest(server.port, "GET /x?y=1 HTTP/1.1\r\nHost: t\r\nX-Trace: abc\r\n\r\n");
      await waitUntil(() => server.access.length === 1, "the access line");
      assert.match(
        server.access[0]!,
        /^127\.0\.0\.1 GET \/x\?y=1 200 5 abc tsgi 127\.0\.0\.1 \d+ms$/,
      );
    } finally {
      await server.close();
    }
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
