import assert from "node:assert/strict";
import {
  Client,
  assertContains,
  assertNotContains,
  assertRedirects,
  describeTestCase,
} from "../../test/index.ts";
import type { ClientResponse } from "../../test/index.ts";
import { User } from "../auth/index.ts";
import { Answer, Poll } from "./_test-models.ts";
import { PASSWORD, settings } from "./_test-settings.ts";

const DAY = 24 * 60 * 60 * 1000;

async function logIn(client: Client, username: string): Promise<ClientResponse> {
  return client.post("/admin/login/", { username, password: PASSWORD, next: "/admin/" });
}

/** The add form's POST data: the poll, the inline management form and answer rows. */
function pollData(
  poll: Record<string, string>,
  answers: Record<string, string>[],
  initial = 0,
  extra: Record<string, string> = {},
): Record<string, string> {
  const data: Record<string, string> = {
    questionText: "",
    status: "open",
    pubDate: "2026-01-02 03:04:05",
    "answerSet-TOTAL_FORMS": String(answers.length),
    "answerSet-INITIAL_FORMS": String(initial),
    ...poll,
    ...extra,
  };
  answers.forEach((answer, index) => {
    data[`answerSet-${index}-answerText`] = "";
    data[`answerSet-${index}-votes`] = "0";
    for (const [key, value] of Object.entries(answer)) data[`answerSet-${index}-${key}`] = value;
  });
  return data;
}

describeTestCase("admin: login and access", { settings }, (t) => {
  t.setUpTestData(async () => {
    await User.objects.createSuperuser("root", { email: "root@example.org", password: PASSWORD });
    await User.objects.createUser("joe", { password: PASSWORD });
    await User.objects.createUser("viewer", {
      password: PASSWORD,
      isStaff: true,
      userPermissions: ["adminpolls.view_poll"],
    });
  });

  t.test("anonymous users are sent to the login page with next", async () => {
    const response = await t.client.get("/admin/adminpolls/poll/");
    await assertRedirects(response, "/admin/login/?next=/admin/adminpolls/poll/", {
      fetchRedirectResponse: false,
    });
  });

  t.test("the login page logs staff in and follows next", async () => {
    const page = await t.client.get("/admin/login/?next=/admin/adminpolls/");
    assertContains(page, 'name="next" value="/admin/adminpolls/"', { html: false });
    const response = await t.client.post("/admin/login/", {
      username: "root",
      password: PASSWORD,
      next: "/admin/adminpolls/",
    });
    await assertRedirects(response, "/admin/adminpolls/", { fetchRedirectResponse: false });
    const index = await t.client.get("/admin/");
    assertContains(index, "Admin polls");
    assertContains(index, 'href="/admin/adminpolls/poll/"', { html: false });
    assertContains(index, "Welcome, <strong>root</strong>", { html: false });
  });

  t.test("wrong passwords and non-staff users are refused", async () => {
    const wrong = await t.client.post("/admin/login/", { username: "root", password: "nope" });
    assert.equal(wrong.status, 200);
    assertContains(wrong, "Please enter the correct username and password for a staff account.");
    const joe = await logIn(t.client, "joe");
    assertContains(joe, "Please enter the correct username and password for a staff account.");
    await assertRedirects(await t.client.get("/admin/"), "/admin/login/?next=/admin/", {
      fetchRedirectResponse: false,
    });
  });

  t.test("a logged-in non-staff user is still sent to the login page", async () => {
    assert.equal((await t.client.get("/site-login/joe/")).text, "joe");
    const response = await t.client.get("/admin/adminpolls/poll/add/");
    await assertRedirects(response, "/admin/login/?next=/admin/adminpolls/poll/add/", {
      fetchRedirectResponse: false,
    });
    const login = await t.client.get("/admin/login/");
    assertContains(
      login,
      "You are authenticated as joe, but are not authorized to access this page.",
    );
  });

  t.test("next never leaves the site", async () => {
    const response = await t.client.post("/admin/login/", {
      username: "root",
      password: PASSWORD,
      next: "https://evil.example/",
    });
    await assertRedirects(response, "/admin/", { fetchRedirectResponse: false });
  });

  t.test("a view-only staff user sees the list but may not add or delete", async () => {
    await logIn(t.client, "viewer");
    const index = await t.client.get("/admin/");
    assertContains(index, "Polls");
    assertNotContains(index, "Answers");
    const list = await t.client.get("/admin/adminpolls/poll/");
    assert.equal(list.status, 200);
    assertNotContains(list, "Add poll");
    assert.equal((await t.client.get("/admin/adminpolls/poll/add/")).status, 403);
    assert.equal((await t.client.get("/admin/adminpolls/answer/")).status, 403);
  });

  t.test("logout is a POST and ends the session", async () => {
    await logIn(t.client, "root");
    assert.equal((await t.client.get("/admin/logout/")).status, 405);
    const out = await t.client.post("/admin/logout/");
    assertContains(out, "Thanks for spending some quality time");
    await assertRedirects(await t.client.get("/admin/"), "/admin/login/?next=/admin/", {
      fetchRedirectResponse: false,
    });
  });

  t.test("POSTs need a CSRF token when checks are enforced", async () => {
    const client = new Client(t.app, { enforceCsrfChecks: true });
    const refused = await client.post("/admin/login/", { username: "root", password: PASSWORD });
    assert.equal(refused.status, 403);
    const page = await client.get("/admin/login/");
    const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(page.text)?.[1];
    assert.ok(token, "the login form carries a CSRF token");
    const accepted = await client.post("/admin/login/", {
      username: "root",
      password: PASSWORD,
      csrfmiddlewaretoken: token,
    });
    await assertRedirects(accepted, "/admin/", { fetchRedirectResponse: false });
    const form = await client.get("/admin/adminpolls/poll/add/");
    const formToken = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(form.text)?.[1];
    assert.ok(formToken);
    const noToken = await client.post(
      "/admin/adminpolls/poll/add/",
      pollData({ questionText: "x" }, []),
    );
    assert.equal(noToken.status, 403);
    assert.equal(await Poll.objects.count(), 0);
  });
});

