import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { defineApp } from "../apps.ts";
import { closeAllConnections } from "../connections.ts";
import { BooleanField, CharField, IntegerField } from "../fields/scalar.ts";
import { createTestDatabase } from "../testing.ts";
import { Manager } from "./manager.ts";
import type { Field } from "../fields/field.ts";
import { Model } from "./model.ts";
import type { ModelMetaOptions } from "./options.ts";
import type { QuerySet } from "../query/queryset.ts";

class PublishedManager extends Manager<Article> {
  override getQueryset(): QuerySet<Article> {
    return super.getQueryset().filter({ published: true });
  }
}

/**
 * An abstract base contributes fields to its subclasses. Typing its statics as the general
 * types lets subclasses declare their own (with `override`).
 */
class Timestamped extends Model {
  static fields: Record<string, Field> = { revision: new IntegerField({ default: 1 }) };
  static meta: ModelMetaOptions = { abstract: true };
  declare revision: number;
}

class Article extends Timestamped {
  static override fields = {
    title: new CharField({ maxLength: 50 }),
    published: new BooleanField({ default: false }),
  };
  static override meta = { appLabel: "blog", ordering: ["title"] };
  static published = new PublishedManager(this);
  static drafts = new Manager<Article>();
  declare static objects: Manager<Article>;
  declare id: number;
  declare title: string;
  declare published: boolean;
}

const blog = defineApp({ label: "blog", models: [Article] });

before(() => createTestDatabase({ apps: [blog] }));
after(() => closeAllConnections());

describe("managers and model definitions", () => {
  test("a custom manager narrows getQueryset; the default manager sees everything", async () => {
    await Article.objects.create({ title: "b", published: true });
    await Article.objects.create({ title: "a" });
    assert.deepEqual(
      (await Article.published.all()).map((a) => a.title),
      ["b"],
    );
    assert.equal(await Article.published.count(), 1);
    assert.equal(await Article.objects.count(), 2);
    assert.equal(
      await Article.drafts.filter({ published: false }).count(),
      1,
      "bound on preparation",
    );
    assert.ok(Article.objects instanceof Manager);
    assert.equal(Article.objects, Article.objects, "one default manager per class");
  });

  test("abstract parents contribute fields; abstract models cannot be queried", async () => {
    assert.deepEqual(
      Article.getMeta().fields.map((field) => field.name),
      ["id", "revision", "title", "published"],
    );
    assert.equal((await Article.objects.create({ title: "c" })).revision, 1);
    assert.throws(() => Timestamped.getMeta(), { code: "DJANGO_E_DB_CONFIG" });
  });

  test("bad model definitions fail with clear errors", () => {
    class NoApp extends Model {
      static fields = { x: new IntegerField() };
    }
    assert.throws(() => NoApp.getMeta(), /appLabel/);
    class Clash extends Model {
      static fields = { save: new IntegerField() };
      static meta = { appLabel: "blog" };
    }
    assert.throws(() => Clash.getMeta(), /clashes with a Model member/);
    class Child extends Article {
      static override meta = { appLabel: "blog", ordering: ["title"] };
    }
    assert.throws(() => Child.getMeta(), /multi-table inheritance/);
    assert.throws(() => defineApp({ label: "other", models: [Article] }), /appLabel 'blog'/);
    assert.throws(() => new Manager().model, /not attached/);
  });

  test("table and column names are snake_case", () => {
    const meta = Article.getMeta();
    assert.equal(meta.dbTable, "blog_article");
    assert.equal(meta.label, "blog.Article");
    assert.equal(meta.verboseNamePlural, "articles");
  });
});
