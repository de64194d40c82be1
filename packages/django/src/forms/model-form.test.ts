import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Choice, Publisher, Question, useTestDatabase } from "../db/_fixtures/models.ts";
import {
  ChoiceField,
  FormError,
  ModelChoiceField,
  ModelForm,
  Textarea,
  inlineFormsetFactory,
  inlineformsetFactory,
  modelformFactory,
} from "./index.ts";

useTestDatabase();

class QuestionForm extends ModelForm<Question> {
  static override meta = { model: Question, fields: ["questionText", "pubDate"] };
}
class ChoiceForm extends ModelForm<Choice> {
  static override meta = { model: Choice, fields: "__all__" as const };
}

describe("ModelForm", () => {
  it("maps model fields to form fields", () => {
    const form = new ChoiceForm();
    assert.ok(form.fields.question instanceof ModelChoiceField);
    assert.equal(form.get("choiceText").label, "Choice text");
    assert.equal(new QuestionForm().get("pubDate").label, "Date published");
    const Bio = modelformFactory(Question, {
      fields: ["questionText"],
      widgets: { questionText: new Textarea() },
    });
    assert.ok(new Bio().fields.questionText!.widget instanceof Textarea);
    assert.throws(() => new (modelformFactory(Question, {}))(), { code: "DJANGO_E_FORMS_CONFIG" });
  });

  it("creates and updates instances with save()", async () => {
    const form = new QuestionForm({ questionText: "What's up?", pubDate: "2026-11-25 10:00" });
    assert.equal(await form.isValid(), true);
    const question = await form.save();
    assert.equal(typeof question.id, "number");
    const edit = new QuestionForm(
      { questionText: "Changed", pubDate: "2026-11-25 10:00" },
      { instance: question },
    );
    assert.match(
      String(new QuestionForm(null, { instance: question })),
      /value="What&#x27;s up\?"/,
    );
    await edit.save();
    assert.equal((await Question.objects.get({ pk: question.id })).questionText, "Changed");
    assert.equal(await Question.objects.count(), 1);
  });

  it("save({ commit: false }) returns an unsaved instance; invalid forms refuse to save", async () => {
    const form = new QuestionForm({ questionText: "Later", pubDate: "2026-11-25 10:00" });
    const question = await form.save({ commit: false });
    assert.equal(question.id ?? null, null);
    assert.equal(await Question.objects.count(), 0);
    const bad = new QuestionForm({ questionText: "x".repeat(201) });
    await assert.rejects(
      bad.save(),
      (e: unknown) => e instanceof FormError && e.code === "DJANGO_E_FORMS_INVALID",
    );
    assert.deepEqual(bad.errors.asData(), {
      questionText: ["Ensure this value has at most 200 characters (it has 201)."],
      pubDate: ["This field is required."],
    });
  });

  it("ForeignKey becomes a ModelChoiceField over the related objects", async () => {
    const q = await Question.objects.create({ questionText: "Q1", pubDate: new Date() });
    const unbound = await new ChoiceForm().prepare();
    assert.match(String(unbound), new RegExp(`<option value="${q.id}">Q1</option>`));
    const bad = new ChoiceForm({ question: "999", choiceText: "a", votes: "0" });
    assert.equal(await bad.isValid(), false);
    assert.deepEqual(bad.errors.get("question")?.messages, [
      "Select a valid choice. That choice is not one of the available choices.",
    ]);
    const good = new ChoiceForm({ question: String(q.id), choiceText: "a", votes: "2" });
    const choice = await good.save();
    assert.equal(choice.questionId, q.id);
    assert.equal(choice.votes, 2);
    assert.throws(() => String(new ChoiceForm()), { code: "DJANGO_E_FORMS_NOT_PREPARED" });
  });

  it("reports unique violations from the model", async () => {
    class PublisherForm extends ModelForm<Publisher> {
      static override meta = { model: Publisher, fields: ["name"] };
    }
    await new PublisherForm({ name: "Acme" }).save();
    const dup = new PublisherForm({ name: "Acme" });
    assert.equal(await dup.isValid(), false);
    assert.deepEqual(dup.errors.asData(), { name: ["Publisher with this name already exists."] });
  });

  it("fields left out of the form are not validated; commit: false lets the view fill them", async () => {
    const TextOnly = modelformFactory(Question, { fields: ["questionText"] });
    const form = new TextOnly({ questionText: "Partial?" });
    assert.equal(await form.isValid(), true);
    const question = (await form.save({ commit: false })) as Question;
    question.pubDate = new Date("2026-11-25T00:00:00Z");
    await question.save();
    assert.equal(await Question.objects.count(), 1);
  });

  it("an unchanged edit reports no changes (dates compare as shown)", async () => {
    const question = await Question.objects.create({
      questionText: "Same",
      pubDate: new Date("2026-11-25T10:00:00Z"),
    });
    const form = new QuestionForm(
      { questionText: "Same", pubDate: "2026-11-25 10:00:00" },
      { instance: question },
    );
    assert.equal(form.hasChanged(), false);
    const changed = new QuestionForm(
      { questionText: "Same", pubDate: "2026-11-26 10:00" },
      { instance: question },
    );
    assert.deepEqual(changed.changedData, ["pubDate"]);
  });

  it("model choices become a ChoiceField with coerced values", async () => {
    const { Review } = await import("../db/_fixtures/models.ts");
    const ReviewForm = modelformFactory(Review, { fields: ["rating"] });
    const form = new ReviewForm({ rating: "2" });
    assert.ok(form.fields.rating instanceof ChoiceField);
    assert.equal(await form.isValid(), true);
    assert.equal(form.cleanedData.rating, 2);
  });
});

