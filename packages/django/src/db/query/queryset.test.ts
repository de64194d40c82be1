import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import { Author, Book, Publisher, Question, useTestDatabase, utc } from "../_fixtures/models.ts";
import { MultipleObjectsReturned, ObjectDoesNotExist } from "../errors.ts";
import { Q } from "./q.ts";
import { QuerySet } from "./queryset.ts";

useTestDatabase();

let ann: Author;
beforeEach(async () => {
  ann = await Author.objects.create({ name: "Ann" });
  const bob = await Author.objects.create({ name: "Bob" });
  for (const [title, pages, author] of [
    ["C", 30, ann],
    ["A", 10, bob],
    ["E", 50, ann],
    ["B", 20, bob],
    ["D", 40, ann],
  ] as const) {
    await Book.objects.create({ title, pages, author });
  }
});

const titlesOf = (books: Book[]) => books.map((book) => book.title);

describe("QuerySet evaluation", () => {
  test("is lazy: building a query runs nothing, awaiting runs it", async () => {
    const query = Book.objects.filter({ pages__gt: 10 });
    await Book.objects.create({ title: "F", pages: 60, author: ann });
    assert.equal((await query).length, 5);
  });

  test("is immutable: each method returns a new QuerySet", async () => {
    const all = Book.objects.all();
    const filtered = all.filter({ pages__gt: 30 });
    assert.notEqual(all, filtered);
    assert.equal((await all).length, 5);
    assert.equal((await filtered).length, 2);
  });

  test("caches results once evaluated, like Django", async () => {
    const query = Book.objects.all();
    const first = await query;
    await Book.objects.create({ title: "G", author: ann });
    assert.equal((await query).length, first.length);
    assert.equal((await query.all()).length, first.length + 1);
  });

  test("supports for await", async () => {
    const seen: string[] = [];
    for await (const book of Book.objects.orderBy("title")) seen.push(book.title);
    assert.deepEqual(seen, ["A", "B", "C", "D", "E"]);
  });

  test("meta.ordering applies by default; orderBy() overrides or clears it", async () => {
    assert.deepEqual(titlesOf(await Book.objects.all()), ["A", "B", "C", "D", "E"]);
    assert.deepEqual(titlesOf(await Book.objects.orderBy("-pages")), ["E", "D", "C", "B", "A"]);
    assert.deepEqual(titlesOf(await Book.objects.orderBy("author__name", "-title")), [
      "E",
      "D",
      "C",
      "B",
      "A",
    ]);
    assert.equal(Book.objects.orderBy().toSql().sql.includes("ORDER BY"), false);
    assert.equal((await Book.objects.orderBy("?")).length, 5);
    assert.deepEqual(titlesOf(await Book.objects.all().reverse()), ["E", "D", "C", "B", "A"]);
  });

  test("slice() becomes LIMIT/OFFSET and composes", async () => {
    assert.deepEqual(titlesOf(await Book.objects.slice(0, 2)), ["A", "B"]);
    assert.deepEqual(titlesOf(await Book.objects.slice(1, 3)), ["B", "C"]);
    assert.deepEqual(titlesOf(await Book.objects.slice(3)), ["D", "E"]);
    assert.deepEqual(titlesOf(await Book.objects.slice(1, 4).slice(1, 10)), ["C", "D"]);
    assert.deepEqual(titlesOf(await Book.objects.slice(4, 2)), []);
    const { sql, params } = Book.objects.slice(1, 3).toSql();
    assert.match(sql, /LIMIT (\?|\$1) OFFSET (\?|\$2)$/);
    assert.deepEqual(params, [2, 1]);
    assert.throws(() => Book.objects.slice(-1), { code: "DJANGO_E_DB_QUERYSET" });
    assert.throws(() => Book.objects.slice(0, 2).filter({ pages: 1 }), {
      code: "DJANGO_E_DB_QUERYSET",
    });
    await assert.rejects(Book.objects.slice(0, 2).update({ pages: 1 }), {
      code: "DJANGO_E_DB_QUERYSET",
    });
  });

  test("count, exists, first, last", async () => {
    assert.equal(await Book.objects.count(), 5);
    assert.equal(await Book.objects.filter({ pages__gt: 25 }).count(), 3);
    assert.equal(await Book.objects.slice(1, 3).count(), 2);
    assert.equal(await Book.objects.exists(), true);
    assert.equal(await Book.objects.filter({ title: "Z" }).exists(), false);
    assert.equal((await Book.objects.first())?.title, "A");
    assert.equal((await Book.objects.last())?.title, "E");
    assert.equal((await Book.objects.orderBy("-pages").first())?.title, "E");
    assert.equal(await Book.objects.filter({ title: "Z" }).first(), undefined);
    assert.equal((await Author.objects.last())?.name, "Bob");
    assert.equal(await Book.objects.none().count(), 0);
    assert.deepEqual(await Book.objects.none(), []);
  });

  test("get raises the model's DoesNotExist / MultipleObjectsReturned", async () => {
    assert.equal((await Book.objects.get({ title: "C" })).pages, 30);
    await assert.rejects(Book.objects.get({ title: "Z" }), (error: unknown) => {
      assert.ok(error instanceof Book.DoesNotExist);
      assert.ok(error instanceof ObjectDoesNotExist);
      assert.equal(error instanceof Author.DoesNotExist, false);
      assert.equal((error as Error).message, "Book matching query does not exist.");
      return true;
    });
    await assert.rejects(Book.objects.get({ author: ann }), (error: unknown) => {
      assert.ok(error instanceof Book.MultipleObjectsReturned);
      assert.ok(error instanceof MultipleObjectsReturned);
      assert.match((error as Error).message, /it returned 3!/);
      return true;
    });
  });

  test("values and valuesList", async () => {
    const rows = await Book.objects.filter({ title: "A" }).values("title", "pages", "author__name");
    assert.deepEqual(rows, [{ title: "A", pages: 10, author__name: "Bob" }]);
    const all = await Book.objects.filter({ title: "A" }).values();
    assert.deepEqual(Object.keys(all[0] ?? {}), [
      "id",
      "title",
      "pages",
      "published",
      "authorId",
      "editorId",
      "publisherId",
    ]);
    assert.deepEqual(await Book.objects.orderBy("pages").valuesList("title", "pages").slice(0, 2), [
      ["A", 10],
      ["B", 20],
    ]);
    assert.deepEqual(await Book.objects.valuesList("title", { flat: true }), [
      "A",
      "B",
      "C",
      "D",
      "E",
    ]);
    assert.throws(() => Book.objects.valuesList("title", "pages", { flat: true }), {
      code: "DJANGO_E_DB_QUERYSET",
    });
  });

  test("distinct", async () => {
    const names = await Book.objects
      .orderBy()
      .valuesList("author__name", { flat: true })
      .distinct();
    assert.deepEqual([...names].sort(), ["Ann", "Bob"]);
    assert.equal(await Book.objects.valuesList("author", { flat: true }).distinct().count(), 2);
  });

  test("Q objects combine with or / and / not", async () => {
    const either = await Book.objects.filter(Q.or({ title: "A" }, { pages__gte: 50 }));
    assert.deepEqual(titlesOf(either), ["A", "E"]);
    const chained = await Book.objects.filter(
      Q({ title: "A" })
        .or(Q({ title: "B" }))
        .and({ pages__lt: 15 }),
    );
    assert.deepEqual(titlesOf(chained), ["A"]);
    assert.deepEqual(titlesOf(await Book.objects.filter(Q.not({ author: ann }))), ["A", "B"]);
    assert.deepEqual(
      titlesOf(await Book.objects.filter(Q({ title: "C" }).not(), { pages__gt: 25 })),
      ["D", "E"],
    );
    assert.deepEqual(titlesOf(await Book.objects.filter({})), ["A", "B", "C", "D", "E"]);
  });

  test("exclude keeps rows whose column is NULL, as Django does", async () => {
    await Book.objects.create({ title: "N", pages: null, author: ann });
    assert.deepEqual(titlesOf(await Book.objects.exclude({ pages__gt: 25 })), ["A", "B", "N"]);
    assert.deepEqual(titlesOf(await Book.objects.exclude({ pages__isnull: true })), [
      "A",
      "B",
      "C",
      "D",
      "E",
    ]);
    assert.deepEqual(titlesOf(await Book.objects.exclude({ editor__name: "Ann" })).length, 6);
  });

  test("create, getOrCreate, updateOrCreate, inBulk, bulkCreate", async () => {
    const [publisher, created] = await Publisher.objects.getOrCreate({ name: "Faber" });
    assert.equal(created, true);
    const [again, createdAgain] = await Publisher.objects.getOrCreate({ name: "Faber" });
    assert.equal(createdAgain, false);
    assert.equal(again.pk, publisher.pk);
    const [book, made] = await Book.objects.getOrCreate(
      { title__iexact: "new" },
      { title: "New", author: ann },
    );
    assert.equal(made, true);
    assert.equal(book.title, "New");
    const [updated, createdByUpdate] = await Book.objects.updateOrCreate(
      { title: "New" },
      { pages: 99 },
    );
    assert.equal(createdByUpdate, false);
    assert.equal((await Book.objects.get({ pk: updated.pk })).pages, 99);
    const byId = await Book.objects.inBulk([book.pk]);
    assert.equal(byId.get(book.pk)?.title, "New");
    await Publisher.objects.bulkCreate([
      new Publisher({ name: "X" }),
      new Publisher({ name: "Y" }),
    ]);
    assert.deepEqual(await Publisher.objects.valuesList("name", { flat: true }), [
      "Faber",
      "X",
      "Y",
    ]);
  });

  test("update returns the number of rows and can filter across joins", async () => {
    assert.equal(await Book.objects.filter({ author__name: "Ann" }).update({ pages: 1 }), 3);
    assert.deepEqual(
      await Book.objects.orderBy("title").valuesList("pages", { flat: true }),
      [10, 20, 1, 1, 1],
    );
    assert.equal(await Book.objects.filter({ title: "Z" }).update({ pages: 2 }), 0);
  });

  test("earliest / latest", async () => {
    await Book.objects.filter({ title: "B" }).update({ published: utc("2020-01-01T00:00:00") });
    await Book.objects.filter({ title: "D" }).update({ published: utc("2021-01-01T00:00:00") });
    const withDates = Book.objects.filter({ published__isnull: false });
    assert.equal((await withDates.latest("published")).title, "D");
    assert.equal((await withDates.earliest("published")).title, "B");
  });

  test("a QuerySet can be built directly and on another alias", async () => {
    const query = new QuerySet(Book).filter({ title: "A" });
    assert.equal((await query)[0]?.title, "A");
    await assert.rejects(query.using("missing").count(), { code: "DJANGO_E_DB_CONFIG" });
  });

  test("instances from the database compare by pk and print like Django's", async () => {
    const question = await Question.objects.create({ questionText: "Why?", pubDate: new Date() });
    assert.equal(String(question), "Why?");
    assert.equal(String(await Author.objects.get({ name: "Ann" })), `Author object (${ann.pk})`);
    assert.deepEqual(JSON.parse(JSON.stringify(await Author.objects.get({ pk: ann.pk }))), {
      id: ann.pk,
      name: "Ann",
      email: "",
      active: true,
      bio: "",
      born: null,
    });
  });
});
