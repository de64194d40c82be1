import assert from "node:assert/strict";
import { assertContains, assertRedirects, describeTestCase } from "../../test/index.ts";
import { settings } from "./_test-project.ts";
import { authenticate } from "./backends.ts";
import { HASH_SESSION_KEY } from "./login.ts";
import { User } from "./models.ts";

const PASSWORD = "s3cret-pass-word";

describeTestCase("authenticate", { settings }, (t) => {
  t.setUp(async () => {
    await User.objects.createUser("alice", { password: PASSWORD });
    await User.objects.createUser("inactive", { password: PASSWORD, isActive: false });
  });

  t.test("returns the user for the right password, null otherwise", async () => {
    const user = await authenticate(null, { username: "alice", password: PASSWORD });
    assert.equal(user?.username, "alice");
    assert.equal(await authenticate(null, { username: "alice", password: "wrong" }), null);
    assert.equal(await authenticate(null, { username: "nobody", password: PASSWORD }), null);
    assert.equal(await authenticate(null, { username: "alice" }), null);
  });

  t.test("refuses inactive users", async () => {
    assert.equal(await authenticate(null, { username: "inactive", password: PASSWORD }), null);
  });
});

describeTestCase("login and logout", { settings }, (t) => {
  t.setUp(async () => {
    await User.objects.createUser("alice", { password: PASSWORD });
    await User.objects.createUser("bob", { password: PASSWORD });
  });

  t.test("login rotates the session, keeps its data, stores the id and hash", async () => {
    await t.client.get("/remember/?note=kept");
    const before = t.client.cookies.get("sessionid");
    assert.ok(before);
    const response = await t.client.post("/signin/", { username: "alice", password: PASSWORD });
    assert.equal(response.text, "welcome alice");
    const after = t.client.cookies.get("sessionid");
    assert.ok(after);
    assert.notEqual(after, before);
    assert.equal((await t.client.get("/whoami/")).text, "user:alice");
    assert.equal((await t.client.get("/recall/")).text, "note:kept");
    const alice = await User.objects.get({ username: "alice" });
    assert.ok(alice.lastLogin instanceof Date);
  });

  t.test("logging in as another user flushes the previous session", async () => {
    await t.client.post("/signin/", { username: "alice", password: PASSWORD });
    await t.client.get("/remember/?note=alice-only");
    await t.client.post("/signin/", { username: "bob", password: PASSWORD });
    assert.equal((await t.client.get("/whoami/")).text, "user:bob");
    assert.equal((await t.client.get("/recall/")).text, "note:none");
  });

  t.test("the middleware's login works with a User too (it stores the session hash)", async () => {
    const response = await t.client.post("/base-signin/", {
      username: "alice",
      password: PASSWORD,
    });
    assert.equal(response.text, "welcome alice");
    assert.equal((await t.client.get("/whoami/")).text, "user:alice");
  });

  t.test("a wrong password does not log in", async () => {
    const response = await t.client.post("/signin/", { username: "alice", password: "nope" });
    assert.equal(response.status, 401);
    assert.equal((await t.client.get("/whoami/")).text, "anonymous");
  });

  t.test("logout flushes the session", async () => {
    await t.client.post("/signin/", { username: "alice", password: PASSWORD });
    await t.client.get("/remember/?note=gone");
    assert.equal((await t.client.get("/signout/")).text, "bye");
    assert.equal((await t.client.get("/whoami/")).text, "anonymous");
    assert.equal((await t.client.get("/recall/")).text, "note:none");
  });

  t.test("a password change elsewhere ends the session; deactivation too", async () => {
    await t.client.post("/signin/", { username: "alice", password: PASSWORD });
    const alice = await User.objects.get({ username: "alice" });
    await alice.setPassword("a-new-pass-word");
    await alice.save();
    assert.equal((await t.client.get("/whoami/")).text, "anonymous");

    await t.client.post("/signin/", { username: "bob", password: PASSWORD });
    await User.objects.filter({ username: "bob" }).update({ isActive: false });
    assert.equal((await t.client.get("/whoami/")).text, "anonymous");
    assert.notEqual(HASH_SESSION_KEY, "");
  });
});

