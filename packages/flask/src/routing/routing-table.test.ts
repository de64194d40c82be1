// The routing test table: each row is a request against one map of overlapping rules and the
// outcome Werkzeug 3 gives (match with values, 404, 405 with Allow methods, 308 with Location).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  MethodNotAllowed,
  NotFound,
  RequestRedirect,
  Rule,
  UrlMap,
  type RuleOptions,
} from "./index.ts";

type Expected =
  | { endpoint: string; values?: Record<string, unknown> }
  | { status: 404 }
  | { status: 405; allow: string[] }
  | { status: 308; location: string };

type Row = [method: string, path: string, expected: Expected];

const RULES: Array<[string, RuleOptions]> = [
  ["/", { endpoint: "index" }],
  ["/about", { endpoint: "about" }],
  ["/<page>", { endpoint: "page" }],
  ["/docs/", { endpoint: "docs" }],
  ["/docs/<path:rest>", { endpoint: "docs_page" }],
  ["/post/<int:id>", { endpoint: "post", methods: ["GET"] }],
  ["/post/<int:id>", { endpoint: "post_update", methods: ["POST"] }],
  ["/post/new", { endpoint: "post_new" }],
  ["/post/<slug>", { endpoint: "post_slug", methods: ["GET"] }],
  ["/price/<float:amount>", { endpoint: "price" }],
  ["/offset/<int(signed=True):n>", { endpoint: "offset" }],
  ["/year/<int(fixed_digits=4):year>", { endpoint: "year" }],
  ["/small/<int(min=1, max=9):n>", { endpoint: "small" }],
  ["/small/<name>", { endpoint: "small_name" }],
  ["/lang/<string(length=2):code>", { endpoint: "lang" }],
  ["/lang/<string(minlength=3, maxlength=4):word>", { endpoint: "lang_word" }],
  ["/obj/<uuid:id>", { endpoint: "obj" }],
  ["/help/<any(faq, contact, 'terms'):topic>", { endpoint: "help" }],
  ["/help/<topic>", { endpoint: "help_other" }],
  ["/files/<path:name>/edit", { endpoint: "file_edit" }],
  ["/files/<path:name>", { endpoint: "file" }],
  ["/tree/<path:name>/", { endpoint: "tree" }],
  ["/page-<int:n>", { endpoint: "numbered" }],
  ["/loose/", { endpoint: "loose", strictSlashes: false }],
  ["/plain", { endpoint: "plain_loose", strictSlashes: false }],
  ["/auth/login", { endpoint: "login", methods: ["GET", "POST"] }],
  ["/forms/submit/", { endpoint: "submit", methods: ["POST"] }],
  ["/old/<int:id>", { endpoint: "old", redirectTo: "/post/<id>" }],
  ["/users/", { endpoint: "users", defaults: { page: 1 } }],
  ["/users/page/<int:page>", { endpoint: "users" }],
  ["/any", { endpoint: "any_method" }],
  ["/obj/<label>", { endpoint: "obj_label" }],
  ["/api/items", { endpoint: "items", methods: ["GET", "POST", "OPTIONS"] }],
  ["/report-<int:year>.json", { endpoint: "report_json" }],
  ["/report-<name>", { endpoint: "report_name" }],
  ["/range/<int:start>-<int:end>", { endpoint: "range" }],
  ["/range/<spec>", { endpoint: "range_spec" }],
  ["/archive/<path:name>/", { endpoint: "archive", strictSlashes: false }],
];

