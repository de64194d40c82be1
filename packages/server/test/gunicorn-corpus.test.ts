// Replays gunicorn's request corpus (../shared/corpora/gunicorn-requests) against the node
// server over a raw socket. Valid requests must reach the app intact; invalid ones must be
// refused (4xx or a closed connection) without the app seeing a corrupted request.
// Cases that depend on a gunicorn setting TSGI does not offer with the same value are listed
// in NOT_APPLICABLE_* with the reason and reported as skipped, never silently dropped; cases
// TSGI answers differently on purpose are asserted as such (REFUSED_BY_DESIGN,
// SAFE_ALTERNATIVES), each with its reason in the test's title.
import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, test } from "node:test";
import type { App, Environ } from "@tsgi/core";
import { nodeServer } from "../src/node/index.ts";
import type { ServeOptions, ServerHandle } from "../src/types.ts";
import { loadCorpus } from "./_corpus.ts";

interface Seen {
  environ: Environ;
  body?: Buffer;
  readError?: unknown;
}

const seen: Seen[] = [];

const recordingApp: App = async (environ, startResponse) => {
  const record: Seen = { environ };
  seen.push(record);
  try {
    record.body = Buffer.from(await environ["tsgi.input"].read());
  } catch (error) {
    record.readError = error;
    throw error;
  }
  startResponse("200 OK", [["Content-Type", "text/plain"]]);
  return [new TextEncoder().encode("ok")];
};

/** Sends raw bytes, half-closes, and collects the answer until the server closes (bounded). */
function exchange(port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(Buffer.concat(chunks).toString("latin1"));
    }, 3000);
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      // A server that refuses a request may reset the connection; that is an answer too.
      if (error.code === "ECONNRESET" || error.code === "EPIPE") return;
      clearTimeout(timer);
      reject(error);
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString("latin1"));
    });
    socket.write(bytes, () => socket.end());
  });
}

const statusOf = (answer: string): number | undefined => {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
  return match ? Number(match[1]) : undefined;
};

const PROXY_PROTOCOL =
  "PROXY protocol (gunicorn proxy_protocol=True) is not offered by TSGI servers";
const LARGER_LIMITS =
  "needs gunicorn limit_request_line=8200 and limit_request_field_size=8210, not TSGI's defaults (4094, 8190); src/node/limits.test.ts replays it with those limits set";

/** Valid cases that need a gunicorn setting we do not offer (so gunicorn would refuse too). */
const NOT_APPLICABLE_VALID: Record<string, string> = {
  "024.http": LARGER_LIMITS,
  "026.http": LARGER_LIMITS,
  "pp_01.http": PROXY_PROTOCOL,
  "pp_02.http": PROXY_PROTOCOL,
  "pp_03.http": PROXY_PROTOCOL,
  "pp_04.http": PROXY_PROTOCOL,
  "pp_05.http": PROXY_PROTOCOL,
};

/**
 * Valid cases the node server refuses on purpose, each with the status it answers and why.
 * node's llhttp parser is stricter than gunicorn's; loosening it means insecureHTTPParser,
 * which re-opens request smuggling, so TSGI keeps the strict reading and says so here.
 */
const REFUSED_BY_DESIGN: Record<string, { status: number; reason: string }> = {
  "009.http": {
    status: 400,
    reason:
      "Transfer-Encoding: identity beside Content-Length is a smuggling vector (RFC 9112 §6.1)",
  },
  "013.http": { status: 400, reason: "llhttp refuses whitespace in chunk extensions" },
  "027.http": { status: 400, reason: "raw non-ASCII bytes in the request target (RFC 3986)" },
  "028.http": {
    status: 400,
    reason: "whitespace before the colon MUST be refused (RFC 9112 §5.1)",
  },
  "031.http": { status: 400, reason: "llhttp accepts only registered method names" },
  "031compat.http": { status: 400, reason: "llhttp accepts only registered method names" },
  "031compat2.http": { status: 400, reason: "llhttp accepts only registered method names" },
  "compat_obs_fold.http": { status: 400, reason: "obsolete line folding (RFC 9112 §5.2)" },
  "compat_obs_fold_huge.http": { status: 400, reason: "obsolete line folding (RFC 9112 §5.2)" },
  "099.http": {
    status: 400,
    reason: "the corpus file carries 8599 of its declared 17914 body bytes: a truncated body",
  },
  "rfc9112_target_authority_connect_01.http": {
    status: 501,
    reason: "CONNECT tunnels are not offered to TSGI apps",
  },
  "rfc9112_target_authority_ipv6_01.http": {
    status: 501,
    reason: "CONNECT tunnels are not offered to TSGI apps",
  },
};

/** Invalid cases whose expectation depends on a setting TSGI lacks or sets differently. */
const NOT_APPLICABLE_INVALID: Record<string, string> = {
  "pp_01.http": PROXY_PROTOCOL,
  "pp_02.http": PROXY_PROTOCOL,
  "pp_03.http": PROXY_PROTOCOL,
  "limit_header_default_01.http":
    "needs gunicorn limit_request_field_size=0, a value TSGI does not set",
  "019.http":
    "needs gunicorn forwarded_allow_ips=* and its secure_scheme_headers (X-Forwarded-Ssl vs -Proto conflict); TSGI reads only X-Forwarded-Proto, so there is no conflict to refuse",
};

