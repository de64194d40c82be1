/**
 * The tutorial's part-5 tests (polls/tests.py), ported: one `describeTestCase` per Django
 * `TestCase` class, one `t.test` per `test_…` method, the same names, data and assertions.
 * Each test case gets a fresh, migrated in-memory database; each test is rolled back.
 */
import assert from "node:assert/strict";
import {
  assertContains,
  assertQuerySetEqual,
  assertTemplateUsed,
  describeTestCase,
} from "@tsgi/django/test";
import { reverse } from "@tsgi/django/urls";
import { settings } from "../mysite/settings.ts";
import { Question } from "./models.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** `timezone.now() + timedelta(...)`, in milliseconds. */
function nowPlus(ms: number): Date {
  return new Date(Date.now() + ms);
}

/**
 * Create a question with the given `questionText` and published the given number of `days`
 * offset to now (negative for questions published in the past, positive for questions that
 * have yet to be published).
 */
function createQuestion(questionText: string, days: number): Promise<Question> {
  return Question.objects.create({ questionText, pubDate: nowPlus(days * DAY_MS) });
}

describeTestCase("QuestionModelTests", { settings }, (t) => {
  t.test(
    "was_published_recently() returns False for questions whose pub_date is in the future",
    () => {
      const futureQuestion = new Question({ pubDate: nowPlus(30 * DAY_MS) });
      assert.equal(futureQuestion.wasPublishedRecently(), false);
    },
  );

  t.test(
    "was_published_recently() returns False for questions whose pub_date is older than 1 day",
    () => {
      const oldQuestion = new Question({ pubDate: nowPlus(-(DAY_MS + 1000)) });
      assert.equal(oldQuestion.wasPublishedRecently(), false);
    },
  );

  t.test(
    "was_published_recently() returns True for questions whose pub_date is within the last day",
    () => {
      const recentQuestion = new Question({ pubDate: nowPlus(-(23 * 3600 + 59 * 60 + 59) * 1000) });
      assert.equal(recentQuestion.wasPublishedRecently(), true);
    },
  );
});

describeTestCase("QuestionIndexViewTests", { settings }, (t) => {
  t.test("If no questions exist, an appropriate message is displayed.", async () => {
    const response = await t.client.get(reverse("polls:index"));
    assert.equal(response.statusCode, 200);
    assertContains(response, "No polls are available.");
    await assertQuerySetEqual(response.context?.latestQuestionList as Question[], []);
    assertTemplateUsed(response, "polls/index.html");
  });

  t.test("Questions with a pub_date in the past are displayed on the index page.", async () => {
    const question = await createQuestion("Past question.", -30);
    const response = await t.client.get(reverse("polls:index"));
    await assertQuerySetEqual(response.context?.latestQuestionList as Question[], [question]);
  });

  t.test(
    "Questions with a pub_date in the future aren't displayed on the index page.",
    async () => {
      await createQuestion("Future question.", 30);
      const response = await t.client.get(reverse("polls:index"));
      assertContains(response, "No polls are available.");
      await assertQuerySetEqual(response.context?.latestQuestionList as Question[], []);
    },
  );

  t.test(
    "Even if both past and future questions exist, only past questions are displayed.",
    async () => {
      const question = await createQuestion("Past question.", -30);
      await createQuestion("Future question.", 30);
      const response = await t.client.get(reverse("polls:index"));
      await assertQuerySetEqual(response.context?.latestQuestionList as Question[], [question]);
    },
  );

  t.test("The questions index page may display multiple questions.", async () => {
    const question1 = await createQuestion("Past question 1.", -30);
    const question2 = await createQuestion("Past question 2.", -5);
    const response = await t.client.get(reverse("polls:index"));
    await assertQuerySetEqual(response.context?.latestQuestionList as Question[], [
      question2,
      question1,
    ]);
  });
});

describeTestCase("QuestionDetailViewTests", { settings }, (t) => {
  t.test(
    "The detail view of a question with a pub_date in the future returns a 404 not found.",
    async () => {
      const futureQuestion = await createQuestion("Future question.", 5);
      const url = reverse("polls:detail", { args: [futureQuestion.id] });
      const response = await t.client.get(url);
      assert.equal(response.statusCode, 404);
    },
  );

  t.test(
    "The detail view of a question with a pub_date in the past displays the question's text.",
    async () => {
      const pastQuestion = await createQuestion("Past Question.", -5);
      const url = reverse("polls:detail", { args: [pastQuestion.id] });
      const response = await t.client.get(url);
      assertContains(response, pastQuestion.questionText);
    },
  );
});
