// The whole site in process (createTestClient, no socket): the landing page, every mount's
// health route, and a redirect from each app that must stay under its prefix.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { App } from "@tsgi/core";
import { createTestClient } from "@tsgi/core/testing";
import { MOUNTS } from "../src/mounts.ts";
import { createSite } from "../src/site.ts";

const instanceDir = mkdtempSync(join(tmpdir(), "all-in-one-site-"));
let site: App;
const lines: string[] = [];

before(async () => {
  site = await createSite({ instanceDir, accessLog: (line) => lines.push(line) });
});
after(() => rmSync(instanceDir, { recursive: true, force: true }));

describe("all-in-one site", () => {
  it("creates its databases and secret in the instance folder", () => {
    for (const file of ["flaskr.sqlite", "polls.sqlite3", "secret_key"]) {
      assert.ok(existsSync(join(instanceDir, file)), `${file} exists`);
    }
  });

  it("landing page shows the server, links to every app, and the health panel", async () => {
    const client = createTestClient(site, { extraEnviron: { "tsgi.server": "test-server" } });
    const response = await client.get("/");
    assert.equal(response.status, 200);
    assert.match(response.header("content-type") ?? "", /^text\/html/);
    assert.match(response.text, /<strong id="server">test-server<\/strong>/);
    for (const mount of MOUNTS) {
      assert.ok(response.text.includes(`href="${mount.home}"`), `links to ${mount.home}`);
      assert.ok(response.text.includes(`data-health="${mount.health}"`), `probes ${mount.health}`);
    }
    assert.ok(!/<(script|link)[^>]+(src|href)="https?:/.test(response.text), "no external assets");
  });

  it("sends the shared middleware's headers and logs every request", async () => {
    const before = lines.length;
    const response = await createTestClient(site).get("/flask/health", {
      headers: { "Accept-Encoding": "identity" },
    });
    assert.equal(response.header("x-content-type-options"), "nosniff");
    assert.ok(response.header("x-request-id"), "the logger's request id");
    assert.equal(lines.length, before + 1);
    assert.match(lines.at(-1) ?? "", /"GET \/flask\/health HTTP\/1\.1" 200/);
  });

  it("compresses a large page for a client that accepts gzip", async () => {
    const response = await createTestClient(site).get("/", {
      headers: { "Accept-Encoding": "gzip" },
    });
    assert.equal(response.header("content-encoding"), "gzip");
  });

  for (const mount of MOUNTS) {
    it(`${mount.health} answers ok from ${mount.packageName}`, async () => {
      const response = await createTestClient(site).get(mount.health);
      assert.equal(response.status, 200, response.text);
      const data = response.json<{ app: string; ok: boolean }>();
      assert.equal(data.ok, true);
      assert.equal(data.app, mount.packageName.replace("@tsgi/", ""));
    });

    it(`${mount.home} is the app's home page`, async () => {
      const response = await createTestClient(site).get(mount.home);
      assert.equal(response.status, 200, response.text);
    });
  }

  it("/health of the site itself lists the mounts", async () => {
    const response = await createTestClient(site).get("/health");
    assert.deepEqual(
      response.json<{ mounts: string[] }>().mounts,
      MOUNTS.map((mount) => mount.prefix),
    );
  });

  it("answers an unknown path with 404 and a wrong method with 405", async () => {
    const client = createTestClient(site);
    const missing = await client.get("/nowhere");
    assert.equal(missing.status, 404);
    assert.match(missing.text, /href="\/flask\/"/);
    assert.equal((await client.post("/", { form: { a: "1" } })).status, 405);
  });

  describe("redirects stay under the prefix", () => {
    const cases: readonly [string, string, RegExp][] = [
      ["hello (links in its 404)", "/hello/nope", /href="\/hello\/form"/],
      ["express", "/express/old", /^\/express\/$/],
      ["fastify", "/fastify/go-home", /^\/fastify\/\?name=redirected$/],
      ["flask", "/flask/create", /^\/flask\/auth\/login$/],
      ["django", "/django/polls", /^\/django\/polls\/$/],
    ];
    for (const [name, path, expected] of cases) {
      it(`${name}: ${path}`, async () => {
        const response = await createTestClient(site).get(path);
        if (name.startsWith("hello")) {
          assert.equal(response.status, 404);
          assert.match(response.text, expected);
          return;
        }
        assert.ok(response.status >= 300 && response.status < 400, `status ${response.status}`);
        const location = new URL(response.header("location") ?? "", "http://localhost").pathname;
        const search = new URL(response.header("location") ?? "", "http://localhost").search;
        assert.match(location + search, expected);
      });
    }

    it("express: links on its home page and its API's Location", async () => {
      const client = createTestClient(site);
      const home = await client.get("/express/");
      assert.match(home.text, /action="\/express\/upload"/);
      assert.ok(!/(href|src|action)="\/(?!express\/)/.test(home.text), "no link outside /express");
      const created = await client.post("/express/api/todos", { json: { title: "mounted" } });
      assert.equal(created.status, 201);
      assert.match(created.header("location") ?? "", /^\/express\/api\/todos\/\d+$/);
    });

    it("fastify: links on its home page and its API's Location", async () => {
      const client = createTestClient(site);
      const home = await client.get("/fastify/");
      assert.match(home.text, /action="\/fastify\/upload"/);
      assert.ok(!/(href|src|action)="\/(?!fastify\/)/.test(home.text), "no link outside /fastify");
      const created = await client.post("/fastify/api/todos", { json: { title: "mounted" } });
      assert.equal(created.status, 201);
      assert.match(created.header("location") ?? "", /^\/fastify\/api\/todos\/\d+$/);
    });

    it("flask and django: every link on their pages stays under the prefix", async () => {
      const client = createTestClient(site);
      for (const [path, prefix] of [
        ["/flask/", "/flask/"],
        ["/flask/auth/login", "/flask/"],
        ["/django/polls/", "/django/"],
        ["/django/polls/1/", "/django/"],
      ] as const) {
        const page = await client.get(path);
        const links = [...page.text.matchAll(/(?:href|src|action)="([^"]*)"/g)].map((m) => m[1]);
        assert.ok(links.length > 0, `${path} has links`);
        for (const link of links) assert.ok(link?.startsWith(prefix), `${path}: ${link}`);
      }
    });

    it("django: the stylesheet is served under /django", async () => {
      const response = await createTestClient(site).get("/django/static/polls/style.css");
      assert.equal(response.status, 200);
      assert.match(response.header("content-type") ?? "", /^text\/css/);
    });

    it("django: a vote redirects to the results under /django", async () => {
      const client = createTestClient(site);
      const detail = await client.get("/django/polls/1/");
      assert.match(detail.text, /action="\/django\/polls\/1\/vote\/"/);
      const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(detail.text)?.[1];
      assert.ok(token, "the form carries a CSRF token");
      const choice = /name="choice"[^>]*value="(\d+)"/.exec(detail.text)?.[1];
      assert.ok(choice, "the form offers a choice");
      const voted = await client.post("/django/polls/1/vote/", {
        form: { csrfmiddlewaretoken: token, choice },
        headers: { Referer: "http://localhost/django/polls/1/" },
      });
      assert.equal(voted.status, 302, voted.text);
      assert.equal(voted.header("location"), "/django/polls/1/results/");
    });
  });
});