/** Invalid cases that need a gunicorn limit TSGI offers too: replayed with the same value. */
const WITH_SETTINGS: Record<string, ServeOptions> = {
  "010.http": { maxHeaderFieldSize: 10 }, // gunicorn limit_request_field_size=10
  "011.http": { maxHeaderCount: 2 }, // gunicorn limit_request_fields=2
  "012.http": { maxHeaderFieldSize: 98 }, // gunicorn limit_request_field_size=98
};

/** Sends one case to a server started with `settings` just for it. */
async function exchangeWith(settings: ServeOptions, bytes: Buffer): Promise<string> {
  const dedicated = await nodeServer.listen(recordingApp, {
    host: "127.0.0.1",
    port: 0,
    errorLog: () => {},
    ...settings,
  });
  try {
    return await exchange(dedicated.address.port, bytes);
  } finally {
    await dedicated.close({ timeout: 1000 });
  }
}

/**
 * Invalid cases where TSGI's setting differs from the one gunicorn's expectation assumes, so
 * TSGI's own safe behaviour is asserted instead of a refusal.
 */
const SAFE_ALTERNATIVES: Record<string, { reason: string; check: (seen: Seen[]) => void }> = {
  "040.http": {
    reason: "TSGI drops header names with underscores (gunicorn's default header_map=drop)",
    check: (seen) => {
      const environ = seen[0]?.environ;
      assert.ok(environ, "the app was not called");
      assert.equal(environ.CONTENT_LENGTH, "7");
      assert.equal(environ.HTTP_TRANSFER_ENCODING, undefined);
      assert.equal(seen[0]?.body?.toString(), "tricked");
    },
  },
  "chunked_07.http": {
    reason: "TSGI drops header names with underscores (gunicorn's default header_map=drop)",
    check: (seen) => {
      const environ = seen[0]?.environ;
      assert.ok(environ, "the app was not called");
      // Only the dashed header counts: no "gzip" from Transfer_Encoding merged into it.
      assert.equal(environ.HTTP_TRANSFER_ENCODING, "chunked");
      assert.equal(seen[0]?.body?.toString(), "hello world");
    },
  },
  "rfc9110_trailer_forbidden_host_01.http": {
    reason: "trailers never reach environ, so a Host trailer cannot change the request",
    check: (seen) => {
      assert.equal(seen[0]?.environ.HTTP_HOST, "example.com");
      assert.equal(seen[0]?.body?.toString(), "hello");
    },
  },
};

describe("gunicorn request corpus on the node server", () => {
  let server: ServerHandle;
  before(async () => {
    server = await nodeServer.listen(recordingApp, {
      host: "127.0.0.1",
      port: 0,
      errorLog: () => {},
    });
  });
  after(() => server.close({ timeout: 1000 }));

  const valid = loadCorpus("valid");
  const invalid = loadCorpus("invalid");

  test("the corpus is present beside the repository", () => {
    assert.ok(valid.length >= 60, `found ${valid.length} valid cases`);
    assert.ok(invalid.length >= 70, `found ${invalid.length} invalid cases`);
  });

  describe("valid requests reach the app intact", () => {
    for (const corpusCase of valid) {
      const skip = NOT_APPLICABLE_VALID[corpusCase.name];
      const refused = REFUSED_BY_DESIGN[corpusCase.name];
      const title = refused ? `${corpusCase.name} (refused: ${refused.reason})` : corpusCase.name;
      test(title, skip ? { skip } : {}, async () => {
        seen.length = 0;
        const answer = await exchange(server.address.port, corpusCase.bytes);
        if (refused) {
          assert.equal(statusOf(answer), refused.status, `answer: ${answer.slice(0, 200)}`);
          assert.ok(!seen.some((record) => record.readError === undefined), "the app got it");
          return;
        }
        assert.equal(statusOf(answer), 200, `answer: ${answer.slice(0, 200)}`);
        assert.ok(seen.length >= 1, "the app was not called");
        const first = seen[0]!;
        const requestLine = corpusCase.bytes.toString("latin1").split("\r\n")[0]!;
        assert.equal(first.environ.REQUEST_METHOD, requestLine.split(" ")[0]);
        const declared = first.environ.CONTENT_LENGTH;
        if (declared !== undefined) assert.equal(first.body?.length, Number(declared));
      });
    }
  });

  describe("invalid requests are refused without the app seeing a corrupted request", () => {
    for (const corpusCase of invalid) {
      const skip = NOT_APPLICABLE_INVALID[corpusCase.name];
      const alternative = SAFE_ALTERNATIVES[corpusCase.name];
      const title = alternative
        ? `${corpusCase.name} (${corpusCase.expected}; instead: ${alternative.reason})`
        : `${corpusCase.name} (${corpusCase.expected})`;
      const settings = WITH_SETTINGS[corpusCase.name];
      test(title, skip ? { skip } : {}, async () => {
        seen.length = 0;
        const answer = settings
          ? await exchangeWith(settings, corpusCase.bytes)
          : await exchange(server.address.port, corpusCase.bytes);
        if (alternative) {
          alternative.check(seen);
          return;
        }
        const status = statusOf(answer);
        const accepted = seen.some((record) => record.readError === undefined);
        assert.ok(
          !(accepted && status === 200),
          `accepted with 200; app saw ${JSON.stringify(seen.map((s) => s.environ.PATH_INFO))}`,
        );
        assert.ok(
          status === undefined || status >= 400,
          `expected a 4xx or a closed connection, got ${answer.slice(0, 120)}`,
        );
      });
    }
  });
});