describe("inline formsets", () => {
  const ChoiceFormSet = inlineformsetFactory(Question, Choice, {
    fields: ["choiceText", "votes"],
    extra: 2,
  });

  it("renders the management form and extra forms", async () => {
    const question = await Question.objects.create({ questionText: "Q", pubDate: new Date() });
    await question.choiceSet.create({ choiceText: "Old", votes: 1 });
    const formset = await new ChoiceFormSet(null, { instance: question }).prepare();
    assert.equal(formset.prefix, "choiceSet");
    assert.equal(formset.forms.length, 3);
    const html = String(formset);
    assert.match(
      html,
      /<input type="hidden" name="choiceSet-TOTAL_FORMS" value="3" id="id_choiceSet-TOTAL_FORMS">/,
    );
    assert.match(html, /<input type="hidden" name="choiceSet-INITIAL_FORMS" value="1"/);
    assert.match(html, /name="choiceSet-0-choiceText" value="Old"/);
    assert.match(html, /name="choiceSet-2-DELETE"/);
  });

  it("adds, changes and deletes children on save", async () => {
    const question = await Question.objects.create({ questionText: "Q", pubDate: new Date() });
    const keep = await question.choiceSet.create({ choiceText: "Keep", votes: 1 });
    const drop = await question.choiceSet.create({ choiceText: "Drop", votes: 0 });
    const data = {
      "choiceSet-TOTAL_FORMS": "4",
      "choiceSet-INITIAL_FORMS": "2",
      "choiceSet-0-id": String(keep.id),
      "choiceSet-0-choiceText": "Kept",
      "choiceSet-0-votes": "1",
      "choiceSet-1-id": String(drop.id),
      "choiceSet-1-choiceText": "Drop",
      "choiceSet-1-votes": "0",
      "choiceSet-1-DELETE": "on",
      "choiceSet-2-choiceText": "New",
      "choiceSet-2-votes": "0",
      "choiceSet-3-choiceText": "",
      "choiceSet-3-votes": "0",
    };
    const formset = new ChoiceFormSet(data, { instance: question });
    assert.equal(await formset.isValid(), true);
    await formset.save();
    const texts = (await question.choiceSet.all().orderBy("id")).map((c) => c.choiceText);
    assert.deepEqual(texts, ["Kept", "New"]);
    assert.equal(formset.deletedObjects.length, 1);
    assert.equal(formset.newObjects.length, 1);
  });

  it("inlineFormsetFactory is the same factory", () => {
    assert.equal(inlineFormsetFactory, inlineformsetFactory);
    assert.throws(() => inlineformsetFactory(Publisher, Choice), { code: "DJANGO_E_FORMS_CONFIG" });
  });

  it("reports errors per form and missing management data", async () => {
    const question = await Question.objects.create({ questionText: "Q", pubDate: new Date() });
    const invalid = new ChoiceFormSet(
      { "choiceSet-TOTAL_FORMS": "1", "choiceSet-INITIAL_FORMS": "0", "choiceSet-0-votes": "x" },
      { instance: question },
    );
    assert.equal(await invalid.isValid(), false);
    assert.deepEqual(invalid.errors[0]?.asData(), {
      choiceText: ["This field is required."],
      votes: ["Enter a whole number."],
    });
    const tampered = new ChoiceFormSet({}, { instance: question });
    assert.equal(await tampered.isValid(), false);
    assert.match(tampered.nonFormErrors().messages[0] ?? "", /ManagementForm data is missing/);
  });
});
