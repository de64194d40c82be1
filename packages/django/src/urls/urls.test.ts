import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { HttpResponse } from "../http/response.ts";
import { include, path, rePath } from "./conf.ts";
import { registerConverter } from "./converters.ts";
import { getResolver, resolve, reverse, reverseLazy, withUrlContext } from "./base.ts";
import { NoReverseMatch, Resolver404 } from "./exceptions.ts";
import type { ViewFunction } from "./types.ts";

const view =
  (label: string): ViewFunction =>
  () =>
    new HttpResponse(label);
const index = view("index");
const detail = view("detail");
const results = view("results");
const byYear = view("byYear");
const slugView = view("slug");
const uuidView = view("uuid");
const fileView = view("file");
const first = view("first");
const second = view("second");

const pollsUrls = {
  appName: "polls",
  urlpatterns: [
    path("", index, { name: "index" }),
    path("<int:questionId>/", detail, "detail"),
    path("<int:questionId>/results/", results, "results"),
  ],
};

registerConverter(
  { regex: "[0-9]{4}", toJs: Number, toUrl: (value: unknown) => String(value).padStart(4, "0") },
  "yyyy",
);

const urlpatterns = [
  path("polls/", include(pollsUrls)),
  path("other-polls/", include(pollsUrls, { namespace: "otherPolls" })),
  path("articles/<yyyy:year>/", byYear, "year"),
  path("tags/<slug:slug>/", slugView, "tag"),
  path("items/<uuid:id>/", uuidView, "item"),
  path("files/<path:rest>", fileView, "file"),
  path("dup/", first, "dup"),
  path("dup/", second, "dup"),
  rePath("^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$", byYear, "archive"),
  rePath("^positional/([0-9]+)/$", view("positional"), "positional"),
  path("api/", include([[path("ping/", view("ping"), "ping")], "api"])),
  path("extra/", view("extra"), { name: "extra", kwargs: { flag: true } }),
];

describe("resolve", () => {
  const table: [string, string, Record<string, unknown>][] = [
    ["/polls/", "index", {}],
    ["/polls/5/", "detail", { questionId: 5 }],
    ["/polls/5/results/", "results", { questionId: 5 }],
    ["/other-polls/7/", "detail", { questionId: 7 }],
    ["/articles/2024/", "year", { year: 2024 }],
    ["/tags/hello-world_1/", "tag", { slug: "hello-world_1" }],
    [
      "/items/12345678-1234-1234-1234-123456789abc/",
      "item",
      { id: "12345678-1234-1234-1234-123456789abc" },
    ],
    ["/files/a/b/c.txt", "file", { rest: "a/b/c.txt" }],
    ["/archive/2024/03/", "archive", { year: "2024", month: "03" }],
    ["/api/ping/", "ping", {}],
    ["/extra/", "extra", { flag: true }],
  ];
  for (const [url, name, kwargs] of table) {
    test(`${url} → ${name}`, () => {
      const match = resolve(url, urlpatterns);
      assert.equal(match.urlName, name);
      assert.deepEqual(match.kwargs, kwargs);
    });
  }

  test("converters refuse what their regex does not match", () => {
    for (const url of [
      "/polls/abc/",
      "/polls/-1/",
      "/articles/24/",
      "/tags/a b/",
      "/items/XYZ/",
      "/polls/5",
    ]) {
      assert.throws(() => resolve(url, urlpatterns), Resolver404, url);
    }
  });

  test("the first match wins", () => {
    const match = resolve("/dup/", urlpatterns);
    assert.equal(match.func, first);
  });

  test("namespaces and app names are reported", () => {
    const match = resolve("/other-polls/3/", urlpatterns);
    assert.equal(match.namespace, "otherPolls");
    assert.equal(match.appName, "polls");
    assert.equal(match.viewName, "otherPolls:detail");
    assert.equal(match.route, "other-polls/<int:questionId>/");
  });

  test("unnamed rePath groups become positional args", () => {
    const match = resolve("/positional/42/", urlpatterns);
    assert.deepEqual(match.args, ["42"]);
    assert.deepEqual(match.kwargs, {});
  });

  test("Resolver404 lists the tried routes in order", () => {
    try {
      resolve("/polls/x/", urlpatterns);
      assert.fail("expected Resolver404");
    } catch (error) {
      assert.ok(error instanceof Resolver404);
      assert.equal(error.code, "DJANGO_E_RESOLVER404");
      const routes = error.tried.map((route) => route.map((entry) => entry.describe()).join(""));
      assert.deepEqual(routes.slice(0, 4), [
        "polls/",
        "polls/<int:questionId>/",
        "polls/<int:questionId>/results/",
        "other-polls/",
      ]);
    }
  });

  test("a bad route or converter name is refused when the URLconf is built", () => {
    assert.throws(() => path("<nope:x>/", index), /invalid converter 'nope'/);
    assert.throws(() => path("<int:not-valid>/", index), /valid identifier/);
    assert.throws(
      () => include(pollsUrls.urlpatterns, { namespace: "x" }),
      /without providing an appName/,
    );
  });
});

