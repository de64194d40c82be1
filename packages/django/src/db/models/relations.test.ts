import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  Author,
  Book,
  Choice,
  Edition,
  Publisher,
  Question,
  Review,
  useTestDatabase,
  utc,
} from "../_fixtures/models.ts";
import { ProtectedError, RestrictedError } from "../errors.ts";
import { RelatedManager } from "./related-descriptors.ts";

useTestDatabase();

async function poll(text: string, pubDate: Date, votes: number[]): Promise<Question> {
  const question = await Question.objects.create({ questionText: text, pubDate });
  for (const [index, count] of votes.entries()) {
    await question.choiceSet.create({ choiceText: `choice ${index}`, votes: count });
  }
  return question;
}

describe("forward ForeignKeys", () => {
  test("the key is sync; the object loads with await and is cached", async () => {
    const question = await poll("Q1", new Date(), [0]);
    const choice = (await Choice.objects.first()) as Choice;
    assert.equal(choice.questionId, question.id);
    const loaded = await choice.question;
    assert.equal(loaded.questionText, "Q1");
    assert.ok(loaded instanceof Question);
    await Question.objects.filter({ pk: question.pk }).update({ questionText: "changed" });
    assert.equal((await choice.question).questionText, "Q1", "cached after the first load");
    choice.questionId = question.id;
    await choice.refreshFromDb();
    assert.equal((await choice.question).questionText, "changed", "refreshFromDb clears the cache");
  });

  test("assigning an object or null sets the key", async () => {
    const ann = await Author.objects.create({ name: "Ann" });
    const bob = await Author.objects.create({ name: "Bob" });
    const book = new Book({ title: "T", author: ann, editor: null });
    assert.equal(book.authorId, ann.id);
    assert.equal(await book.editor, null);
    (book as unknown as { editor: Author }).editor = bob;
    assert.equal(book.editorId, bob.id);
    assert.equal((await book.editor)?.name, "Bob");
    await book.save();
    const fresh = await Book.objects.get({ pk: book.pk });
    assert.equal(fresh.editorId, bob.id);
  });

  test("a dangling key rejects with the target's DoesNotExist", async () => {
    const book = new Book({ title: "T", authorId: 999 });
    await assert.rejects(
      async () => await book.author,
      (error: unknown) => error instanceof Author.DoesNotExist,
    );
  });

  test("one-hop and two-hop joins in filters", async () => {
    await poll("old", utc("2005-04-02T10:00:00"), [1, 2]);
    await poll("new", utc("2026-04-02T10:00:00"), [3]);
    assert.equal(await Choice.objects.filter({ question__pubDate__year: 2005 }).count(), 2);
    assert.equal(
      await Choice.objects.filter({ question__questionText__startswith: "ne" }).count(),
      1,
    );
    const ann = await Author.objects.create({ name: "Ann" });
    const penguin = await Publisher.objects.create({ name: "Penguin" });
    const book = await Book.objects.create({ title: "T", author: ann, publisher: penguin });
    await Review.objects.create({ book, rating: 2 });
    assert.equal(await Review.objects.filter({ book__publisher__name: "Penguin" }).count(), 1);
    assert.equal(await Review.objects.filter({ book__author__name: "Nobody" }).count(), 0);
  });
});

