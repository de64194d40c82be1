import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import { Author, Book, Choice, Question, useTestDatabase, utc } from "../_fixtures/models.ts";
import { F } from "./expressions.ts";

useTestDatabase();

async function titles(query: PromiseLike<Book[]>): Promise<string[]> {
  return (await query).map((book) => book.title).sort();
}

beforeEach(async () => {
  const ann = await Author.objects.create({ name: "Ann" });
  const bob = await Author.objects.create({ name: "Bob", active: false });
  await Book.objects.create({
    title: "Alpha",
    pages: 100,
    author: ann,
    published: utc("2024-03-15T12:00:00"),
  });
  await Book.objects.create({
    title: "alphabet",
    pages: 250,
    author: ann,
    published: utc("2025-12-31T23:59:59"),
  });
  await Book.objects.create({
    title: "Beta 100%",
    pages: null,
    author: bob,
    published: utc("2026-01-01T00:00:00"),
  });
  await Book.objects.create({ title: "Gamma_ray*", pages: 50, author: bob, editor: ann });
});

describe("lookups", () => {
  test("exact (implicit and explicit) and iexact", async () => {
    assert.deepEqual(await titles(Book.objects.filter({ title: "Alpha" })), ["Alpha"]);
    assert.deepEqual(await titles(Book.objects.filter({ title__exact: "alpha" })), []);
    assert.deepEqual(await titles(Book.objects.filter({ title__iexact: "ALPHA" })), ["Alpha"]);
    assert.deepEqual(await titles(Book.objects.filter({ pages: null })), ["Beta 100%"]);
  });

  test("contains is case-sensitive, icontains is not", async () => {
    assert.deepEqual(await titles(Book.objects.filter({ title__contains: "lpha" })), [
      "Alpha",
      "alphabet",
    ]);
    assert.deepEqual(await titles(Book.objects.filter({ title__contains: "ALPHA" })), []);
    assert.deepEqual(await titles(Book.objects.filter({ title__icontains: "ALPHA" })), [
      "Alpha",
      "alphabet",
    ]);
  });

  test("startswith / istartswith / endswith / iendswith", async () => {
    assert.deepEqual(await titles(Book.objects.filter({ title__startswith: "alpha" })), [
      "alphabet",
    ]);
    assert.deepEqual(await titles(Book.objects.filter({ title__istartswith: "alpha" })), [
      "Alpha",
      "alphabet",
    ]);
    assert.deepEqual(await titles(Book.objects.filter({ title__endswith: "bet" })), ["alphabet"]);
    assert.deepEqual(await titles(Book.objects.filter({ title__iendswith: "HA" })), ["Alpha"]);
  });

  test("pattern characters in values match literally", async () => {
    assert.deepEqual(await titles(Book.objects.filter({ title__contains: "%" })), ["Beta 100%"]);
    assert.deepEqual(await titles(Book.objects.filter({ title__icontains: "_" })), ["Gamma_ray*"]);
    assert.deepEqual(await titles(Book.objects.filter({ title__endswith: "*" })), ["Gamma_ray*"]);
    assert.deepEqual(await titles(Book.objects.filter({ title__contains: "a*" })), []);
    assert.deepEqual(await titles(Book.objects.filter({ title__startswith: "?" })), []);
  });

  test("gt / gte / lt / lte and range", async () => {
    assert.deepEqual(await titles(Book.objects.filter({ pages__gt: 100 })), ["alphabet"]);
    assert.deepEqual(await titles(Book.objects.filter({ pages__gte: 100 })), ["Alpha", "alphabet"]);
    assert.deepEqual(await titles(Book.objects.filter({ pages__lt: 100 })), ["Gamma_ray*"]);
    assert.deepEqual(await titles(Book.objects.filter({ pages__lte: "100" })), [
      "Alpha",
      "Gamma_ray*",
    ]);
    assert.deepEqual(await titles(Book.objects.filter({ pages__range: [60, 260] })), [
      "Alpha",
      "alphabet",
    ]);
    assert.deepEqual(
      await titles(Book.objects.filter({ published__lt: utc("2025-01-01T00:00:00") })),
      ["Alpha"],
    );
  });

  test("in with arrays, empty arrays, Sets and QuerySets", async () => {
    assert.deepEqual(await titles(Book.objects.filter({ pages__in: [50, 250, null] })), [
      "Gamma_ray*",
      "alphabet",
    ]);
    assert.deepEqual(await titles(Book.objects.filter({ pages__in: [] })), []);
    assert.deepEqual(await titles(Book.objects.filter({ title__in: new Set(["Alpha"]) })), [
      "Alpha",
    ]);
    const inactive = Author.objects.filter({ active: false });
    assert.deepEqual(await titles(Book.objects.filter({ author__in: inactive })), [
      "Beta 100%",
      "Gamma_ray*",
    ]);
    const names = Author.objects.filter({ active: true }).valuesList("id", { flat: true });
    assert.deepEqual(await titles(Book.objects.filter({ editor__in: names })), ["Gamma_ray*"]);
    assert.deepEqual(await titles(Book.objects.exclude({ pages__in: [] })), [
      "Alpha",
      "Beta 100%",
      "Gamma_ray*",
      "alphabet",
    ]);
  });

  test("isnull", async () => {
    assert.deepEqual(await titles(Book.objects.filter({ pages__isnull: true })), ["Beta 100%"]);
    assert.deepEqual(await titles(Book.objects.filter({ editor__isnull: false })), ["Gamma_ray*"]);
    assert.throws(() => Book.objects.filter({ pages__isnull: "yes" }).toSql(), {
      code: "DJANGO_E_DB_FIELD",
    });
  });

  test("year, month and day (UTC) with comparisons", async () => {
    assert.deepEqual(await titles(Book.objects.filter({ published__year: 2025 })), ["alphabet"]);
    assert.deepEqual(await titles(Book.objects.filter({ published__year__gte: 2025 })), [
      "Beta 100%",
      "alphabet",
    ]);
    assert.deepEqual(await titles(Book.objects.filter({ published__year__gt: 2025 })), [
      "Beta 100%",
    ]);
    assert.deepEqual(await titles(Book.objects.filter({ published__year__lt: 2025 })), ["Alpha"]);
    assert.deepEqual(await titles(Book.objects.filter({ published__year__lte: 2025 })), [
      "Alpha",
      "alphabet",
    ]);
    assert.deepEqual(await titles(Book.objects.filter({ published__month: 3 })), ["Alpha"]);
    assert.deepEqual(await titles(Book.objects.filter({ published__month__in: [1, 12] })), [
      "Beta 100%",
      "alphabet",
    ]);
    assert.deepEqual(await titles(Book.objects.filter({ published__day: 31 })), ["alphabet"]);
    assert.deepEqual(await titles(Book.objects.filter({ published__hour__gte: 12 })), [
      "Alpha",
      "alphabet",
    ]);
  });

  test("F expressions compare columns", async () => {
    const question = await Question.objects.create({ questionText: "q", pubDate: new Date() });
    await Choice.objects.create({ question, choiceText: "a", votes: 3 });
    await Choice.objects.create({ question, choiceText: "b", votes: 0 });
    const found = await Choice.objects.filter({ votes__gt: F("question__id") });
    assert.deepEqual(
      found.map((c) => c.choiceText),
      ["a"],
    );
  });

  test("unknown fields and lookups raise FieldError naming the choices", () => {
    assert.throws(
      () => Book.objects.filter({ nope: 1 }).toSql(),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, "DJANGO_E_DB_FIELD");
        assert.match(error.message, /Cannot resolve keyword 'nope'.*title/);
        return true;
      },
    );
    assert.throws(
      () => Book.objects.filter({ title__regexish: "x" }).toSql(),
      /Unsupported lookup 'regexish'/,
    );
    assert.throws(() => Book.objects.filter({ pages__gt: null }).toSql(), /null/);
  });

  test("values are bound as parameters, never spliced into SQL", async () => {
    const hostile = `x' OR 1=1; DROP TABLE library_book; --`;
    assert.deepEqual(await titles(Book.objects.filter({ title: hostile })), []);
    assert.deepEqual(await titles(Book.objects.filter({ title__icontains: hostile })), []);
    const { sql, params } = Book.objects.filter({ title: hostile }).toSql();
    assert.equal(sql.includes("DROP"), false);
    assert.deepEqual(params, [hostile]);
    assert.equal(await Book.objects.count(), 4);
  });
});
