// Models shared by the ORM's tests: the polls tutorial models, and a small library app that
// exercises every field type and every onDelete behaviour. Not part of the public API.
import { after, before, beforeEach } from "node:test";
import { defineApp } from "../apps.ts";
import { closeAllConnections, configureDatabases } from "../connections.ts";
import { DateField, DateTimeField } from "../fields/datetime.ts";
import { CASCADE, ForeignKey, PROTECT, RESTRICT, SET_NULL } from "../fields/related.ts";
import { BooleanField, CharField, EmailField, IntegerField, TextField } from "../fields/scalar.ts";
import { makeInitialMigration } from "../migrations/autodetector.ts";
import type { Manager } from "../models/manager.ts";
import { Model } from "../models/model.ts";
import type { RelatedManager, RelatedObject } from "../models/related-descriptors.ts";
import { createTestDatabase, destroyTestDatabase, flushDatabase } from "../testing.ts";

export class Question extends Model {
  static fields = {
    questionText: new CharField({ maxLength: 200 }),
    pubDate: new DateTimeField({ verboseName: "date published" }),
  };
  static meta = { appLabel: "polls" };
  declare static objects: Manager<Question>;
  declare id: number;
  declare questionText: string;
  declare pubDate: Date;
  declare choiceSet: RelatedManager<Choice>;

  wasPublishedRecently(now = new Date()): boolean {
    const dayAgo = new Date(now.getTime() - 24 * 3600 * 1000);
    return dayAgo <= this.pubDate && this.pubDate <= now;
  }

  override toString(): string {
    return this.questionText;
  }
}

export class Choice extends Model {
  static fields = {
    question: new ForeignKey(() => Question, { onDelete: CASCADE }),
    choiceText: new CharField({ maxLength: 200 }),
    votes: new IntegerField({ default: 0 }),
  };
  static meta = { appLabel: "polls" };
  declare static objects: Manager<Choice>;
  declare id: number;
  declare question: RelatedObject<Question>;
  declare questionId: number;
  declare choiceText: string;
  declare votes: number;
}

export class Publisher extends Model {
  static fields = { name: new CharField({ maxLength: 100, unique: true }) };
  static meta = { appLabel: "library", ordering: ["name"] };
  declare static objects: Manager<Publisher>;
  declare id: number;
  declare name: string;
}

export class Author extends Model {
  static fields = {
    name: new CharField({ maxLength: 100 }),
    email: new EmailField({ blank: true }),
    active: new BooleanField({ default: true }),
    bio: new TextField({ blank: true }),
    born: new DateField({ null: true, blank: true }),
  };
  static meta = { appLabel: "library" };
  declare static objects: Manager<Author>;
  declare id: number;
  declare name: string;
  declare email: string;
  declare active: boolean;
  declare bio: string;
  declare born: Date | null;
  declare books: RelatedManager<Book>;
  declare editedBooks: RelatedManager<Book>;
}

export class Book extends Model {
  static fields = {
    title: new CharField({ maxLength: 100 }),
    pages: new IntegerField({ null: true, blank: true }),
    published: new DateTimeField({ null: true, blank: true }),
    author: new ForeignKey("library.Author", { onDelete: PROTECT, relatedName: "books" }),
    editor: new ForeignKey("Author", {
      onDelete: SET_NULL,
      null: true,
      blank: true,
      relatedName: "editedBooks",
      relatedQueryName: "edited",
    }),
    publisher: new ForeignKey(() => Publisher, { onDelete: CASCADE, null: true, blank: true }),
  };
  static meta = { appLabel: "library", ordering: ["title"] };
  declare static objects: Manager<Book>;
  declare id: number;
  declare title: string;
  declare pages: number | null;
  declare published: Date | null;
  declare author: RelatedObject<Author>;
  declare authorId: number;
  declare editor: RelatedObject<Author | null>;
  declare editorId: number | null;
  declare publisher: RelatedObject<Publisher | null>;
  declare publisherId: number | null;
}

export class Edition extends Model {
  static fields = {
    book: new ForeignKey(() => Book, { onDelete: CASCADE }),
    publisher: new ForeignKey(() => Publisher, { onDelete: RESTRICT }),
    year: new IntegerField(),
  };
  static meta = { appLabel: "library" };
  declare static objects: Manager<Edition>;
  declare id: number;
  declare bookId: number;
  declare publisherId: number;
  declare year: number;
}

export class Review extends Model {
  static fields = {
    book: new ForeignKey(() => Book, { onDelete: CASCADE }),
    rating: new IntegerField({
      choices: [
        [1, "Poor"],
        [2, "Fine"],
        [3, "Great"],
      ],
    }),
    created: new DateTimeField({ autoNowAdd: true }),
    updated: new DateTimeField({ autoNow: true }),
  };
  static meta = { appLabel: "library" };
  declare static objects: Manager<Review>;
  declare id: number;
  declare bookId: number;
  declare rating: number;
  declare created: Date;
  declare updated: Date;
}

/** The polls app, with an initial migration generated from its models. */
export const pollsApp = defineApp({
  label: "polls",
  models: [Question, Choice],
  migrations: { "0001_initial": makeInitialMigration([Question, Choice]) },
});

/** The library app, without migrations (tables come from the models, like --run-syncdb). */
export const libraryApp = defineApp({
  label: "library",
  models: [Publisher, Author, Book, Edition, Review],
});

/** Registers node:test hooks: a migrated test database (in-memory SQLite, or PostgreSQL when TSGI_TEST_DATABASE_URL is set), emptied before each test. */
export function useTestDatabase(): void {
  before(async () => {
    configureDatabases({ default: { ENGINE: "sqlite", NAME: ":memory:" } });
    // PostgreSQL instead when TSGI_TEST_DATABASE_URL is set.
    await createTestDatabase({ apps: [pollsApp, libraryApp] });
  });
  beforeEach(() => flushDatabase());
  after(async () => {
    await destroyTestDatabase();
    await closeAllConnections();
  });
}

/** `new Date` for a UTC date-time given as ISO text. */
export function utc(iso: string): Date {
  return new Date(iso.endsWith("Z") ? iso : `${iso}Z`);
}
