/** The tutorial's tests/test_blog.py. */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { makeFixture, withDb, type Fixture } from "./_flaskr.ts";

describe("blog", () => {
  let fixture: Fixture;
  beforeEach(async () => (fixture = await makeFixture()));
  afterEach(() => fixture.cleanup());

  it("shows the index", async () => {
    const { client, auth } = fixture;
    let response = await client.get("/");
    assert.ok(response.text.includes("Log In"));
    assert.ok(response.text.includes("Register"));

    await auth.login();
    response = await client.get("/");
    assert.ok(response.text.includes("test title"));
    assert.ok(response.text.includes("by test on 2018-01-01"));
    assert.ok(response.text.includes("test\nbody"));
    assert.ok(response.text.includes('href="/1/update"'));
  });

  for (const path of ["/create", "/1/update", "/1/delete"]) {
    it(`requires a login for POST ${path}`, async () => {
      const response = await fixture.client.post(path);
      assert.equal(response.location, "/auth/login");
    });
  }

  it("requires the author", async () => {
    const { app, client, auth } = fixture;
    // Change the post's author to another user.
    await withDb(app, (db) => db.prepare("UPDATE post SET author_id = 2 WHERE id = 1").run());

    await auth.login();
    // The current user can't modify another user's post...
    assert.equal((await client.post("/1/update")).status, 403);
    assert.equal((await client.post("/1/delete")).status, 403);
    // ...and doesn't see the edit link.
    assert.ok(!(await client.get("/")).text.includes('href="/1/update"'));
  });

  for (const path of ["/2/update", "/2/delete"]) {
    it(`answers 404 for a missing post: POST ${path}`, async () => {
      await fixture.auth.login();
      const response = await fixture.client.post(path);
      assert.equal(response.status, 404);
      assert.ok(response.text.includes("Post id 2 doesn&#39;t exist."), response.text);
    });
  }

  it("creates a post", async () => {
    const { app, client, auth } = fixture;
    await auth.login();
    assert.equal((await client.get("/create")).status, 200);
    await client.post("/create", { data: { title: "created", body: "" } });

    const count = await withDb(app, (db) => db.prepare("SELECT COUNT(id) AS n FROM post").get());
    assert.deepEqual(count, { n: 2 });
  });

  it("updates a post", async () => {
    const { app, client, auth } = fixture;
    await auth.login();
    assert.equal((await client.get("/1/update")).status, 200);
    await client.post("/1/update", { data: { title: "updated", body: "" } });

    const post = await withDb(app, (db) => db.prepare("SELECT * FROM post WHERE id = 1").get());
    assert.equal((post as { title: string }).title, "updated");
  });

  for (const path of ["/create", "/1/update"]) {
    it(`validates the title: POST ${path}`, async () => {
      await fixture.auth.login();
      const response = await fixture.client.post(path, { data: { title: "", body: "" } });
      assert.ok(response.text.includes("Title is required."), response.text);
    });
  }

  it("deletes a post", async () => {
    const { app, client, auth } = fixture;
    await auth.login();
    const response = await client.post("/1/delete");
    assert.equal(response.location, "/");

    const post = await withDb(app, (db) => db.prepare("SELECT * FROM post WHERE id = 1").get());
    assert.equal(post, undefined);
  });
});
