/** The tutorial's tests/test_auth.py. */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { g, session } from "@tsgi/flask";
import { loadLoggedInUser } from "../src/flaskr/auth.ts";
import { closeDb } from "../src/flaskr/db.ts";
import { makeFixture, withDb, type Fixture } from "./_flaskr.ts";

describe("auth", () => {
  let fixture: Fixture;
  beforeEach(async () => (fixture = await makeFixture()));
  afterEach(() => fixture.cleanup());

  it("registers a user", async () => {
    const { client, app } = fixture;
    // Viewing the page renders without template errors.
    assert.equal((await client.get("/auth/register")).status, 200);

    // A successful registration redirects to the login page.
    const response = await client.post("/auth/register", {
      data: { username: "a", password: "a" },
    });
    assert.equal(response.location, "/auth/login");

    // The user was inserted into the database, with a werkzeug-style scrypt hash.
    const user = await withDb(app, (db) =>
      db.prepare("SELECT * FROM user WHERE username = 'a'").get(),
    );
    assert.ok(user);
    assert.match((user as { password: string }).password, /^scrypt:32768:8:1\$/);
  });

  for (const [username, password, message] of [
    ["", "", "Username is required."],
    ["a", "", "Password is required."],
    ["test", "test", "already registered"],
  ] as const) {
    it(`refuses registration ${JSON.stringify({ username, password })}: ${message}`, async () => {
      const response = await fixture.client.post("/auth/register", {
        data: { username, password },
      });
      assert.ok(response.text.includes(message), response.text);
    });
  }

  it("answers 400 naming the field when the form lacks one, as request.form[...] does", async () => {
    const response = await fixture.client.post("/auth/register", { data: { username: "a" } });
    assert.equal(response.status, 400);
    assert.match(response.text, /password/);
  });

  it("logs in", async () => {
    const { client, auth } = fixture;
    assert.equal((await client.get("/auth/login")).status, 200);

    // A successful login redirects to the index page.
    const response = await auth.login();
    assert.equal(response.location, "/");

    // The login request set the user id in the session, and the user is loaded from it
    // (the tutorial checks `session` and `g.user` inside `with client:`; here a request context
    // with the client's cookie plays that part).
    await client.sessionTransaction((session) => assert.equal(session.get("user_id"), 1));
    const cookie = client.cookies.header(new URL("http://localhost/"));
    await fixture.app
      .testRequestContext("/", cookie === undefined ? {} : { headers: { Cookie: cookie } })
      .run(() => {
        try {
          loadLoggedInUser();
          assert.equal(session.get("user_id"), 1);
          assert.equal(g.user?.username, "test");
        } finally {
          closeDb();
        }
      });
    const page = await client.get("/");
    assert.match(page.text, /<li><span>test<\/span><\/li>/);
  });

  for (const [username, password, message] of [
    ["a", "test", "Incorrect username."],
    ["test", "a", "Incorrect password."],
  ] as const) {
    it(`refuses login ${JSON.stringify({ username, password })}: ${message}`, async () => {
      const response = await fixture.auth.login(username, password);
      assert.ok(response.text.includes(message), response.text);
    });
  }

  it("logs out", async () => {
    const { client, auth } = fixture;
    await auth.login();
    await auth.logout();
    await client.sessionTransaction((session) => assert.equal(session.has("user_id"), false));
  });
});
