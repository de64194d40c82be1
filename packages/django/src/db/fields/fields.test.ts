import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Author, Book, Question, Review, useTestDatabase, utc } from "../_fixtures/models.ts";
import { ValidationError } from "../errors.ts";
import { DateField, DateTimeField } from "./datetime.ts";
import { ForeignKey, SET_NULL } from "./related.ts";
import {
  AutoField,
  BooleanField,
  CharField,
  EmailField,
  FloatField,
  IntegerField,
  TextField,
} from "./scalar.ts";

useTestDatabase();

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ValidationError, `expected ValidationError, got ${String(error)}`);
    return error.validationCode;
  }
  return undefined;
}

describe("field conversion", () => {
  test("IntegerField accepts integers and integer strings, rejects the rest", () => {
    const field = new IntegerField();
    assert.equal(field.toPython("42"), 42);
    assert.equal(field.toPython(7), 7);
    assert.equal(field.toPython(""), null);
    assert.equal(
      codeOf(() => field.toPython("4.5")),
      "invalid",
    );
    assert.equal(
      codeOf(() => field.toPython("abc")),
      "invalid",
    );
    assert.equal(
      codeOf(() => field.toPython(2 ** 60)),
      "invalid",
    );
  });

  test("FloatField, TextField and BooleanField convert their inputs", () => {
    assert.equal(new FloatField().toPython(" 2.5 "), 2.5);
    assert.equal(
      codeOf(() => new FloatField().toPython("x")),
      "invalid",
    );
    assert.equal(new TextField().toPython(12), "12");
    const bool = new BooleanField();
    assert.equal(bool.toPython("true"), true);
    assert.equal(bool.toPython(0), false);
    assert.equal(bool.fromDb(1), true);
    assert.equal(
      codeOf(() => bool.toPython("maybe")),
      "invalid",
    );
  });

  test("DateTimeField parses ISO text and Dates; DateField keeps the day", () => {
    const field = new DateTimeField();
    assert.equal(field.toPython("2026-11-25T10:00:00Z")?.toISOString(), "2026-11-25T10:00:00.000Z");
    assert.equal(
      field.fromDb("2026-11-25 10:00:00.000Z")?.toISOString(),
      "2026-11-25T10:00:00.000Z",
    );
    assert.equal(
      codeOf(() => field.toPython("not a date")),
      "invalid",
    );
    const date = new DateField();
    assert.equal(date.toPython("2026-11-25T23:59:00Z")?.toISOString(), "2026-11-25T00:00:00.000Z");
    assert.equal(date.toDb(utc("2026-11-25T00:00:00")), "2026-11-25");
  });

  test("CharField requires maxLength; ForeignKey requires onDelete", () => {
    assert.throws(() => new CharField({} as never), TypeError);
    assert.throws(() => new ForeignKey("x.Y", {} as never), TypeError);
    assert.throws(() => new ForeignKey("x.Y", { onDelete: SET_NULL }), /null: true/);
  });

  test("deconstruct gives JSON-safe specs", () => {
    assert.deepEqual(new CharField({ maxLength: 20, blank: true, default: "" }).deconstruct(), {
      type: "CharField",
      blank: true,
      default: "",
      maxLength: 20,
    });
    assert.deepEqual(new AutoField().deconstruct(), { type: "AutoField" });
    assert.deepEqual(new DateTimeField({ autoNowAdd: true }).deconstruct(), {
      type: "DateTimeField",
      autoNowAdd: true,
    });
    const withFunctionDefault = new IntegerField({ default: () => 3 }).deconstruct();
    assert.equal("default" in withFunctionDefault, false);
    assert.deepEqual(Book.getMeta().getField("author")?.deconstruct(), {
      type: "ForeignKey",
      to: "library.Author",
      onDelete: "PROTECT",
      relatedName: "books",
    });
  });
});

