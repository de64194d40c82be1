import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { renderString } from "./_test-helpers.ts";
import { TemplateSyntaxError } from "./errors.ts";
import { markSafe } from "./safe.ts";

describe("variable lookup", () => {
  test("dictionary key, property, getter, array index and string index", async () => {
    class User {
      constructor(private readonly first: string) {}
      get name() {
        return this.first;
      }
    }
    const out = await renderString("{{ d.k }} {{ u.name }} {{ list.1 }} {{ word.0 }} {{ m.key }}", {
      d: { k: "v" },
      u: new User("Ada"),
      list: ["a", "b"],
      word: "xyz",
      m: new Map([["key", "from-map"]]),
    });
    assert.equal(out, "v Ada b x from-map");
  });

  test("mapping lookup (has/get) comes before attributes, as dict lookup in Django", async () => {
    const query = new URLSearchParams("page=3&size=2");
    assert.equal(await renderString("{{ q.page }}/{{ q.size }}", { q: query }), "3/2");
  });

  test("zero-argument methods are called with their object as this", async () => {
    const question = {
      text: "What's up?",
      shout() {
        return this.text.toUpperCase();
      },
      needsArg(x: number) {
        return x;
      },
    };
    const out = await renderString("{{ q.shout }}|{{ q.needsArg }}|", { q: question });
    assert.equal(out, "WHAT&#x27;S UP?||");
  });

  test("altersData methods are not called; doNotCallInTemplates returns the function", async () => {
    let deleted = false;
    const remove = Object.assign(() => (deleted = true), { altersData: true });
    const label = Object.assign(() => "called", {
      doNotCallInTemplates: true,
      toString: () => "kept",
    });
    const out = await renderString("[{{ obj.delete }}][{{ obj.label }}]", {
      obj: { delete: remove, label },
    });
    assert.equal(out, "[][kept]");
    assert.equal(deleted, false);
  });

  test("thenables are awaited at each step and at the end", async () => {
    const choice = { text: "Yes", question: Promise.resolve({ title: "Q1" }) };
    const out = await renderString("{{ c.question.title }} {{ later }}", {
      c: choice,
      later: Promise.resolve("done"),
    });
    assert.equal(out, "Q1 done");
  });

  test("a name the thenable itself has is looked up on it (qs.count), others on its rows", async () => {
    class FakeQuerySet {
      constructor(private readonly rows: string[]) {}
      count() {
        return Promise.resolve(this.rows.length);
      }
      then<T>(resolve: (rows: string[]) => T) {
        return Promise.resolve(this.rows).then(resolve);
      }
    }
    const manager = { all: () => new FakeQuerySet(["a", "b", "c"]) };
    const out = await renderString("{{ m.all.count }} {{ m.all.0 }} {{ m.all|length }}", {
      m: manager,
    });
    assert.equal(out, "3 a 3");
  });

  test("errors propagate, unless flagged silentVariableFailure or ObjectDoesNotExist", async () => {
    const silent = Object.assign(new Error("no profile"), { silentVariableFailure: true });
    const doesNotExist = Object.assign(new Error("gone"), { code: "DJANGO_E_DB_DOES_NOT_EXIST" });
    const user = {
      get profile(): never {
        throw silent;
      },
      question: () => Promise.reject(doesNotExist),
      get broken(): never {
        throw new Error("bug");
      },
    };
    assert.equal(
      await renderString("[{{ u.profile.bio }}][{{ u.question.text }}]", { u: user }),
      "[][]",
    );
    await assert.rejects(renderString("{{ u.broken }}", { u: user }), /bug/);
  });

  test("missing values render stringIfInvalid and never throw", async () => {
    assert.equal(
      await renderString("[{{ nope }}][{{ a.b.c }}][{{ n.x }}]", { a: {}, n: null }),
      "[][][]",
    );
    const out = await renderString(
      "[{{ nope }}][{{ nope|upper }}]",
      {},
      { stringIfInvalid: "INVALID(%s)" },
    );
    assert.equal(out, "[INVALID(nope)][INVALID(nope)]");
  });

  test("None/True/False, numbers, dates and safe strings render as Django shows them", async () => {
    const out = await renderString("{{ n }} {{ t }} {{ f }} {{ i }} {{ d }} {{ s }} {{ None }}", {
      n: null,
      t: true,
      f: false,
      i: 3.5,
      d: new Date(Date.UTC(2026, 10, 25, 15, 30)),
      s: markSafe("<b>"),
    });
    assert.equal(out, "None True False 3.5 Nov. 25, 2026, 3:30 p.m. <b> None");
  });

  test("plain objects and Maps offer Python's items/keys/values", async () => {
    const out = await renderString(
      "{% for k, v in d.items %}{{ k }}={{ v }};{% endfor %}{{ m.keys|join:',' }}",
      {
        d: { a: 1, b: 2 },
        m: new Map([
          ["x", 1],
          ["y", 2],
        ]),
      },
    );
    assert.equal(out, "a=1;b=2;x,y");
  });

  test("literals: strings are safe, numbers parse", async () => {
    assert.equal(
      await renderString(`{{ "<i>" }} {{ 42 }} {{ 1.5 }} {{ _("hi") }}`),
      "<i> 42 1.5 hi",
    );
  });

  test("names starting with an underscore or reaching constructor are refused", async () => {
    assert.throws(() => renderString("{{ a._secret }}"), TemplateSyntaxError);
    assert.equal(await renderString("[{{ a.constructor }}]", { a: {} }), "[]");
  });
});
