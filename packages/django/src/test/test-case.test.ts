import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { connections } from "../db/index.ts";
import { reverse } from "../urls/index.ts";
import { assertContains, assertRedirects, assertTemplateUsed } from "./assertions.ts";
import { Client } from "./client.ts";
import { Note } from "./fixtures/project/notes/models.ts";
import { settings } from "./fixtures/project/mysite/settings.ts";
import { describeTestCase } from "./test-case.ts";

// Tests run in declaration order inside a suite, so the second test sees what the first left.
describeTestCase("isolation between tests", { settings }, (t) => {
  t.setUpTestData(async () => {
    await Note.objects.create({ text: "from setUpTestData" });
  });

  t.test("a test writes rows", async () => {
    await Note.objects.create({ text: "written by test 1" });
    assert.equal(await Note.objects.count(), 2);
  });

  t.test("the next test does not see them, but sees setUpTestData's", async () => {
    assert.deepEqual(
      (await Note.objects.all()).map((note) => note.text),
      ["from setUpTestData"],
    );
  });

  t.test("a failing write inside a test is rolled back too", async () => {
    await assert.rejects(
      connections.get().atomic(async () => {
        await Note.objects.create({ text: "doomed" });
        throw new Error("abort");
      }),
      /abort/,
    );
    assert.equal(await Note.objects.count(), 1);
  });
});

describeTestCase("the test settings", { settings }, (t) => {
  t.test("DEBUG is off, testserver is allowed, the database is a fresh in-memory one", async () => {
    assert.equal(t.settings.DEBUG, false);
    assert.ok((t.settings.ALLOWED_HOSTS as string[]).includes("testserver"));
    // In-memory SQLite, or a per-process test database when the suite runs on PostgreSQL.
    if (process.env.TSGI_TEST_DATABASE_URL) assert.match(connections.settingsFor().NAME, /^test_/);
    else assert.equal(connections.settingsFor().NAME, ":memory:");
    assert.equal(await Note.objects.count(), 0);
  });
});

describeTestCase("setUp, tearDown and the client", { settings }, (t) => {
  const calls: string[] = [];
  t.setUp(() => void calls.push("setUp"));
  t.tearDown(() => void calls.push("tearDown"));

  t.test("hooks run around each test, with a fresh client", async () => {
    assert.deepEqual(calls, ["setUp"]);
    const response = await t.client.get("/notes/cookie/");
    assertContains(response, "cookie was: none");
    assertContains(await t.client.get("/notes/cookie/"), "cookie was: ginger");
  });

  t.test("cookies do not leak into the next test's client", async () => {
    assert.deepEqual(calls, ["setUp", "tearDown", "setUp"]);
    assertContains(await t.client.get("/notes/cookie/"), "cookie was: none");
  });

  t.test("context and templates of a rendered page", async () => {
    await Note.objects.create({ text: "first" });
    const response = await t.client.get(reverse("notes:list"));
    assertTemplateUsed(response, "notes/list.html");
    assert.equal(response.context?.title, "Notes");
    assert.ok(response.context !== undefined && "request" in response.context);
    assertContains(response, "<li>first</li>", { html: true });
  });

  t.test("a form POST redirects; follow: true records the chain", async () => {
    const response = await t.client.post(reverse("notes:create"), { text: "posted" });
    await assertRedirects(response, "/notes/");
    const followed = await t.client.post("/notes/new/", { text: "again" }, { follow: true });
    assert.deepEqual(followed.redirectChain, [["/notes/", 302]]);
    assertContains(followed, "<li>posted</li>", { html: true });
    const twice = await t.client.get("/notes/bounce/", { follow: true });
    assert.deepEqual(
      twice.redirectChain.map(([url]) => url),
      ["/notes/bounce2/", "/notes/"],
    );
    await assertRedirects(twice, "/notes/");
  });

  t.test("an absolute http://testserver/ URL is requested by its path", async () => {
    await Note.objects.create({ text: "absolute" });
    assertContains(await t.client.get("http://testserver/notes/"), "<li>absolute</li>", {
      html: true,
    });
  });

  t.test("JSON bodies are sent with their content type", async () => {
    const response = await t.client.post(
      "/notes/json/",
      { a: [1, 2] },
      { contentType: "application/json" },
    );
    assert.deepEqual(response.json(), { received: { a: [1, 2] }, contentType: "application/json" });
  });

  t.test("an unknown object is a 404 and APPEND_SLASH redirects", async () => {
    assert.equal((await t.client.get("/notes/99/")).statusCode, 404);
    await assertRedirects(await t.client.get("/notes/new"), "/notes/new/", {
      status: 301,
      fetchRedirectResponse: false,
    });
  });
});

describeTestCase("enforced CSRF checks", { settings, client: { enforceCsrfChecks: true } }, (t) => {
  t.test(
    "a POST without a token is refused with 403; with the form's token it passes",
    async () => {
      const refused = await t.client.post("/notes/new/", { text: "x" });
      assert.equal(refused.statusCode, 403);
      assert.equal(await Note.objects.count(), 0);
      const form = await t.client.get("/notes/");
      const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(form.text)?.[1];
      assert.ok(token);
      const accepted = await t.client.post("/notes/new/", {
        text: "x",
        csrfmiddlewaretoken: token,
      });
      assert.equal(accepted.statusCode, 302);
    },
  );
});

describe("the Client outside a test case", () => {
  it("disables CSRF checks by default, as Django's test client", async () => {
    // describeTestCase is not needed to build a client: any TSGI app will do.
    const client = new Client((_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return [new TextEncoder().encode(String(_environ["django.dont_enforce_csrf_checks"]))];
    });
    assert.equal((await client.get("/")).text, "true");
    const strict = new Client(
      (environ, startResponse) => {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        return [new TextEncoder().encode(String(environ["django.dont_enforce_csrf_checks"]))];
      },
      { enforceCsrfChecks: true },
    );
    assert.equal((await strict.get("/")).text, "false");
  });

  it("refuses to encode an object for a content type it does not know", async () => {
    const client = new Client((_environ, startResponse) => {
      startResponse("204 No Content", []);
      return [];
    });
    await assert.rejects(client.post("/", { a: 1 }, { contentType: "text/csv" }), TypeError);
  });
});