describeTestCase("admin: changelist", { settings }, (t) => {
  const now = Date.now();
  t.setUpTestData(async () => {
    await User.objects.createSuperuser("root", { password: PASSWORD });
    await Poll.objects.create({
      questionText: "What's up?",
      pubDate: new Date(now - 60_000),
      featured: true,
    });
    await Poll.objects.create({ questionText: "What is new?", pubDate: new Date(now - 3 * DAY) });
    await Poll.objects.create({
      questionText: "Is it up?",
      pubDate: new Date(now - 400 * DAY),
      status: "closed",
    });
    await Poll.objects.create({
      questionText: "Tea or coffee",
      pubDate: new Date(now - 2 * 400 * DAY),
    });
  });
  t.setUp(() => logIn(t.client, "root"));

  t.test("lists the rows with the result count, booleans as icons and pages", async () => {
    const response = await t.client.get("/admin/adminpolls/poll/");
    assert.equal(response.status, 200);
    assertContains(response, "4 polls");
    assertContains(response, "Published recently?");
    assertContains(response, "Date published");
    assertContains(response, 'class="boolean-icon no"', { html: false });
    // listPerPage = 3, newest first by default (-pk): the first poll is on page 2.
    assertContains(response, "Tea or coffee");
    assertNotContains(response, "What&#x27;s up?", { html: false });
    const page2 = await t.client.get("/admin/adminpolls/poll/?p=2");
    assertContains(page2, "What&#x27;s up?", { html: false });
    assertContains(page2, 'class="boolean-icon yes"', { html: false, count: 2 });
    assertContains(page2, '<span class="this-page">2</span>', { html: false });
    assertNotContains(page2, "Tea or coffee");
  });

  t.test("searches with ?q=: each term must match", async () => {
    const what = await t.client.get("/admin/adminpolls/poll/?q=what");
    assertContains(what, "2 polls");
    assertContains(what, "2 results (<a", { html: false });
    const both = await t.client.get("/admin/adminpolls/poll/?q=up+what");
    assertContains(both, "1 poll");
    assertContains(both, "What&#x27;s up?", { html: false });
    const none = await t.client.get("/admin/adminpolls/poll/?q=zebra");
    assertContains(none, "0 polls");
  });

  t.test("filters by date, boolean and choices", async () => {
    const list = await t.client.get("/admin/adminpolls/poll/");
    for (const label of ["Any date", "Today", "Past 7 days", "This month", "This year"]) {
      assertContains(list, label);
    }
    const today = new Date().toISOString().slice(0, 10);
    const week = new Date(
      Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) -
        7 * DAY,
    )
      .toISOString()
      .slice(0, 10);
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
    const todays = await t.client.get(
      `/admin/adminpolls/poll/?pubDate__gte=${today}&pubDate__lt=${tomorrow}`,
    );
    assertContains(todays, "1 poll");
    const past7 = await t.client.get(
      `/admin/adminpolls/poll/?pubDate__gte=${week}&pubDate__lt=${tomorrow}`,
    );
    assertContains(past7, "2 polls");
    assertContains(await t.client.get("/admin/adminpolls/poll/?featured__exact=1"), "1 poll");
    assertContains(await t.client.get("/admin/adminpolls/poll/?status__exact=closed"), "1 poll");
    assertContains(
      await t.client.get("/admin/adminpolls/poll/?status__exact=open&q=what"),
      "2 polls",
    );
  });

  t.test("sorts by a column with ?o=", async () => {
    const ascending = await t.client.get("/admin/adminpolls/poll/?o=1");
    const order = (text: string) =>
      ["Is it up?", "Tea or coffee", "What is new?"].map((name) => text.indexOf(name));
    const [is, tea, whatIs] = order(ascending.text);
    assert.ok(is! >= 0 && is! < tea! && tea! < whatIs!, "sorted by question text, ascending");
    assertContains(ascending, 'href="?o=-1"', { html: false });
    const byDate = await t.client.get("/admin/adminpolls/poll/?o=-3");
    assert.equal(byDate.status, 200, "a callable column with ordering sorts");
    assertContains(byDate, "What&#x27;s up?", { html: false });
  });

  t.test("bad parameters redirect to ?e=1, and fail there", async () => {
    for (const query of [
      "bogus=1",
      "p=9",
      "p=x",
      "o=x",
      "pubDate__gte=yesterday",
      "featured__exact=2",
    ]) {
      const response = await t.client.get(`/admin/adminpolls/poll/?${query}`);
      await assertRedirects(response, "/admin/adminpolls/poll/?e=1", {
        fetchRedirectResponse: false,
      });
    }
    const shown = await t.client.get("/admin/adminpolls/poll/?e=1");
    assert.equal(shown.status, 200);
    assertContains(shown, "The changelist parameters were invalid");
    assert.equal((await t.client.get("/admin/adminpolls/poll/?e=1&bogus=1")).status, 400);
  });
});