describe("reverse", () => {
  test("names, namespaces, args and kwargs", () => {
    assert.equal(reverse("polls:index", { urlconf: urlpatterns }), "/polls/");
    assert.equal(reverse("polls:detail", { urlconf: urlpatterns, args: [5] }), "/polls/5/");
    assert.equal(
      reverse("polls:results", { urlconf: urlpatterns, kwargs: { questionId: 9 } }),
      "/polls/9/results/",
    );
    assert.equal(
      reverse("otherPolls:detail", { urlconf: urlpatterns, args: [1] }),
      "/other-polls/1/",
    );
    assert.equal(reverse("year", { urlconf: urlpatterns, args: [7] }), "/articles/0007/");
    assert.equal(
      reverse("archive", { urlconf: urlpatterns, kwargs: { year: "2024", month: "03" } }),
      "/archive/2024/03/",
    );
    assert.equal(reverse("positional", { urlconf: urlpatterns, args: [3] }), "/positional/3/");
    assert.equal(reverse("api:ping", { urlconf: urlpatterns }), "/api/ping/");
    assert.equal(
      reverse("file", { urlconf: urlpatterns, args: ["a b/é.txt"] }),
      "/files/a%20b/%C3%A9.txt",
    );
    assert.equal(reverse(slugView, { urlconf: urlpatterns, args: ["x"] }), "/tags/x/");
    assert.equal(reverse("extra", { urlconf: urlpatterns }), "/extra/");
    assert.equal(
      reverse("polls:index", { urlconf: urlpatterns, query: { page: 2 } }),
      "/polls/?page=2",
    );
  });

  test("an app namespace picks the current instance, else the default one", () => {
    assert.equal(
      reverse("polls:index", { urlconf: urlpatterns, currentApp: "otherPolls" }),
      "/other-polls/",
    );
    assert.equal(reverse("polls:index", { urlconf: urlpatterns, currentApp: "polls" }), "/polls/");
  });

  test("for a name used twice, the last pattern wins (as in Django)", () => {
    const patterns = [path("a/", first, "same"), path("b/", second, "same")];
    assert.equal(reverse("same", { urlconf: patterns }), "/b/");
  });

  test("NoReverseMatch names what was tried", () => {
    assert.throws(
      () => reverse("nope", { urlconf: urlpatterns }),
      (error: unknown) => {
        assert.ok(error instanceof NoReverseMatch);
        assert.equal(error.code, "DJANGO_E_NO_REVERSE_MATCH");
        assert.match(error.message, /'nope' is not a valid view function or pattern name/);
        return true;
      },
    );
    assert.throws(
      () => reverse("polls:detail", { urlconf: urlpatterns, args: ["abc"] }),
      /Reverse for 'detail' with arguments '\["abc"\]' not found. 1 pattern\(s\) tried: \['polls\/<int:questionId>\/'\]/,
    );
    assert.throws(
      () => reverse("polls:detail", { urlconf: urlpatterns }),
      /with no arguments not found/,
    );
    assert.throws(
      () => reverse("missing:index", { urlconf: urlpatterns }),
      /'missing' is not a registered namespace/,
    );
    assert.throws(
      () => reverse("polls:detail", { urlconf: urlpatterns, args: [1], kwargs: { questionId: 1 } }),
      /Don't mix/,
    );
  });

  test("the script prefix is put in front, and reverseLazy follows it", () => {
    const lazy = reverseLazy("polls:index", { urlconf: urlpatterns });
    withUrlContext({ scriptPrefix: "/mount" }, () => {
      assert.equal(reverse("polls:detail", { urlconf: urlpatterns, args: [1] }), "/mount/polls/1/");
      assert.equal(String(lazy), "/mount/polls/");
    });
    assert.equal(String(lazy), "/polls/");
  });

  test("the resolver is built once per URLconf", () => {
    assert.equal(getResolver(urlpatterns), getResolver(urlpatterns));
  });
});
