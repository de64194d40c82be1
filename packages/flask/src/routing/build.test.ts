import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BuildError, Rule, UrlMap } from "./index.ts";

function makeMap(): UrlMap {
  const map = new UrlMap();
  map.add(new Rule("/", { endpoint: "index" }));
  map.add(new Rule("/post/<int:id>", { endpoint: "post", methods: ["GET"] }));
  map.add(new Rule("/post/<int:id>/edit", { endpoint: "edit", methods: ["POST"] }));
  map.add(new Rule("/user/<name>", { endpoint: "user" }));
  map.add(new Rule("/static/<path:filename>", { endpoint: "static" }));
  map.add(new Rule("/users/", { endpoint: "users", defaults: { page: 1 } }));
  map.add(new Rule("/users/page/<int:page>", { endpoint: "users" }));
  map.add(new Rule("/auth/login", { endpoint: "auth.login" }));
  map.add(new Rule("/a b/ü", { endpoint: "odd_static" }));
  map.add(new Rule("/help/<any(faq, terms):topic>", { endpoint: "help" }));
  map.add(new Rule("/help", { endpoint: "help" }));
  map.add(new Rule("/submit", { endpoint: "submit", methods: ["POST"] }));
  map.add(new Rule("/submit/form", { endpoint: "submit", methods: ["GET"] }));
  return map;
}

describe("build", () => {
  const map = makeMap();
  const adapter = map.bind({ serverName: "example.com:8080", scriptName: "/app" });

  const cases: Array<[string, Record<string, unknown>, object, string]> = [
    ["index", {}, {}, "/app/"],
    ["post", { id: 3 }, {}, "/app/post/3"],
    [
      "post",
      { id: 3, q: "a b&c", tag: ["x", "y"], skip: null, gone: undefined },
      {},
      "/app/post/3?q=a+b%26c&tag=x&tag=y",
    ],
    ["user", { name: "a/b c%" }, {}, "/app/user/a%2Fb%20c%25"],
    ["user", { name: "ü€" }, {}, "/app/user/%C3%BC%E2%82%AC"],
    ["static", { filename: "css/site main.css" }, {}, "/app/static/css/site%20main.css"],
    ["users", {}, {}, "/app/users/"],
    ["users", { page: 1 }, {}, "/app/users/"],
    ["users", { page: 2 }, {}, "/app/users/page/2"],
    ["odd_static", {}, {}, "/app/a%20b/%C3%BC"],
    ["help", { topic: "faq" }, {}, "/app/help/faq"],
    ["help", {}, {}, "/app/help"],
    ["help", { topic: "other" }, {}, "/app/help?topic=other"],
    ["post", { id: 3 }, { forceExternal: true }, "http://example.com:8080/app/post/3"],
    [
      "post",
      { id: 3 },
      { forceExternal: true, urlScheme: "https", anchor: "c 1" },
      "https://example.com:8080/app/post/3#c%201",
    ],
    ["index", { next: "/x?y" }, { anchor: "top" }, "/app/?next=/x?y#top"],
    ["submit", {}, {}, "/app/submit/form"],
    ["submit", {}, { method: "POST" }, "/app/submit"],
    ["post", { id: 3, extra: 1 }, { appendUnknown: false }, "/app/post/3"],
  ];
  for (const [endpoint, values, options, expected] of cases) {
    it(`${endpoint} ${JSON.stringify(values)} ${JSON.stringify(options)} → ${expected}`, () => {
      assert.equal(adapter.build(endpoint, values, options), expected);
    });
  }

  it("tries the bound request method first", () => {
    assert.equal(map.bind({ serverName: "h", method: "POST" }).build("submit"), "/submit");
    assert.equal(map.bind({ serverName: "h", method: "GET" }).build("submit"), "/submit/form");
  });

  it("builds at the root without a script name", () => {
    assert.equal(map.bind({ serverName: "h" }).build("index"), "/");
    assert.equal(
      map.bind({ serverName: "h", scriptName: "/" }).build("post", { id: 1 }),
      "/post/1",
    );
    assert.equal(
      map
        .bind({ serverName: "h", scriptName: "/my app" })
        .build("index", {}, { forceExternal: true }),
      "http://h/my%20app/",
    );
  });
});

describe("BuildError", () => {
  const adapter = makeMap().bind({ serverName: "example.com" });
  const buildError = (fn: () => unknown): BuildError => {
    try {
      fn();
    } catch (error) {
      if (error instanceof BuildError) return error;
      throw error;
    }
    assert.fail("expected a BuildError");
  };

  it("names the endpoint and the missing values", () => {
    const error = buildError(() => adapter.build("post", { q: 1 }));
    assert.equal(error.code, "FLASK_E_BUILD");
    assert.equal(error.endpoint, "post");
    assert.deepEqual(error.missing, ["id"]);
    assert.match(error.message, /"post".*\["id"\]/);
  });

  it("suggests close endpoint names for an unknown endpoint", () => {
    const error = buildError(() => adapter.build("login"));
    assert.deepEqual(error.suggestions, ["auth.login"]);
    assert.match(error.message, /Did you mean "auth.login"/);
    assert.deepEqual(buildError(() => adapter.build("zzzzzzzz")).suggestions, []);
  });

  it("names the method when no rule allows it", () => {
    const error = buildError(() => adapter.build("post", { id: 1 }, { method: "DELETE" }));
    assert.equal(error.method, "DELETE");
    assert.match(error.message, /method DELETE.*GET, HEAD/);
  });

  it("gives the converter's reason when a value does not fit", () => {
    assert.match(buildError(() => adapter.build("post", { id: "abc" })).message, /not an integer/);
    assert.match(buildError(() => adapter.build("post", { id: -1 })).message, /negative/);
  });
});