describeTestCase("admin: add, change and delete", { settings }, (t) => {
  t.setUpTestData(() => User.objects.createSuperuser("root", { password: PASSWORD }));
  t.setUp(() => logIn(t.client, "root"));

  t.test("the add form shows the fieldsets and three empty inline rows", async () => {
    const response = await t.client.get("/admin/adminpolls/poll/add/");
    assert.equal(response.status, 200);
    assertContains(response, "Add poll");
    assertContains(response, "Date information");
    assertContains(response, 'name="answerSet-TOTAL_FORMS" value="3"', { html: false });
    assertContains(response, 'name="answerSet-2-answerText"', { html: false });
    assertContains(response, "Save and add another");
    assertContains(response, "Save and continue editing");
  });

  t.test("adds a poll with its answers and says so", async () => {
    const response = await t.client.post(
      "/admin/adminpolls/poll/add/",
      pollData({ questionText: "Best colour?", _save: "Save" }, [
        { answerText: "Red" },
        { answerText: "Blue", votes: "2" },
        {},
      ]),
      { follow: true },
    );
    assertContains(response, "The poll \u201cBest colour?\u201d was added successfully.");
    const poll = await Poll.objects.get({ questionText: "Best colour?" });
    assert.equal(poll.pubDate.toISOString(), "2026-01-02T03:04:05.000Z");
    const answers = await Answer.objects.filter({ pollId: poll.id }).orderBy("answerText");
    assert.deepEqual(
      answers.map((answer) => [answer.answerText, answer.votes]),
      [
        ["Blue", 2],
        ["Red", 0],
      ],
    );
  });

  t.test("invalid input is shown again with the errors", async () => {
    const response = await t.client.post(
      "/admin/adminpolls/poll/add/",
      pollData({ questionText: "", pubDate: "not a date" }, [{ answerText: "x", votes: "many" }]),
    );
    assert.equal(response.status, 200);
    assertContains(response, "Please correct the errors below.");
    assertContains(response, "This field is required.");
    assertContains(response, "Enter a valid date/time.");
    assertContains(response, "Enter a whole number.");
    assertContains(response, 'value="x"', { html: false });
    assert.equal(await Poll.objects.count(), 0);
  });

  t.test("a broken management form is a 400", async () => {
    const data = pollData({ questionText: "Q" }, []);
    delete data["answerSet-TOTAL_FORMS"];
    assert.equal((await t.client.post("/admin/adminpolls/poll/add/", data)).status, 400);
  });

  t.test("save and add another / continue editing go where they say", async () => {
    const another = await t.client.post(
      "/admin/adminpolls/poll/add/",
      pollData({ questionText: "One", _addanother: "1" }, []),
    );
    await assertRedirects(another, "/admin/adminpolls/poll/add/", { fetchRedirectResponse: false });
    const cont = await t.client.post(
      "/admin/adminpolls/poll/add/",
      pollData({ questionText: "Two", _continue: "1" }, []),
      { follow: true },
    );
    const two = await Poll.objects.get({ questionText: "Two" });
    assert.deepEqual(cont.redirectChain.at(-1)?.[0], `/admin/adminpolls/poll/${two.id}/change/`);
    assertContains(cont, "was added successfully. You may edit it again below.");
  });

  t.test("changes a poll, its answers, and deletes a marked answer", async () => {
    const poll = await Poll.objects.create({
      questionText: "Old",
      pubDate: new Date("2026-01-01T00:00:00Z"),
    });
    const keep = await Answer.objects.create({ poll, answerText: "Keep" });
    const drop = await Answer.objects.create({ poll, answerText: "Drop" });
    const page = await t.client.get(`/admin/adminpolls/poll/${poll.id}/change/`);
    assertContains(page, 'name="answerSet-INITIAL_FORMS" value="2"', { html: false });
    assertContains(page, `name="answerSet-0-id" value="${keep.id}"`, { html: false });
    const response = await t.client.post(
      `/admin/adminpolls/poll/${poll.id}/change/`,
      pollData(
        {
          questionText: "New",
          "answerSet-0-id": String(keep.id),
          "answerSet-1-id": String(drop.id),
          "answerSet-1-DELETE": "on",
        },
        [{ answerText: "Kept", votes: "5" }, { answerText: "Drop" }, { answerText: "Added" }],
        2,
      ),
      { follow: true },
    );
    assertContains(response, "The poll \u201cNew\u201d was changed successfully.");
    await poll.refreshFromDb();
    assert.equal(poll.questionText, "New");
    const names = (await Answer.objects.filter({ pollId: poll.id }).orderBy("answerText")).map(
      (answer) => `${answer.answerText}:${answer.votes}`,
    );
    assert.deepEqual(names, ["Added:0", "Kept:5"]);
  });

  t.test("an unknown id redirects to the index with a warning", async () => {
    const response = await t.client.get("/admin/adminpolls/poll/999/change/", { follow: true });
    assertContains(
      response,
      "Poll with ID \u201c999\u201d doesn\u2019t exist. Perhaps it was deleted?",
    );
  });

  t.test("delete asks first, listing the related answers, then deletes", async () => {
    const poll = await Poll.objects.create({ questionText: "Doomed", pubDate: new Date() });
    await Answer.objects.create({ poll, answerText: "Alpha" });
    await Answer.objects.create({ poll, answerText: "Beta" });
    const confirm = await t.client.get(`/admin/adminpolls/poll/${poll.id}/delete/`);
    assertContains(confirm, "Are you sure you want to delete the poll \u201cDoomed\u201d?");
    assertContains(confirm, "<li>Answer: Alpha</li>", { html: false });
    assertContains(confirm, "<li>Answer: Beta</li>", { html: false });
    assertContains(confirm, "Answers: 2");
    assert.equal(await Poll.objects.count(), 1, "GET deletes nothing");
    const done = await t.client.post(
      `/admin/adminpolls/poll/${poll.id}/delete/`,
      { post: "yes" },
      { follow: true },
    );
    assertContains(done, "The poll \u201cDoomed\u201d was deleted successfully.");
    assert.equal(await Poll.objects.count(), 0);
    assert.equal(await Answer.objects.count(), 0);
  });

  t.test("the admin's stylesheet is served under STATIC_URL", async () => {
    const page = await t.client.get("/admin/");
    assertContains(page, 'href="/static/admin/css/base.css"', { html: false });
  });
});