describe("field validation", () => {
  test("CharField validates maxLength with code max_length", () => {
    const field = new CharField({ maxLength: 3 });
    assert.equal(field.clean("abc"), "abc");
    assert.equal(
      codeOf(() => field.clean("abcd")),
      "max_length",
    );
  });

  test("null, blank and choices are enforced", () => {
    assert.equal(
      codeOf(() => new IntegerField().clean(null)),
      "null",
    );
    assert.equal(
      codeOf(() => new TextField().clean("")),
      "blank",
    );
    assert.equal(new TextField({ blank: true }).clean(""), "");
    const choice = new IntegerField({ choices: [[1, "one"]] });
    assert.equal(choice.clean(1), 1);
    assert.equal(
      codeOf(() => choice.clean(2)),
      "invalid_choice",
    );
    assert.equal(choice.displayFor(1), "one");
  });

  test("EmailField validates the address; validators run after the checks", () => {
    assert.equal(
      codeOf(() => new EmailField().clean("nope")),
      "invalid",
    );
    assert.equal(new EmailField().clean("a@b.org"), "a@b.org");
    const even = new IntegerField({
      validators: [
        (value: number) => {
          if (value % 2) throw new ValidationError("odd", { code: "odd" });
        },
      ],
    });
    assert.equal(
      codeOf(() => even.clean(3)),
      "odd",
    );
    assert.equal(even.clean(4), 4);
  });

  test("ValidationError keeps a per-field dict and a flat message list", () => {
    const error = new ValidationError({ name: ["too long"], __all__: ["bad pair"] });
    assert.deepEqual(error.errorDict, { name: ["too long"], __all__: ["bad pair"] });
    assert.deepEqual(error.messages, ["too long", "bad pair"]);
    assert.equal(error.code, "DJANGO_E_DB_VALIDATION");
    assert.deepEqual(new ValidationError(["a", "b"]).messages, ["a", "b"]);
  });
});

describe("model instances", () => {
  test("defaults fill in; unknown fields are refused", () => {
    const author = new Author({ name: "Ann" });
    assert.equal(author.active, true);
    assert.equal(author.email, "");
    assert.equal(author.born, null);
    assert.equal(author.pk, null);
    assert.throws(() => new Author({ nmae: "typo" }), { code: "DJANGO_E_DB_FIELD" });
  });

  test("fullClean reports every invalid field at once", async () => {
    const question = new Question({ questionText: "x".repeat(201) });
    await assert.rejects(question.fullClean(), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(Object.keys(error.errorDict ?? {}).sort(), ["pubDate", "questionText"]);
      assert.match(
        error.errorDict?.questionText?.[0] ?? "",
        /at most 200 characters \(it has 201\)/,
      );
      return true;
    });
    await new Question({ questionText: "ok", pubDate: new Date() }).fullClean();
  });

  test("fullClean checks unique fields against the database and calls clean()", async () => {
    const { Publisher } = await import("../_fixtures/models.ts");
    await Publisher.objects.create({ name: "Penguin" });
    await assert.rejects(new Publisher({ name: "Penguin" }).fullClean(), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(error.errorDict, { name: ["Publisher with this name already exists."] });
      return true;
    });
    const existing = await Publisher.objects.get({ name: "Penguin" });
    await existing.fullClean();
    const question = new Question({ questionText: "No mark", pubDate: new Date() });
    question.clean = () => {
      throw new ValidationError("Questions end with ?");
    };
    await assert.rejects(question.fullClean(), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(error.errorDict, { __all__: ["Questions end with ?"] });
      return true;
    });
  });

  test("cleanFields converts values in place", async () => {
    const author = new Author({ name: "Bo", born: "1970-05-06" });
    await author.fullClean();
    assert.ok(author.born instanceof Date);
    assert.equal(author.born.toISOString(), "1970-05-06T00:00:00.000Z");
  });

  test("autoNowAdd and autoNow set timestamps on save", async () => {
    const author = await Author.objects.create({ name: "Cy" });
    const book = await Book.objects.create({ title: "T", author });
    const review = await Review.objects.create({ book, rating: 3 });
    assert.ok(review.created instanceof Date);
    const created = review.created.getTime();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await review.save();
    const fresh = await Review.objects.get({ pk: review.pk });
    assert.equal(fresh.created.getTime(), created);
    assert.ok(fresh.updated.getTime() > created);
    assert.equal(fresh.getDisplay("rating"), "Great");
  });

  test("values survive a round trip through SQLite with their JS types", async () => {
    const author = await Author.objects.create({
      name: "Di",
      active: false,
      born: utc("1980-01-02T00:00:00"),
    });
    const fresh = await Author.objects.get({ pk: author.pk });
    assert.equal(fresh.active, false);
    assert.equal(fresh.born?.toISOString(), "1980-01-02T00:00:00.000Z");
    const db = (await import("../connections.ts")).connections.get();
    const { rows } = await db.query(
      `SELECT "active", "born" FROM "library_author" WHERE "id" = ${db.ops.placeholder(1)}`,
      [author.id],
    );
    // SQLite stores booleans as 0/1; PostgreSQL has a boolean type.
    assert.deepEqual(rows[0], [db.vendor === "sqlite" ? 0 : false, "1980-01-02"]);
  });
});