describeTestCase("access decorators and mixins", { settings }, (t) => {
  t.setUp(async () => {
    await User.objects.createUser("alice", { password: PASSWORD });
    await User.objects.createUser("vera", { password: PASSWORD });
    await User.objects.createUser("editor", {
      password: PASSWORD,
      isStaff: true,
      userPermissions: ["polls.add_question"],
    });
  });
  const signIn = (username: string) => t.client.post("/signin/", { username, password: PASSWORD });

  t.test("loginRequired redirects to LOGIN_URL with next, then lets the user in", async () => {
    const response = await t.client.get("/private/?page=2");
    assert.equal(response.status, 302);
    assert.equal(response.header("location"), "/accounts/login/?next=/private/%3Fpage%3D2");
    await signIn("alice");
    assert.equal((await t.client.get("/private/")).text, "user:alice");
  });

  t.test("loginRequired takes a login URL or a URL name", async () => {
    assert.equal(
      (await t.client.get("/elsewhere/")).header("location"),
      "/signin-page/?next=/elsewhere/",
    );
    assert.equal(
      (await t.client.get("/by-name/")).header("location"),
      "/accounts/login/?next=/by-name/",
    );
  });

  t.test("userPassesTest sends failing users to the login page", async () => {
    await signIn("alice");
    assert.equal((await t.client.get("/vip/")).status, 302);
    await signIn("vera");
    assert.equal((await t.client.get("/vip/")).text, "user:vera");
  });

  t.test("permissionRequired: redirect, or 403 with raiseException", async () => {
    await signIn("alice");
    assert.equal((await t.client.get("/add/")).status, 302);
    assert.equal((await t.client.get("/add-403/")).status, 403);
    await signIn("editor");
    assert.equal((await t.client.get("/add/")).text, "user:editor");
  });

  t.test("staffMemberRequired falls back to LOGIN_URL without an admin", async () => {
    await signIn("alice");
    assertRedirects(await t.client.get("/staff/"), "/accounts/login/?next=/staff/", {
      fetchRedirectResponse: false,
    });
    await signIn("editor");
    assert.equal((await t.client.get("/staff/")).text, "user:editor");
  });

  t.test("LoginRequiredMixin guards a class-based view", async () => {
    const response = await t.client.get("/dashboard/");
    assert.equal(response.header("location"), "/accounts/login/?next=/dashboard/");
    await signIn("alice");
    assert.equal((await t.client.get("/dashboard/")).text, "dashboard of alice");
  });

  t.test("PermissionRequiredMixin: anonymous → login, logged in without it → 403", async () => {
    assert.equal((await t.client.get("/add-question/")).status, 302);
    await signIn("alice");
    assert.equal((await t.client.get("/add-question/")).status, 403);
    await signIn("editor");
    assert.equal((await t.client.get("/add-question/")).text, "add a question");
  });
});

describeTestCase("LoginView and LogoutView", { settings }, (t) => {
  t.setUp(async () => {
    await User.objects.createUser("alice", { password: PASSWORD });
  });

  t.test("GET renders registration/login.html with a CSRF token and next", async () => {
    const response = await t.client.get("/accounts/login/?next=/private/");
    assertContains(response, 'name="csrfmiddlewaretoken"');
    assertContains(response, 'value="/private/"');
  });

  t.test("a wrong password shows Django's message and keeps the username", async () => {
    const response = await t.client.post("/accounts/login/", { username: "alice", password: "x" });
    assert.equal(response.status, 200);
    assertContains(response, "Please enter a correct username and password.");
    assertContains(response, 'value="alice"');
    const empty = await t.client.post("/accounts/login/", { username: "", password: "" });
    assertContains(empty, "This field is required.", { count: 2 });
  });

  t.test("success redirects to a safe next, never to another host", async () => {
    const ok = await t.client.post("/accounts/login/", {
      username: "alice",
      password: PASSWORD,
      next: "/private/",
    });
    assert.equal(ok.header("location"), "/private/");
    assert.equal((await t.client.get("/private/")).text, "user:alice");
    const evil = await t.client.post("/accounts/login/", {
      username: "alice",
      password: PASSWORD,
      next: "https://evil.example/",
    });
    assert.equal(evil.header("location"), "/accounts/profile/");
  });

  t.test(
    "redirectAuthenticatedUser sends a logged-in user on; inactive users are refused",
    async () => {
      assert.equal((await t.client.get("/accounts/login-once/")).status, 200);
      await t.client.post("/accounts/login/", { username: "alice", password: PASSWORD });
      assert.equal((await t.client.get("/accounts/login-once/")).header("location"), "/whoami/");
      await User.objects.createUser("sleepy", { password: PASSWORD, isActive: false });
      const refused = await t.client.post("/accounts/login/", {
        username: "sleepy",
        password: PASSWORD,
      });
      assertContains(refused, "Please enter a correct username and password.");
    },
  );

  t.test("logging in rotates the CSRF token too", async () => {
    await t.client.get("/accounts/login/");
    const before = t.client.cookies.get("csrftoken");
    assert.ok(before);
    await t.client.post("/accounts/login/", { username: "alice", password: PASSWORD });
    const after = t.client.cookies.get("csrftoken");
    assert.ok(after);
    assert.notEqual(after, before);
  });

  t.test("LogoutView logs out on POST only", async () => {
    await t.client.post("/accounts/login/", { username: "alice", password: PASSWORD });
    assert.equal((await t.client.get("/accounts/logout/")).status, 405);
    const response = await t.client.post("/accounts/logout/");
    assert.equal(response.header("location"), "/whoami/");
    assert.equal((await t.client.get("/whoami/")).text, "anonymous");
    assertContains(await t.client.post("/accounts/logout-page/"), "Logged out");
  });
});