const TABLE: Row[] = [
  // static beats variable, regardless of order
  ["GET", "/", { endpoint: "index", values: {} }],
  ["GET", "/about", { endpoint: "about", values: {} }],
  ["GET", "/contact", { endpoint: "page", values: { page: "contact" } }],
  ["GET", "/post/new", { endpoint: "post_new", values: {} }],
  // int (weight 50) beats string (100) in the same segment
  ["GET", "/post/42", { endpoint: "post", values: { id: 42 } }],
  ["GET", "/post/hello", { endpoint: "post_slug", values: { slug: "hello" } }],
  ["POST", "/post/42", { endpoint: "post_update", values: { id: 42 } }],
  ["HEAD", "/post/42", { endpoint: "post", values: { id: 42 } }],
  // int rule lacks DELETE, the string rule for the same path lacks it too → 405 with both
  ["DELETE", "/post/42", { status: 405, allow: ["GET", "HEAD", "POST"] }],
  ["POST", "/post/hello", { status: 405, allow: ["GET", "HEAD"] }],
  // floats need a dot; signed ints; fixed digits; ranges fall through to the next rule
  ["GET", "/price/1.50", { endpoint: "price", values: { amount: 1.5 } }],
  ["GET", "/price/1", { status: 404 }],
  ["GET", "/price/-1.5", { status: 404 }],
  ["GET", "/offset/-3", { endpoint: "offset", values: { n: -3 } }],
  ["GET", "/offset/7", { endpoint: "offset", values: { n: 7 } }],
  ["GET", "/offset/--3", { status: 404 }],
  ["GET", "/year/2024", { endpoint: "year", values: { year: 2024 } }],
  ["GET", "/year/0999", { endpoint: "year", values: { year: 999 } }],
  ["GET", "/year/24", { status: 404 }],
  ["GET", "/small/5", { endpoint: "small", values: { n: 5 } }],
  ["GET", "/small/0", { endpoint: "small_name", values: { name: "0" } }],
  ["GET", "/small/10", { endpoint: "small_name", values: { name: "10" } }],
  [
    "GET",
    "/small/99999999999999999999",
    { endpoint: "small_name", values: { name: "99999999999999999999" } },
  ],
  // string length options
  ["GET", "/lang/en", { endpoint: "lang", values: { code: "en" } }],
  ["GET", "/lang/ü€", { endpoint: "lang", values: { code: "ü€" } }],
  ["GET", "/lang/eng", { endpoint: "lang_word", values: { word: "eng" } }],
  ["GET", "/lang/e", { status: 404 }],
  ["GET", "/lang/engli", { status: 404 }],
  // uuid
  [
    "GET",
    "/obj/0A1B2C3D-0000-4000-8000-00000000000F",
    { endpoint: "obj", values: { id: "0a1b2c3d-0000-4000-8000-00000000000f" } },
  ],
  ["GET", "/obj/not-a-uuid", { endpoint: "obj_label", values: { label: "not-a-uuid" } }],
  ["GET", "/obj/a/b", { status: 404 }],
  // any(...) before the plain string rule at the same place
  ["GET", "/help/faq", { endpoint: "help", values: { topic: "faq" } }],
  ["GET", "/help/terms", { endpoint: "help", values: { topic: "terms" } }],
  ["GET", "/help/faqs", { endpoint: "help_other", values: { topic: "faqs" } }],
  // path converter: slashes included, later static segments still win
  ["GET", "/files/a/b/c.txt", { endpoint: "file", values: { name: "a/b/c.txt" } }],
  ["GET", "/files/a/b/edit", { endpoint: "file_edit", values: { name: "a/b" } }],
  ["GET", "/files/", { status: 404 }],
  ["GET", "/docs/intro/start", { endpoint: "docs_page", values: { rest: "intro/start" } }],
  // trailing slashes: 308 to the slashed URL, keeping the query string
  ["GET", "/docs", { status: 308, location: "http://example.com/docs/?q=1" }],
  ["GET", "/docs/", { endpoint: "docs", values: {} }],
  ["GET", "/tree/a/b", { status: 308, location: "http://example.com/tree/a/b/?q=1" }],
  ["GET", "/tree/a/b/", { endpoint: "tree", values: { name: "a/b" } }],
  ["GET", "", { status: 308, location: "http://example.com/?q=1" }],
  ["GET", "/about/", { status: 404 }],
  // strictSlashes: false matches both spellings without redirect
  ["GET", "/loose", { endpoint: "loose", values: {} }],
  ["GET", "/loose/", { endpoint: "loose", values: {} }],
  ["GET", "/plain/", { endpoint: "plain_loose", values: {} }],
  // the slash redirect only happens for a method the rule allows
  ["POST", "/forms/submit", { status: 308, location: "http://example.com/forms/submit/?q=1" }],
  ["GET", "/forms/submit", { status: 404 }],
  ["GET", "/forms/submit/", { status: 405, allow: ["POST"] }],
  // a catch-all that allows every method wins over a 405 elsewhere
  ["GET", "/submit", { endpoint: "page", values: { page: "submit" } }],
  // merged slashes redirect; leading slashes collapse silently
  ["GET", "/docs//intro", { status: 308, location: "http://example.com/docs/intro?q=1" }],
  ["GET", "/post//42", { status: 308, location: "http://example.com/post/42?q=1" }],
  ["GET", "//about", { endpoint: "about", values: {} }],
  // static prefix inside a segment beats a bare variable
  ["GET", "/page-3", { endpoint: "numbered", values: { n: 3 } }],
  ["GET", "/page-x", { endpoint: "page", values: { page: "page-x" } }],
  // methods
  ["POST", "/auth/login", { endpoint: "login", values: {} }],
  ["HEAD", "/auth/login", { endpoint: "login", values: {} }],
  ["PUT", "/auth/login", { status: 405, allow: ["GET", "HEAD", "POST"] }],
  ["PUT", "/login", { endpoint: "page", values: { page: "login" } }],
  ["PATCH", "/any", { endpoint: "any_method", values: {} }],
  // redirectTo and default-value redirects
  ["GET", "/old/7", { status: 308, location: "http://example.com/post/7" }],
  ["GET", "/users/", { endpoint: "users", values: { page: 1 } }],
  ["GET", "/users/page/2", { endpoint: "users", values: { page: 2 } }],
  ["GET", "/users/page/1", { status: 308, location: "http://example.com/users/?q=1" }],
  // uuid (weight 80) before a plain segment at the same place
  ["GET", "/obj/abc", { endpoint: "obj_label", values: { label: "abc" } }],
  [
    "GET",
    "/obj/00000000-0000-4000-8000-000000000000",
    { endpoint: "obj", values: { id: "00000000-0000-4000-8000-000000000000" } },
  ],
  // static text around variables inside one segment (regex characters escaped)
  ["GET", "/report-2024.json", { endpoint: "report_json", values: { year: 2024 } }],
  ["GET", "/report-2024xjson", { endpoint: "report_name", values: { name: "2024xjson" } }],
  ["GET", "/range/3-7", { endpoint: "range", values: { start: 3, end: 7 } }],
  ["GET", "/range/3-x", { endpoint: "range_spec", values: { spec: "3-x" } }],
  // non-strict slashes with a path converter
  ["GET", "/archive/2024/01", { endpoint: "archive", values: { name: "2024/01" } }],
  ["GET", "/archive/2024/01/", { endpoint: "archive", values: { name: "2024/01" } }],
  // OPTIONS matches only rules that list it (Flask adds it for automatic OPTIONS)
  ["OPTIONS", "/api/items", { endpoint: "items", values: {} }],
  ["OPTIONS", "/post/42", { status: 405, allow: ["GET", "HEAD", "POST"] }],
  ["HEAD", "/api/items", { endpoint: "items", values: {} }],
  // 404s
  ["GET", "/nope/nope", { status: 404 }],
  ["GET", "/post/42/extra", { status: 404 }],
];

