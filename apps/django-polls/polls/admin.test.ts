/**
 * The polls admin of tutorial parts 2 and 7, through the test client: log in as a superuser,
 * add a question with choices inline, find it in the changelist (search, date filter, the
 * "published recently?" icon), change it and delete it.
 */
import assert from "node:assert/strict";
import { User } from "@tsgi/django/contrib/auth";
import { assertContains, assertNotContains, describeTestCase } from "@tsgi/django/test";
import { settings } from "../mysite/settings.ts";
import { Choice, Question } from "./models.ts";

const PASSWORD = "polls-admin-password";
const DAY_MS = 24 * 60 * 60 * 1000;

describeTestCase("PollsAdminTests", { settings }, (t) => {
  t.setUpTestData(() => User.objects.createSuperuser("admin", { password: PASSWORD }));
  t.setUp(async () => {
    const response = await t.client.post("/admin/login/", {
      username: "admin",
      password: PASSWORD,
      next: "/admin/",
    });
    assert.equal(response.status, 302);
  });

  t.test("the index lists the polls app and its questions", async () => {
    const response = await t.client.get("/admin/");
    assertContains(response, "Polls");
    assertContains(response, '<a href="/admin/polls/question/">Questions</a>', { html: false });
    assertNotContains(response, "/admin/polls/choice/");
  });

  t.test("adds a question with two choices inline", async () => {
    const response = await t.client.post(
      "/admin/polls/question/add/",
      {
        questionText: "What's your favourite colour?",
        pubDate: "2026-03-04 12:00:00",
        "choiceSet-TOTAL_FORMS": "3",
        "choiceSet-INITIAL_FORMS": "0",
        "choiceSet-0-choiceText": "Red",
        "choiceSet-0-votes": "0",
        "choiceSet-1-choiceText": "Blue",
        "choiceSet-1-votes": "0",
        "choiceSet-2-choiceText": "",
        "choiceSet-2-votes": "0",
        _save: "Save",
      },
      { follow: true },
    );
    assertContains(
      response,
      "The question \u201cWhat&#x27;s your favourite colour?\u201d was added successfully.",
      { html: false },
    );
    const question = await Question.objects.get({ questionText: "What's your favourite colour?" });
    const choices = await question.choiceSet.all().orderBy("choiceText");
    assert.deepEqual(
      choices.map((choice: Choice) => choice.choiceText),
      ["Blue", "Red"],
    );
  });

  t.test("the changelist shows the columns, searches and filters by date", async () => {
    await Question.objects.create({
      questionText: "Recent one",
      pubDate: new Date(Date.now() - 60_000),
    });
    await Question.objects.create({
      questionText: "Old one",
      pubDate: new Date(Date.now() - 400 * DAY_MS),
    });
    const list = await t.client.get("/admin/polls/question/");
    assertContains(list, "2 questions");
    assertContains(list, "Question text");
    assertContains(list, "Date published");
    assertContains(list, "Published recently?");
    assertContains(list, 'class="boolean-icon yes"', { html: false, count: 1 });
    assertContains(list, "This year");
    const found = await t.client.get("/admin/polls/question/?q=recent");
    assertContains(found, "1 question");
    assertContains(found, "Recent one");
    assertNotContains(found, "Old one");
  });

  t.test(
    "the change form shows the fieldsets and existing choices; delete lists them",
    async () => {
      const question = await Question.objects.create({ questionText: "Tea?", pubDate: new Date() });
      await question.choiceSet.create({ choiceText: "Yes please" });
      const change = await t.client.get(`/admin/polls/question/${question.id}/change/`);
      assertContains(change, "Date information");
      assertContains(change, 'value="Yes please"', { html: false });
      const confirm = await t.client.get(`/admin/polls/question/${question.id}/delete/`);
      assertContains(confirm, "<li>Choice: Yes please</li>", { html: false });
      const deleted = await t.client.post(
        `/admin/polls/question/${question.id}/delete/`,
        { post: "yes" },
        { follow: true },
      );
      assertContains(deleted, "The question \u201cTea?\u201d was deleted successfully.");
      assert.equal(await Choice.objects.count(), 0);
    },
  );
});
