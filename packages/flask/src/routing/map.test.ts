import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { createEnviron } from "./_test-environ.ts";
import {
  DuplicateRuleError,
  MethodNotAllowed,
  NotFound,
  RequestRedirect,
  Rule,
  RuleSyntaxError,
  UrlMap,
} from "./index.ts";

describe("Rule", () => {
  it("adds HEAD to GET, upper-cases methods, keeps arguments and defaults", () => {
    const rule = new Rule("/p/<int:id>/<slug>", {
      endpoint: "p",
      methods: ["get", "post"],
      defaults: { lang: "en" },
    });
    assert.deepEqual([...(rule.methods ?? [])].sort(), ["GET", "HEAD", "POST"]);
    assert.deepEqual([...rule.arguments].sort(), ["id", "lang", "slug"]);
    assert.deepEqual(rule.variables, ["id", "slug"]);
    assert.equal(rule.isBranch, false);
    assert.equal(new Rule("/x").methods, undefined);
    assert.equal(new Rule("/x").endpoint, "/x");
    assert.equal(new Rule("/x/").isBranch, true);
  });

  it("rejects malformed rules with FLASK_E_BAD_RULE", () => {
    const bad = ["x", "", "/<>", "/<int:>", "/<1x>", "/a<b", "/<a>/<a>"];
    for (const rule of bad) {
      assert.throws(
        () => new Rule(rule),
        (error: unknown) => error instanceof RuleSyntaxError && error.code === "FLASK_E_BAD_RULE",
        rule,
      );
    }
    assert.throws(
      () => new Rule("/x", { methods: "GET" as unknown as string[] }),
      /not the string/,
    );
    assert.throws(() => new Rule("/x", { methods: [] }), /must not be empty/);
    assert.throws(() => new UrlMap().add(new Rule("/<int(:x>")), RuleSyntaxError);
  });

  it("belongs to one map only", () => {
    const rule = new Rule("/x");
    new UrlMap().add(rule);
    assert.throws(() => new UrlMap().add(rule), /already added/);
  });
});

describe("duplicate rules", () => {
  it("are rejected when pattern and methods overlap, naming both endpoints", () => {
    const map = new UrlMap();
    map.add(new Rule("/post/<int:id>", { endpoint: "show", methods: ["GET"] }));
    map.add(new Rule("/post/<int:id>", { endpoint: "update", methods: ["POST"] }));
    const duplicate = () =>
      map.add(new Rule("/post/<int:pk>", { endpoint: "again", methods: ["GET", "PUT"] }));
    assert.throws(duplicate, (error: unknown) => {
      assert.ok(error instanceof DuplicateRuleError);
      assert.equal(error.code, "FLASK_E_DUPLICATE_RULE");
      assert.equal(error.endpoint, "again");
      assert.equal(error.existingEndpoint, "show");
      assert.match(error.message, /"again".*"show"/);
      return true;
    });
    assert.throws(
      () => map.add(new Rule("/post/<int:id>", { endpoint: "any" })),
      DuplicateRuleError,
    );
    // The rejected rules left the map unchanged.
    assert.equal(map.iterRules().length, 2);
  });

  it("treat <x>, <string:x> and <default:x> alike but different converters or arguments apart", () => {
    const map = new UrlMap();
    map.add(new Rule("/u/<name>", { endpoint: "a" }));
    assert.throws(
      () => map.add(new Rule("/u/<string:other>", { endpoint: "b" })),
      DuplicateRuleError,
    );
    map.add(new Rule("/u/<int:id>", { endpoint: "c" }));
    map.add(new Rule("/u/<int(min=5):id>", { endpoint: "d" }));
    map.add(new Rule("/u/<name>/", { endpoint: "e" }));
    assert.throws(() => map.add(new Rule("/u//<int:id>", { endpoint: "f" })), DuplicateRuleError);
  });

  it("exempt build-only rules, which never match (flaskr's `index` next to `blog.index`)", () => {
    const map = new UrlMap();
    map.add(new Rule("/", { endpoint: "blog.index", methods: ["GET"] }));
    map.add(new Rule("/", { endpoint: "index", methods: ["GET"], buildOnly: true }));
    const adapter = map.bind({ serverName: "h" });
    assert.equal(adapter.match("/").endpoint, "blog.index");
    assert.equal(adapter.build("index"), "/");
  });

  it("leave a rejected rule unbound, so it can go to another map", () => {
    const map = new UrlMap({ rules: [new Rule("/x", { endpoint: "a" })] });
    const rejected = new Rule("/x", { endpoint: "b" });
    assert.throws(() => map.add(rejected), DuplicateRuleError);
    assert.equal(rejected.map, undefined);
    const other = new UrlMap();
    other.add(rejected);
    assert.equal(other.bind({ serverName: "h" }).match("/x").endpoint, "b");
  });
});