/** Builds the map from `rules` in the given order. */
export function buildMap(rules: ReadonlyArray<[string, RuleOptions]>): UrlMap {
  const map = new UrlMap();
  for (const [rule, options] of rules) map.add(new Rule(rule, options));
  return map;
}

function outcome(map: UrlMap, method: string, path: string): Expected {
  const adapter = map.bind({ serverName: "example.com", queryString: "q=1" });
  try {
    const { endpoint, values } = adapter.match(path, method);
    return { endpoint, values };
  } catch (error) {
    if (error instanceof RequestRedirect) return { status: 308, location: error.newUrl };
    if (error instanceof MethodNotAllowed) return { status: 405, allow: error.validMethods };
    if (error instanceof NotFound) return { status: 404 };
    throw error;
  }
}

/** A deterministic shuffle (mulberry32), so failures reproduce. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

describe("routing table", () => {
  const map = buildMap(RULES);
  for (const [method, path, expected] of TABLE) {
    it(`${method} ${JSON.stringify(path)} → ${"endpoint" in expected ? expected.endpoint : expected.status}`, () => {
      assert.deepEqual(outcome(map, method, path), expected);
    });
  }
});

describe("specificity does not depend on registration order", () => {
  const reference = TABLE.map(([method, path]) => outcome(buildMap(RULES), method, path));
  for (const seed of [1, 2, 3, 42, 1234]) {
    it(`shuffled registration (seed ${seed}) gives the same outcomes`, () => {
      const map = buildMap(shuffled(RULES, seed));
      assert.notDeepEqual(
        shuffled(RULES, seed).map(([rule]) => rule),
        RULES.map(([rule]) => rule),
      );
      TABLE.forEach(([method, path], index) => {
        assert.deepEqual(outcome(map, method, path), reference[index], `${method} ${path}`);
      });
    });
  }
  it("reversed registration gives the same outcomes", () => {
    const map = buildMap([...RULES].reverse());
    TABLE.forEach(([method, path], index) => {
      assert.deepEqual(outcome(map, method, path), reference[index], `${method} ${path}`);
    });
  });
});
