// The polls tutorial (parts 2 and 5) as a worked example of the ORM, written the way the
// tutorial's shell session and tests use it.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Choice, Question, useTestDatabase } from "./_fixtures/models.ts";
import { ObjectDoesNotExist } from "./errors.ts";
import { F } from "./query/expressions.ts";

useTestDatabase();

const DAY = 24 * 3600 * 1000;
const daysFromNow = (days: number) => new Date(Date.now() + days * DAY);

async function createQuestion(questionText: string, days: number): Promise<Question> {
  return Question.objects.create({ questionText, pubDate: daysFromNow(days) });
}

/** The index view's query: the last five published questions. */
function latestQuestions() {
  return Question.objects.filter({ pubDate__lte: new Date() }).orderBy("-pubDate").slice(0, 5);
}

describe("polls tutorial", () => {
  test("part 2: the shell session", async () => {
    assert.deepEqual(await Question.objects.all(), []);
    const q = new Question({ questionText: "What's new?", pubDate: new Date() });
    await q.save();
    assert.equal(q.id, 1);
    q.questionText = "What's up?";
    await q.save();
    assert.deepEqual((await Question.objects.all()).map(String), ["What's up?"]);
    assert.equal((await Question.objects.filter({ id: 1 }))[0]?.questionText, "What's up?");
    assert.equal((await Question.objects.filter({ questionText__startswith: "What" })).length, 1);
    const year = new Date().getUTCFullYear();
    assert.equal((await Question.objects.get({ pubDate__year: year })).id, 1);
    await assert.rejects(
      Question.objects.get({ id: 2 }),
      (error: unknown) => error instanceof Question.DoesNotExist,
    );
    assert.equal((await Question.objects.get({ pk: 1 })).wasPublishedRecently(), true);
    const question = await Question.objects.get({ pk: 1 });
    assert.equal(await question.choiceSet.count(), 0);
    await question.choiceSet.create({ choiceText: "Not much", votes: 0 });
    await question.choiceSet.create({ choiceText: "The sky", votes: 0 });
    const c = await question.choiceSet.create({ choiceText: "Just hacking again", votes: 0 });
    assert.equal((await c.question).questionText, "What's up?");
    assert.equal(await question.choiceSet.count(), 3);
    assert.equal((await Choice.objects.filter({ question__pubDate__year: year })).length, 3);
    const doomed = question.choiceSet.filter({ choiceText__startswith: "Just hacking" });
    await doomed.delete();
    assert.equal(await question.choiceSet.count(), 2);
  });

  test("part 4: voting with F() is race-free", async () => {
    const question = await createQuestion("Vote?", -1);
    const choice = await question.choiceSet.create({ choiceText: "Yes" });
    const voters = Array.from({ length: 10 }, async () => {
      const selected = await question.choiceSet.get({ pk: choice.pk });
      (selected as unknown as { votes: unknown }).votes = F("votes").add(1);
      await selected.save();
    });
    await Promise.all(voters);
    await choice.refreshFromDb();
    assert.equal(choice.votes, 10);
    await assert.rejects(
      question.choiceSet.get({ pk: 999 }),
      (e: unknown) => e instanceof ObjectDoesNotExist,
    );
  });

  test("part 5: wasPublishedRecently with old, recent and future questions", () => {
    const now = Date.now();
    const at = (ms: number) => new Question({ questionText: "", pubDate: new Date(now + ms) });
    assert.equal(at(30 * DAY).wasPublishedRecently(), false);
    assert.equal(at(-(DAY + 1000)).wasPublishedRecently(), false);
    assert.equal(at(-(23 * 3600 + 59 * 60) * 1000).wasPublishedRecently(), true);
  });

  test("part 5: the index shows past questions only, newest first, five at most", async () => {
    await createQuestion("Future question.", 30);
    assert.deepEqual(await latestQuestions(), []);
    for (let day = 1; day <= 7; day += 1) await createQuestion(`Past ${day}`, -day);
    const shown = await latestQuestions();
    assert.deepEqual(shown.map(String), ["Past 1", "Past 2", "Past 3", "Past 4", "Past 5"]);
  });

  test("part 5: detail of a future question is not found; results need choices", async () => {
    const future = await createQuestion("Future", 5);
    const visible = Question.objects.filter({ pubDate__lte: new Date() });
    await assert.rejects(
      visible.get({ pk: future.pk }),
      (e: unknown) => e instanceof Question.DoesNotExist,
    );
    const past = await createQuestion("Past", -5);
    assert.equal((await visible.get({ pk: past.pk })).questionText, "Past");
    await past.choiceSet.create({ choiceText: "A" });
    await past.choiceSet.create({ choiceText: "B" });
    const withChoices = await visible.filter({ choice__isnull: false }).distinct();
    assert.deepEqual(withChoices.map(String), ["Past"]);
  });
});