describe("MapAdapter", () => {
  const map = new UrlMap();
  map.add(new Rule("/", { endpoint: "index", methods: ["GET"] }));
  map.add(new Rule("/login", { endpoint: "login", methods: ["GET", "POST", "OPTIONS"] }));
  map.add(new Rule("/login", { endpoint: "logout", methods: ["DELETE"] }));
  map.add(new Rule("/docs/", { endpoint: "docs" }));
  map.add(new Rule("/free", { endpoint: "free" }));
  map.add(
    new Rule("/go/<int:id>", {
      endpoint: "go",
      redirectTo: (adapter, values) => adapter.build("index", { from: values.id }),
    }),
  );
  map.add(new Rule("/built", { endpoint: "built", buildOnly: true }));

  it("allowedMethods lists the methods for Allow (OPTIONS when the rule has it)", () => {
    const adapter = map.bind({ serverName: "h" });
    assert.deepEqual(adapter.allowedMethods("/login"), [
      "DELETE",
      "GET",
      "HEAD",
      "OPTIONS",
      "POST",
    ]);
    assert.deepEqual(adapter.allowedMethods("/"), ["GET", "HEAD"]);
    assert.deepEqual(adapter.allowedMethods("/missing"), []);
    assert.deepEqual(adapter.allowedMethods("/free"), []);
  });

  it("405 carries status, code and sorted methods", () => {
    assert.throws(
      () => map.bind({ serverName: "h" }).match("/", "POST"),
      (error: unknown) =>
        error instanceof MethodNotAllowed &&
        error.status === 405 &&
        error.code === "FLASK_E_METHOD_NOT_ALLOWED" &&
        error.validMethods.join() === "GET,HEAD",
    );
    assert.throws(
      () => map.bind({ serverName: "h" }).match("/nope"),
      (error: unknown) => error instanceof NotFound && error.status === 404,
    );
  });

  it("redirects keep the script name, scheme, host and raw query string", () => {
    const adapter = map.bind({
      serverName: "example.com:8443",
      scriptName: "/my app",
      urlScheme: "https",
      queryString: "a=1&b=%20",
    });
    assert.throws(
      () => adapter.match("/docs"),
      (error: unknown) =>
        error instanceof RequestRedirect &&
        error.status === 308 &&
        error.newUrl === "https://example.com:8443/my%20app/docs/?a=1&b=%20",
    );
  });

  it("default-value redirects encode the target once", () => {
    const spaced = new UrlMap();
    spaced.add(new Rule("/a b/", { endpoint: "list", defaults: { page: 1 } }));
    spaced.add(new Rule("/a b/<int:page>", { endpoint: "list" }));
    assert.throws(
      () => spaced.bind({ serverName: "h" }).match("/a b/1"),
      (error: unknown) => error instanceof RequestRedirect && error.newUrl === "http://h/a%20b/",
    );
  });

  it("a slash redirect encodes the decoded path", () => {
    assert.throws(
      () => map.bind({ serverName: "h" }).match("/docs"),
      (error: unknown) => error instanceof RequestRedirect && error.newUrl === "http://h/docs/",
    );
    const odd = new UrlMap();
    odd.add(new Rule("/<name>/", { endpoint: "n" }));
    assert.throws(
      () => odd.bind({ serverName: "h" }).match("/ü ?#"),
      (error: unknown) =>
        error instanceof RequestRedirect && error.newUrl === "http://h/%C3%BC%20%3F%23/",
    );
  });

  it("redirectTo joins relative targets to the script root, even with an odd Host", () => {
    const relative = new UrlMap();
    relative.add(new Rule("/old", { endpoint: "old", redirectTo: "new/place" }));
    assert.throws(
      () => relative.bind({ serverName: "h", scriptName: "/app" }).match("/old"),
      (error: unknown) =>
        error instanceof RequestRedirect && error.newUrl === "http://h/app/new/place",
    );
    assert.throws(
      () => relative.bind({ serverName: "bad host" }).match("/old"),
      (error: unknown) =>
        error instanceof RequestRedirect && error.newUrl === "http://bad host/new/place",
    );
  });

  it("redirectTo may be a function of the adapter and values", () => {
    assert.throws(
      () => map.bind({ serverName: "h" }).match("/go/5"),
      (error: unknown) => error instanceof RequestRedirect && error.newUrl === "http://h/?from=5",
    );
  });

  it("buildOnly rules build but never match", () => {
    const adapter = map.bind({ serverName: "h" });
    assert.equal(adapter.build("built"), "/built");
    assert.throws(() => adapter.match("/built"), NotFound);
  });

  it("bindToEnviron reads host, script name, path, method, query and scheme", () => {
    const adapter = map.bindToEnviron(
      createEnviron({
        PATH_INFO: "/docs",
        QUERY_STRING: "x=1",
        SCRIPT_NAME: "/app",
        HTTP_HOST: "example.org",
      }),
    );
    assert.equal(adapter.serverName, "example.org");
    assert.throws(
      () => adapter.match(),
      (error: unknown) =>
        error instanceof RequestRedirect && error.newUrl === "http://example.org/app/docs/?x=1",
    );
    const noHost = map.bindToEnviron(
      createEnviron({
        SERVER_NAME: "srv",
        SERVER_PORT: "8000",
        REQUEST_METHOD: "POST",
        PATH_INFO: "/login",
      }),
    );
    assert.equal(noHost.serverName, "srv:8000");
    assert.equal(noHost.match().endpoint, "login");
    assert.equal(
      map.bindToEnviron(createEnviron({ SERVER_NAME: "srv", SERVER_PORT: "80" })).serverName,
      "srv",
    );
    assert.equal(
      map.bindToEnviron(createEnviron({ SERVER_NAME: "::1", SERVER_PORT: "8000" })).serverName,
      "[::1]:8000",
    );
  });
});

describe("sans-I/O", () => {
  it("no routing source imports node:http, node:net or node:fs", () => {
    const folder = new URL(".", import.meta.url);
    const sources = readdirSync(folder).filter(
      (name) => name.endsWith(".ts") && !name.endsWith(".test.ts") && !name.startsWith("_test"),
    );
    assert.ok(sources.length >= 8);
    for (const name of sources) {
      const text = readFileSync(new URL(name, folder), "utf8");
      assert.doesNotMatch(text, /from "(node:)?(http|net|fs|https|http2)(\/promises)?"/, name);
    }
  });
});

describe("rules that share a state", () => {
  it("a narrower converter registered first takes its values, the next rule the rest", () => {
    const map = new UrlMap();
    map.add(new Rule("/n/<int(max=9):digit>", { endpoint: "digit" }));
    map.add(new Rule("/n/<int:number>", { endpoint: "number" }));
    const adapter = map.bind({ serverName: "h" });
    assert.deepEqual(adapter.match("/n/5"), {
      rule: map.iterRules("digit")[0],
      endpoint: "digit",
      values: { digit: 5 },
    });
    assert.deepEqual(adapter.match("/n/50").values, { number: 50 });
  });
});
