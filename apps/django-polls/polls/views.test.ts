/**
 * Beyond part 5: the vote view (part 4) and the middleware the project relies on — a valid
 * vote counts and redirects to the results, a missing or foreign choice re-renders the form
 * with the error, a POST without a CSRF token is refused with 403 when the client enforces
 * CSRF checks (as a browser's request would be), and APPEND_SLASH redirects `/polls/1`.
 */
import assert from "node:assert/strict";
import {
  assertContains,
  assertNotContains,
  assertRedirects,
  assertTemplateUsed,
  describeTestCase,
  type Client,
} from "@tsgi/django/test";
import { reverse } from "@tsgi/django/urls";
import { settings } from "../mysite/settings.ts";
import { Choice, Question } from "./models.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

async function questionWithChoices(days = -1): Promise<{ question: Question; choices: Choice[] }> {
  const question = await Question.objects.create({
    questionText: "What's new?",
    pubDate: new Date(Date.now() + days * DAY_MS),
  });
  const choices = [
    await question.choiceSet.create({ choiceText: "Not much" }),
    await question.choiceSet.create({ choiceText: "The sky" }),
  ];
  return { question, choices };
}

describeTestCase("VoteViewTests", { settings }, (t) => {
  t.test("a valid vote increments the choice's votes and redirects to the results", async () => {
    const { question, choices } = await questionWithChoices();
    const [first, second] = choices as [Choice, Choice];
    const url = reverse("polls:vote", { args: [question.id] });
    const response = await t.client.post(url, { choice: String(second.id) });
    await assertRedirects(response, reverse("polls:results", { args: [question.id] }));
    await second.refreshFromDb();
    await first.refreshFromDb();
    assert.equal(second.votes, 1);
    assert.equal(first.votes, 0);

    const again = await t.client.post(url, { choice: String(second.id) }, { follow: true });
    assert.deepEqual(again.redirectChain, [
      [reverse("polls:results", { args: [question.id] }), 302],
    ]);
    assertTemplateUsed(again, "polls/results.html");
    assertContains(again, "The sky -- 2 votes");
    assertContains(again, "Not much -- 0 votes");
  });

  t.test("a POST without a choice re-renders the form with the error", async () => {
    const { question } = await questionWithChoices();
    const response = await t.client.post(reverse("polls:vote", { args: [question.id] }), {});
    assertTemplateUsed(response, "polls/detail.html");
    assertContains(response, "You didn&#x27;t select a choice.", { count: 1 });
    assert.equal(response.context?.errorMessage, "You didn't select a choice.");
  });

  t.test("a choice of another question, or not a number, counts as no choice", async () => {
    const { question } = await questionWithChoices();
    const other = await questionWithChoices();
    const url = reverse("polls:vote", { args: [question.id] });
    for (const choice of [String(other.choices[0]!.id), "abc", "999999"]) {
      const response = await t.client.post(url, { choice });
      assertContains(response, "select a choice.");
    }
    assert.equal(await Choice.objects.filter({ votes__gt: 0 }).count(), 0);
  });

  t.test("voting on a future or missing question is a 404", async () => {
    const { question, choices } = await questionWithChoices(5);
    const response = await t.client.post(reverse("polls:vote", { args: [question.id] }), {
      choice: String(choices[0]!.id),
    });
    assert.equal(response.statusCode, 404);
    const missing = await t.client.post(reverse("polls:vote", { args: [999] }), { choice: "1" });
    assert.equal(missing.statusCode, 404);
  });

  t.test(
    "the results page lists every choice with its count; a future question is hidden",
    async () => {
      const { question } = await questionWithChoices();
      const response = await t.client.get(reverse("polls:results", { args: [question.id] }));
      assertContains(response, "<li>Not much -- 0 votes</li>", { html: true });
      assertContains(response, `href="${reverse("polls:detail", { args: [question.id] })}"`);
      const future = await questionWithChoices(3);
      const hidden = await t.client.get(reverse("polls:results", { args: [future.question.id] }));
      assert.equal(hidden.statusCode, 404);
    },
  );

  t.test("the detail page has the voting form with a CSRF token", async () => {
    const { question } = await questionWithChoices();
    const response = await t.client.get(reverse("polls:detail", { args: [question.id] }));
    assertContains(response, 'name="csrfmiddlewaretoken"', { count: 1 });
    assertContains(
      response,
      `<input type="radio" name="choice" id="choice1" value="${String((await question.choiceSet.all())[0]!.id)}">`,
      {
        html: true,
      },
    );
    assertNotContains(response, "You didn&#x27;t select a choice.");
  });

  t.test("/polls/1 redirects permanently to /polls/1/ (APPEND_SLASH)", async () => {
    const { question } = await questionWithChoices();
    const response = await t.client.get(`/polls/${question.id}`);
    await assertRedirects(response, `/polls/${question.id}/`, { status: 301 });
    const unknown = await t.client.get("/polls/no-such-page");
    assert.equal(unknown.statusCode, 404, "no redirect when the slashed URL would not resolve");
  });

  t.test("the stylesheet is served and linked (part 6)", async () => {
    const response = await t.client.get(reverse("polls:index"));
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(response.text)?.[1];
    assert.equal(href, "/static/polls/style.css");
  });
});

describeTestCase("CsrfTests", { settings, client: { enforceCsrfChecks: true } }, (t) => {
  t.test("a POST without a CSRF token is refused with 403", async () => {
    const { question, choices } = await questionWithChoices();
    const url = reverse("polls:vote", { args: [question.id] });
    const response = await t.client.post(url, { choice: String(choices[0]!.id) });
    assert.equal(response.statusCode, 403);
    assert.equal(await Choice.objects.filter({ votes__gt: 0 }).count(), 0, "no vote was counted");
  });

  t.test("the same POST with the cookie and the form's token is accepted", async () => {
    const { question, choices } = await questionWithChoices();
    const client: Client = t.client;
    const form = await client.get(reverse("polls:detail", { args: [question.id] }));
    const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(form.text)?.[1];
    assert.ok(token, "the form carries a token");
    const response = await client.post(reverse("polls:vote", { args: [question.id] }), {
      choice: String(choices[0]!.id),
      csrfmiddlewaretoken: token,
    });
    assert.equal(response.statusCode, 302);
  });
});
