import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FlaskCliError } from "./errors.ts";
import { formatRoutes, parseRouteSort, type RouteRow } from "./routes.ts";

const RULES: RouteRow[] = [
  {
    rule: "/static/<path:filename>",
    endpoint: "static",
    methods: new Set(["GET", "HEAD", "OPTIONS"]),
  },
  {
    rule: "/auth/register",
    endpoint: "auth.register",
    methods: new Set(["GET", "HEAD", "OPTIONS", "POST"]),
  },
  { rule: "/", endpoint: "index", methods: new Set(["GET", "HEAD", "OPTIONS"]) },
  { rule: "/<int:id>/delete", endpoint: "blog.delete", methods: new Set(["POST", "OPTIONS"]) },
  { rule: "/any", endpoint: "anything", methods: undefined },
];

describe("formatRoutes (tsgi-flask routes)", () => {
  it("lists endpoint, methods and rule in aligned columns, sorted by endpoint", () => {
    assert.deepEqual(formatRoutes(RULES), [
      "Endpoint       Methods    Rule",
      "-------------  ---------  -----------------------",
      "anything       *          /any",
      "auth.register  GET, POST  /auth/register",
      "blog.delete    POST       /<int:id>/delete",
      "index          GET        /",
      "static         GET        /static/<path:filename>",
    ]);
  });

  it("keeps the map's order with --sort match and sorts by rule with --sort rule", () => {
    const endpoints = (lines: string[]) => lines.slice(2).map((line) => line.split(/\s+/)[0]);
    assert.deepEqual(endpoints(formatRoutes(RULES, { sort: "match" })), [
      "static",
      "auth.register",
      "index",
      "blog.delete",
      "anything",
    ]);
    assert.deepEqual(endpoints(formatRoutes(RULES, { sort: "rule" })), [
      "index",
      "blog.delete",
      "anything",
      "auth.register",
      "static",
    ]);
  });

  it("shows HEAD and OPTIONS only with --all-methods", () => {
    const line = formatRoutes(RULES, { allMethods: true }).find((row) => row.startsWith("index"));
    assert.match(line ?? "", /GET, HEAD, OPTIONS/);
  });

  it("says so when there are no routes", () => {
    assert.deepEqual(formatRoutes([]), ["No routes were registered."]);
  });

  it("reads --sort and refuses unknown keys", () => {
    assert.equal(parseRouteSort("methods"), "methods");
    assert.throws(
      () => parseRouteSort("domain"),
      (error) => error instanceof FlaskCliError && error.code === "FLASK_E_CLI_USAGE",
    );
  });
});
