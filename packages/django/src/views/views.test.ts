import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { clientFor } from "../core/_test-helpers.ts";
import type { HttpRequest } from "../http/request.ts";
import { HttpResponse } from "../http/response.ts";
import { CsrfViewMiddleware } from "../csrf/middleware.ts";
import { path } from "../urls/conf.ts";
import { reverseLazy } from "../urls/base.ts";
import { RedirectView, TemplateView, View } from "./base.ts";
import { DetailView } from "./detail.ts";
import { ListView } from "./list.ts";
import { Question, setUpDatabase, tearDownDatabase, writeTemplates } from "./_test-models.ts";

class Greeting extends View {
  greeting = "Hello";
  get(request: HttpRequest) {
    return new HttpResponse(`${this.greeting}, ${String(this.kwargs.name)} (${request.method})`);
  }
  post() {
    return new HttpResponse("posted", { status: 201 });
  }
}

class QuestionList extends ListView {
  override model = Question as never;
  override ordering = ["pubDate"];
  override paginateBy = 2;
}

class QuestionDetail extends DetailView {
  override model = Question as never;
}

let templatesDir: string;
let cleanup: () => Promise<void>;
before(async () => {
  ({ dir: templatesDir, cleanup } = await writeTemplates());
  await setUpDatabase();
});
after(async () => {
  await tearDownDatabase();
  await cleanup();
});

function client() {
  return clientFor({
    ROOT_URLCONF: [
      path("hello/<name>/", Greeting.asView({ greeting: "Hi" }), "hello"),
      path(
        "about/",
        TemplateView.asView({ templateName: "about.html", extraContext: { title: "us" } }),
      ),
      path("about/<name>/", TemplateView.asView({ templateName: "about.html" })),
      path("go/<int:pk>/", RedirectView.asView({ url: "/questions/%(pk)s/", queryString: true })),
      path("go-named/<int:pk>/", RedirectView.asView({ patternName: "detail", permanent: true })),
      path("go-lazy/", RedirectView.asView({ url: reverseLazy("list") })),
      path("gone/", RedirectView.asView()),
      path("questions/", QuestionList.asView(), "list"),
      path("questions/<int:pk>/", QuestionDetail.asView(), "detail"),
    ],
    MIDDLEWARE: [CsrfViewMiddleware],
    TEMPLATES: [{ DIRS: [templatesDir], OPTIONS: { context_processors: ["request"] } }],
  });
}

describe("View", () => {
  test("dispatches by method; asView kwargs override fields", async () => {
    const response = await client().get("/hello/ann/");
    assert.equal(response.text, "Hi, ann (GET)");
    assert.equal(
      (
        await client().post("/hello/ann/", {
          extraEnviron: { "django.dont_enforce_csrf_checks": true },
        })
      ).status,
      201,
    );
  });

  test("HEAD falls back to get, OPTIONS lists Allow, other methods get 405", async () => {
    const head = await client().head("/hello/ann/");
    assert.equal(head.status, 200);
    assert.equal(head.header("content-length"), String("Hi, ann (HEAD)".length));
    const options = await client().options("/hello/ann/");
    assert.equal(options.status, 200);
    assert.equal(options.header("allow"), "GET, POST, HEAD, OPTIONS");
    assert.equal(options.header("content-length"), "0");
    const put = await client().put("/hello/ann/", {
      extraEnviron: { "django.dont_enforce_csrf_checks": true },
    });
    assert.equal(put.status, 405);
    assert.equal(put.header("allow"), "GET, POST, HEAD, OPTIONS");
  });

  test("asView refuses unknown keywords and method names", () => {
    assert.throws(() => Greeting.asView({ nope: 1 } as never), /invalid keyword 'nope'/);
    assert.throws(() => Greeting.asView({ get: 1 } as never), /method name get is not accepted/);
  });
});

describe("TemplateView and RedirectView", () => {
  test("TemplateView renders with URL kwargs, extraContext and context processors", async () => {
    const response = await client().get("/about/bob/");
    assert.match(
      response.text,
      /^About {2}bob \/about\/bob\/ <input type="hidden" name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}">$/,
    );
    assert.match(
      response.headerAll("set-cookie")[0]!,
      /^csrftoken=/,
      "the token's cookie is set when a template uses it",
    );
    assert.match((await client().get("/about/")).text, /^About us /);
  });

  test("RedirectView: url with placeholders and query, pattern name, lazy URL, 410", async () => {
    const go = await client().get("/go/3/?x=1");
    assert.equal(go.status, 302);
    assert.equal(go.header("location"), "/questions/3/?x=1");
    const named = await client().get("/go-named/4/");
    assert.equal(named.status, 301);
    assert.equal(named.header("location"), "/questions/4/");
    assert.equal((await client().get("/go-lazy/")).header("location"), "/questions/");
    assert.equal((await client().get("/gone/")).status, 410);
  });
});

describe("ListView and DetailView on the ORM", () => {
  test("ListView paginates with ?page= and names the list after the model", async () => {
    assert.equal(
      (await client().get("/questions/")).text,
      "[Q1][Q2] page=1/3 next=2 paginated=True",
    );
    assert.equal(
      (await client().get("/questions/?page=2")).text,
      "[Q3][Q4] page=2/3 next=3 paginated=True",
    );
    assert.equal(
      (await client().get("/questions/?page=last")).text,
      "[Q5] page=3/3 paginated=True",
    );
  });

  test("an invalid page is a 404", async () => {
    assert.equal((await client().get("/questions/?page=abc")).status, 404);
    assert.equal((await client().get("/questions/?page=9")).status, 404);
    assert.equal((await client().get("/questions/?page=0")).status, 404);
  });

  test("DetailView finds the object by pk, renders related objects, 404 when missing", async () => {
    const questions = await Question.objects.orderBy("pubDate");
    const last = questions[4]!;
    const response = await client().get(`/questions/${last.id}/`);
    assert.equal(response.status, 200);
    assert.equal(response.text, `Q5=${last.id} /questions/${last.id}/ (yes)(no)`);
    assert.equal((await client().get("/questions/999/")).status, 404);
  });
});