describe("reverse relations", () => {
  test("question.choiceSet is a related manager with all/filter/create/count", async () => {
    const question = await poll("Q", new Date(), [5, 0]);
    const other = await poll("Other", new Date(), [1]);
    assert.ok(question.choiceSet instanceof RelatedManager);
    assert.equal(await question.choiceSet.count(), 2);
    assert.deepEqual((await question.choiceSet.all()).map((c) => c.votes).sort(), [0, 5]);
    assert.equal((await question.choiceSet.filter({ votes__gt: 0 })).length, 1);
    const created = await question.choiceSet.create({ choiceText: "new" });
    assert.equal(created.questionId, question.id);
    assert.equal(await other.choiceSet.count(), 1);
    const unsaved = new Question({ questionText: "x", pubDate: new Date() });
    assert.throws(() => unsaved.choiceSet.all(), { code: "DJANGO_E_DB_QUERYSET" });
  });

  test("getOrCreate on a related manager stays within the instance", async () => {
    const first = await poll("first", new Date(), []);
    const second = await poll("second", new Date(), []);
    const [a, createdA] = await first.choiceSet.getOrCreate({ choiceText: "Yes" });
    const [b, createdB] = await second.choiceSet.getOrCreate({ choiceText: "Yes" });
    const [again, createdAgain] = await first.choiceSet.getOrCreate({ choiceText: "Yes" });
    assert.deepEqual([createdA, createdB, createdAgain], [true, true, false]);
    assert.notEqual(a.pk, b.pk);
    assert.equal(again.pk, a.pk);
    assert.equal(b.questionId, second.id);
  });

  test("relatedName names the accessor; add() re-points objects", async () => {
    const ann = await Author.objects.create({ name: "Ann" });
    const bob = await Author.objects.create({ name: "Bob" });
    const book = await ann.books.create({ title: "By Ann" });
    assert.equal(await ann.books.count(), 1);
    await bob.editedBooks.add(book);
    assert.equal((await bob.editedBooks.all())[0]?.title, "By Ann");
  });

  test("reverse lookups use the lowercase model name (or relatedQueryName)", async () => {
    await poll("with choices", new Date(), [0, 4]);
    await poll("empty", new Date(), []);
    const withChoices = await Question.objects.filter({ choice__isnull: false });
    assert.deepEqual(
      withChoices.map((q) => q.questionText),
      ["with choices"],
      "no duplicate rows",
    );
    assert.deepEqual((await Question.objects.filter({ choice__isnull: true })).map(String), [
      "empty",
    ]);
    assert.deepEqual((await Question.objects.filter({ choice__votes__gt: 3 })).map(String), [
      "with choices",
    ]);
    assert.deepEqual((await Question.objects.exclude({ choice__votes__gt: 3 })).map(String), [
      "empty",
    ]);
    const ann = await Author.objects.create({ name: "Ann" });
    await Book.objects.create({ title: "T", author: ann, editor: ann });
    assert.equal(await Author.objects.filter({ edited__title: "T" }).count(), 1);
    assert.equal(await Author.objects.filter({ books__title: "T" }).count(), 1);
  });

  test("conditions on one relation in one filter() must hold for the same row", async () => {
    await poll("split", new Date(), [5, 0]);
    const same = await Question.objects.filter({
      choice__votes: 5,
      choice__choiceText: "choice 1",
    });
    assert.equal(same.length, 0);
    const chained = await Question.objects
      .filter({ choice__votes: 5 })
      .filter({ choice__choiceText: "choice 1" });
    assert.equal(chained.length, 1);
    const choice = (await Choice.objects.first()) as Choice;
    assert.equal(await Question.objects.filter({ choice }).count(), 1);
  });
});

describe("delete and onDelete", () => {
  test("CASCADE deletes the choices of a deleted question", async () => {
    const question = await poll("Q", new Date(), [1, 2]);
    await poll("keep", new Date(), [3]);
    const [total, perModel] = await question.delete();
    assert.equal(total, 3);
    assert.deepEqual(perModel, { "polls.Question": 1, "polls.Choice": 2 });
    assert.equal(question.pk, null);
    assert.equal(await Choice.objects.count(), 1);
    assert.deepEqual(await Question.objects.all().delete(), [
      2,
      { "polls.Question": 1, "polls.Choice": 1 },
    ]);
  });

  test("PROTECT refuses and changes nothing", async () => {
    const ann = await Author.objects.create({ name: "Ann" });
    await Book.objects.create({ title: "T", author: ann });
    await assert.rejects(ann.delete(), (error: unknown) => {
      assert.ok(error instanceof ProtectedError);
      assert.equal(error.protectedObjects.length, 1);
      return true;
    });
    assert.equal(await Author.objects.count(), 1);
    assert.equal(await Book.objects.count(), 1);
  });

  test("SET_NULL clears the key; CASCADE goes through several levels", async () => {
    const ann = await Author.objects.create({ name: "Ann" });
    const bob = await Author.objects.create({ name: "Bob" });
    const penguin = await Publisher.objects.create({ name: "Penguin" });
    const book = await Book.objects.create({
      title: "T",
      author: ann,
      editor: bob,
      publisher: penguin,
    });
    await Review.objects.create({ book, rating: 1 });
    await bob.delete();
    assert.equal((await Book.objects.get({ pk: book.pk })).editorId, null);
    const [total, perModel] = await penguin.delete();
    assert.equal(total, 3);
    assert.deepEqual(perModel, { "library.Publisher": 1, "library.Book": 1, "library.Review": 1 });
  });

  test("RESTRICT allows deletes reached by CASCADE, refuses the others", async () => {
    const ann = await Author.objects.create({ name: "Ann" });
    const penguin = await Publisher.objects.create({ name: "Penguin" });
    const faber = await Publisher.objects.create({ name: "Faber" });
    const own = await Book.objects.create({ title: "own", author: ann, publisher: penguin });
    await Edition.objects.create({ book: own, publisher: penguin, year: 2000 });
    const foreign = await Book.objects.create({ title: "foreign", author: ann, publisher: faber });
    await Edition.objects.create({ book: foreign, publisher: penguin, year: 2001 });
    await assert.rejects(penguin.delete(), (error: unknown) => error instanceof RestrictedError);
    assert.equal(await Edition.objects.count(), 2);
    await foreign.delete();
    const [total] = await penguin.delete();
    assert.equal(total, 3);
    assert.equal(await Edition.objects.count(), 0);
  });

  test("deleting an unsaved instance is refused", async () => {
    await assert.rejects(new Author({ name: "x" }).delete(), { code: "DJANGO_E_DB_QUERYSET" });
  });
});
