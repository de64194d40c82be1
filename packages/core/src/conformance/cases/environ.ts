// What the app sees: environ keys, their types, and the decoding rules of DECISIONS 12.
// Environs are captured in-process and checked after the response, so a failing assertion
// names the key instead of turning into a 500 inside the server.
import assert from "node:assert/strict";
import type { Environ } from "../../types.ts";
import { type ConformanceCase, rawRequest, recordingApp, expectStatus } from "../_harness.ts";

/** Picks the only recorded environ, failing clearly when the app was not called once. */
function only(seen: Environ[]): Environ {
  assert.equal(
    seen.length,
    1,
    `the app should have been called once, was called ${seen.length} times`,
  );
  return seen[0]!;
}

export const environCases: ConformanceCase[] = [
  {
    id: "environ.keys",
    async run(context) {
      const seen: Environ[] = [];
      const served = await context.serve(recordingApp(seen));
      const connection = await context.connect(served);
      const target = "/environ/keys?x=1&y=%20";
      await connection.send(
        rawRequest(served, "GET", target, {
          headers: [
            ["X-Conformance", "yes"],
            ["User-Agent", "tsgi-conformance"],
          ],
        }),
      );
      const response = await connection.readResponse();
      expectStatus(response, 200);
      assert.equal(response.text(), "ok");
      const environ = only(seen);

      const proto: unknown = Object.getPrototypeOf(environ);
      assert.ok(proto === Object.prototype || proto === null, "environ must be a plain object");
      assert.equal(environ.REQUEST_METHOD, "GET");
      assert.equal(
        environ.SCRIPT_NAME,
        "",
        "a server mounts apps at the root: SCRIPT_NAME is empty",
      );
      assert.equal(environ.PATH_INFO, "/environ/keys");
      assert.equal(environ.QUERY_STRING, "x=1&y=%20");
      assert.equal(typeof environ.SERVER_NAME, "string");
      assert.notEqual(environ.SERVER_NAME, "", "SERVER_NAME must not be empty");
      assert.equal(environ.SERVER_PORT, String(served.port));
      assert.equal(environ.SERVER_PROTOCOL, served.facts.protocol);
      assert.ok(
        environ.REMOTE_ADDR === "127.0.0.1" || environ.REMOTE_ADDR === "::ffff:127.0.0.1",
        `REMOTE_ADDR should be the client's address 127.0.0.1, got ${String(environ.REMOTE_ADDR)}`,
      );
      if (environ.REMOTE_PORT !== undefined) {
        assert.equal(
          environ.REMOTE_PORT,
          String(connection.localPort),
          "REMOTE_PORT is the client's port",
        );
      }
      assert.ok(
        environ.CONTENT_LENGTH === undefined || environ.CONTENT_LENGTH === "",
        "CONTENT_LENGTH is absent or empty without a body",
      );
      assert.ok(environ.CONTENT_TYPE === undefined || environ.CONTENT_TYPE === "");
      assert.equal(environ.HTTP_HOST, served.authority);
      assert.equal(environ.HTTP_X_CONFORMANCE, "yes");
      assert.equal(environ.HTTP_USER_AGENT, "tsgi-conformance");
      for (const key of Object.keys(environ)) {
        if (/^[A-Z][A-Z0-9_]*$/.test(key)) {
          assert.equal(typeof environ[key], "string", `CGI key ${key} must be a string`);
        }
      }

      assert.deepEqual([...environ["tsgi.version"]], [1, 0]);
      assert.equal(environ["tsgi.url_scheme"], served.scheme);
      for (const key of ["tsgi.multithread", "tsgi.multiprocess", "tsgi.run_once"] as const) {
        assert.equal(typeof environ[key], "boolean", `${key} must be a boolean`);
      }
      assert.equal(environ["tsgi.run_once"], false, "a long-running server is not run_once");
      const input = environ["tsgi.input"];
      for (const method of ["read", "readline", "readlines"] as const) {
        assert.equal(typeof input[method], "function", `tsgi.input.${method} must be a function`);
      }
      assert.equal(typeof input[Symbol.asyncIterator], "function", "tsgi.input is async-iterable");
      const errors = environ["tsgi.errors"];
      for (const method of ["write", "writelines", "flush"] as const) {
        assert.equal(typeof errors[method], "function", `tsgi.errors.${method} must be a function`);
      }
      assert.equal(typeof environ["tsgi.server"], "string", "tsgi.server names the server");
      assert.notEqual(environ["tsgi.server"], "");
      assert.equal(environ["tsgi.request_target"], target);
      if (environ["tsgi.signal"] !== undefined) {
        assert.ok(environ["tsgi.signal"] instanceof AbortSignal, "tsgi.signal is an AbortSignal");
      }
      if (environ["tsgi.file_wrapper"] !== undefined) {
        assert.equal(typeof environ["tsgi.file_wrapper"], "function");
      }
    },
  },

  {
    id: "environ.path-and-query",
    async run(context) {
      const seen: Environ[] = [];
      const served = await context.serve(recordingApp(seen));
      const connection = await context.connect(served);
      // [target as sent, PATH_INFO, QUERY_STRING]
      const table: Array<[string, string, string]> = [
        [
          "/a%2Fb/caf%C3%A9/%7Euser/x%20y?q=%C3%A9t%C3%A9&plus=a+b&slash=%2F&empty=",
          "/a/b/café/~user/x y",
          "q=%C3%A9t%C3%A9&plus=a+b&slash=%2F&empty=",
        ],
        ["/%E2%9C%93/%F0%9F%98%80", "/✓/😀", ""],
        // A malformed escape stays as it is; %25 is a literal percent sign.
        ["/100%25/%zz?%zz", "/100%/%zz", "%zz"],
        // "+" means "+" in a path; an empty query is "".
        ["/plus+sign?", "/plus+sign", ""],
      ];
      for (const [target] of table) {
        await connection.send(rawRequest(served, "GET", target));
        const response = await connection.readResponse();
        expectStatus(response, 200, `status for ${target}`);
      }
      assert.equal(seen.length, table.length, "the app is called once per request");
      table.forEach(([target, path, query], index) => {
        const environ = seen[index]!;
        assert.equal(environ.PATH_INFO, path, `PATH_INFO for ${target}`);
        assert.equal(environ.QUERY_STRING, query, `QUERY_STRING for ${target}`);
        assert.equal(environ["tsgi.request_target"], target, `tsgi.request_target for ${target}`);
        assert.equal(environ.SCRIPT_NAME, "");
      });
    },
  },

  {
    id: "environ.no-normalisation",
    async run(context) {
      const seen: Environ[] = [];
      const served = await context.serve(recordingApp(seen));
      const connection = await context.connect(served);
      // Dot segments and empty segments are the app's business (and its router's): a server
      // that resolves them can route "/static/../admin" to a handler that never saw it.
      const target = "/double//slash/../dots/./x?a=../b";
      await connection.send(rawRequest(served, "GET", target));
      expectStatus(await connection.readResponse(), 200);
      const environ = only(seen);
      assert.equal(environ.PATH_INFO, "/double//slash/../dots/./x");
      assert.equal(environ.QUERY_STRING, "a=../b");
      assert.equal(environ["tsgi.request_target"], target);
    },
  },

  {
    id: "environ.server-protocol",
    async run(context) {
      const seen: Environ[] = [];
      const served = await context.serve(recordingApp(seen));
      for (const protocol of served.facts.versions) {
        const connection = await context.connect(served);
        // An HTTP/2 request is written as HTTP/1.1 and sent as an HTTP/2 stream.
        const version = protocol === "HTTP/2" ? "HTTP/1.1" : protocol;
        await connection.send(rawRequest(served, "GET", "/", { version }));
        expectStatus(await connection.readResponse(), 200);
        connection.destroy();
      }
      assert.deepEqual(
        seen.map((environ) => environ.SERVER_PROTOCOL),
        served.facts.versions,
        "SERVER_PROTOCOL is the version the client used",
      );
    },
  },

  {
    id: "environ.absolute-form",
    async run(context) {
      const seen: Environ[] = [];
      const served = await context.serve(recordingApp(seen));
      const connection = await context.connect(served);
      const target = `http://${served.authority}/abs/p%C3%A9?q=1`;
      await connection.send(rawRequest(served, "GET", target));
      const response = await connection.readResponse();
      expectStatus(response, 200);
      const environ = only(seen);
      assert.equal(environ.PATH_INFO, "/abs/pé");
      assert.equal(environ.QUERY_STRING, "q=1");
      assert.equal(environ["tsgi.request_target"], target);
    },
  },

  {
    id: "environ.bad-utf8-path",
    async run(context) {
      const seen: Environ[] = [];
      const served = await context.serve(recordingApp(seen));
      // A lone byte, a truncated sequence, an overlong "/", an encoded surrogate.
      for (const target of ["/%FF", "/caf%C3", "/%C0%AF", "/x%ED%A0%80"]) {
        const connection = await context.connect(served);
        await connection.send(rawRequest(served, "GET", target));
        const response = await connection.readResponse();
        expectStatus(response, 400, `status for ${target}`);
        connection.destroy();
      }
      assert.equal(seen.length, 0, "the app must not be called for a path that is not UTF-8");
    },
  },

  {
    id: "environ.underscore-header-dropped",
    async run(context) {
      const seen: Environ[] = [];
      const served = await context.serve(recordingApp(seen));
      const connection = await context.connect(served);
      await connection.send(
        rawRequest(served, "GET", "/", {
          headers: [
            ["X-Forwarded-For", "10.0.0.1"],
            ["X_Forwarded_For", "6.6.6.6"],
            ["X_Only_Underscore", "6.6.6.6"],
            ["Content_Length", "666"],
          ],
        }),
      );
      expectStatus(await connection.readResponse(), 200);
      const environ = only(seen);
      assert.equal(environ.HTTP_X_FORWARDED_FOR, "10.0.0.1");
      assert.equal(environ.HTTP_X_ONLY_UNDERSCORE, undefined);
      assert.ok(environ.CONTENT_LENGTH === undefined || environ.CONTENT_LENGTH === "");
      for (const [key, value] of Object.entries(environ)) {
        if (typeof value === "string") {
          assert.ok(!value.includes("6.6.6.6") && value !== "666", `${key} came from an _ header`);
        }
      }
    },
  },

  {
    id: "environ.repeated-headers-joined",
    async run(context) {
      const seen: Environ[] = [];
      const served = await context.serve(recordingApp(seen));
      const connection = await context.connect(served);
      await connection.send(
        rawRequest(served, "GET", "/", {
          headers: [
            ["X-Multi", "a"],
            ["Accept", "text/html"],
            ["x-multi", "b"],
            ["Cookie", "a=1"],
            ["Accept", "application/json"],
            ["Cookie", "b=2"],
          ],
        }),
      );
      expectStatus(await connection.readResponse(), 200);
      const environ = only(seen);
      assert.equal(environ.HTTP_X_MULTI, "a, b");
      assert.equal(environ.HTTP_ACCEPT, "text/html, application/json");
      assert.equal(environ.HTTP_COOKIE, "a=1; b=2", "Cookie headers are joined with '; '");
    },
  },

  {
    id: "environ.content-headers",
    async run(context) {
      const seen: Environ[] = [];
      const served = await context.serve(
        recordingApp(seen, async (environ) => {
          await environ["tsgi.input"].read();
          return "ok";
        }),
      );
      const connection = await context.connect(served);
      await connection.send(
        rawRequest(served, "POST", "/form", {
          headers: [["Content-Type", "application/x-www-form-urlencoded; charset=utf-8"]],
          body: "a=1&b=2",
        }),
      );
      expectStatus(await connection.readResponse(), 200);
      const environ = only(seen);
      assert.equal(environ.REQUEST_METHOD, "POST");
      assert.equal(environ.CONTENT_TYPE, "application/x-www-form-urlencoded; charset=utf-8");
      assert.equal(environ.CONTENT_LENGTH, "7");
      assert.equal(environ.HTTP_CONTENT_TYPE, undefined, "Content-Type is CONTENT_TYPE only");
      assert.equal(environ.HTTP_CONTENT_LENGTH, undefined, "Content-Length is CONTENT_LENGTH only");
    },
  },
];
