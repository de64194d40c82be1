// A template can read a model but never write through it: Django's alters_data, honoured by
// the template engine for the ORM's writer methods.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Engine } from "../template/index.ts";
import { Question, useTestDatabase } from "./_fixtures/models.ts";

useTestDatabase();

test("{{ question.delete }} and {{ question.save }} in a template do not touch the database", async () => {
  const question = await Question.objects.create({ questionText: "Safe?", pubDate: new Date() });
  const engine = new Engine({});
  const template = engine.fromString(
    "[{{ question.delete }}][{{ question.save }}][{{ question.choiceSet.create }}][{{ question.questionText }}]",
  );
  question.questionText = "changed in memory only";
  const output = await template.render({ question });
  assert.equal(output, "[][][][changed in memory only]");
  assert.equal(await Question.objects.count(), 1);
  assert.equal((await Question.objects.get({ pk: question.id })).questionText, "Safe?");
});
