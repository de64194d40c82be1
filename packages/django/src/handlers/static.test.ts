import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createTestClient } from "@tsgi/core/testing";
import { testSettings } from "../core/_test-helpers.ts";
import { HttpResponse } from "../http/response.ts";
import { path } from "../urls/conf.ts";
import { getTsgiApplication } from "./tsgi.ts";

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), "django-static-"));
  await mkdir(join(root, "project"), { recursive: true });
  await mkdir(join(root, "app", "polls"), { recursive: true });
  await writeFile(join(root, "project", "site.css"), "body{}");
  await writeFile(join(root, "app", "polls", "style.css"), "li a{color:green}");
  await writeFile(join(root, "secret.txt"), "top secret");
});
after(() => rm(root, { recursive: true, force: true }));

function client(debug: boolean) {
  const settings = testSettings({
    DEBUG: debug,
    STATICFILES_DIRS: [join(root, "project")],
    INSTALLED_APPS: [{ name: "polls", staticDir: join(root, "app") }],
    ROOT_URLCONF: [path("", () => new HttpResponse("home"))],
  });
  return createTestClient(getTsgiApplication({ settings }));
}

describe("static files in DEBUG", () => {
  test("serves STATIC_URL from STATICFILES_DIRS and app static dirs", async () => {
    const site = await client(true).get("/static/site.css");
    assert.equal(site.status, 200);
    assert.equal(site.text, "body{}");
    assert.equal(site.header("content-type"), "text/css; charset=utf-8");
    const app = await client(true).get("/static/polls/style.css");
    assert.equal(app.text, "li a{color:green}");
    assert.equal((await client(true).get("/")).text, "home");
  });

  test("answers 304 to a matching ETag or Last-Modified", async () => {
    const first = await client(true).get("/static/site.css");
    const etag = first.header("etag")!;
    assert.equal(
      (await client(true).get("/static/site.css", { headers: { "If-None-Match": etag } })).status,
      304,
    );
    const lastModified = first.header("last-modified")!;
    assert.equal(
      (
        await client(true).get("/static/site.css", {
          headers: { "If-Modified-Since": lastModified },
        })
      ).status,
      304,
    );
  });

  test("refuses traversal and missing files with 404", async () => {
    for (const target of [
      "/static/../secret.txt",
      "/static/%2e%2e/secret.txt",
      "/static/polls/../../secret.txt",
      "/static/nope.css",
    ]) {
      const response = await client(true).get(target);
      assert.equal(response.status, 404, target);
      assert.doesNotMatch(response.text, /top secret/);
    }
  });

  test("is off without DEBUG", async () => {
    assert.equal((await client(false).get("/static/site.css")).status, 404);
  });
});
