import assert from "node:assert/strict";
import { test } from "node:test";
import type { App, Middleware } from "../types.ts";
import { compose } from "./compose.ts";

const encoder = new TextEncoder();

test("compose(app, a, b) is a(b(app)): outermost first on the way in, last on the way out", async () => {
  const trace: string[] = [];
  const app: App = (_environ, startResponse) => {
    trace.push("app");
    startResponse("200 OK", []);
    return [encoder.encode("body")];
  };
  const tracing =
    (name: string): Middleware =>
    (inner) =>
    async (environ, startResponse) => {
      trace.push(`${name} in`);
      const body = await inner(environ, startResponse);
      trace.push(`${name} out`);
      return body;
    };
  const composed = compose(app, tracing("a"), tracing("b"));
  await composed({} as never, () => async () => {});
  assert.deepEqual(trace, ["a in", "b in", "app", "b out", "a out"]);

  // The same structure built by hand behaves identically.
  trace.length = 0;
  await tracing("a")(tracing("b")(app))({} as never, () => async () => {});
  assert.deepEqual(trace, ["a in", "b in", "app", "b out", "a out"]);
});

test("compose with no middleware returns the app itself", () => {
  const app: App = () => [];
  assert.equal(compose(app), app);
});

test("the JSDoc example: headers added on the way out, innermost first", async () => {
  const app: App = (_environ, startResponse) => {
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    return [];
  };
  const tag =
    (name: string): Middleware =>
    (inner) =>
    (environ, startResponse) =>
      inner(environ, (status, headers, excInfo) =>
        startResponse(status, [...headers, ["X-Via", name]], excInfo),
      );
  let sent: readonly (readonly [string, string])[] = [];
  await compose(
    app,
    tag("outer"),
    tag("inner"),
  )({} as never, (_status, headers) => {
    sent = headers;
    return async () => {};
  });
  assert.deepEqual(sent, [
    ["Content-Type", "text/plain"],
    ["X-Via", "inner"],
    ["X-Via", "outer"],
  ]);
});
