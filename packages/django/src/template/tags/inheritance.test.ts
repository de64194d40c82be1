import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Engine } from "../engine.ts";
import { TemplateDoesNotExist, TemplateSyntaxError } from "../errors.ts";
import { MemoryLoader } from "../loaders.ts";

const templates = {
  "base.html":
    "<title>{% block title %}Site{% endblock %}</title>" +
    "<main>{% block content %}base content{% endblock content %}</main>" +
    "<footer>{% block footer %}(c){% endblock %}</footer>",
  "section.html":
    '{% extends "base.html" %}' +
    "{% block title %}Section | {{ block.super }}{% endblock %}" +
    "{% block content %}<section>{% block inner %}section inner{% endblock %}</section>{% endblock %}",
  "page.html":
    "{% extends parent %}ignored text outside blocks" +
    "{% block title %}{{ page }} | {{ block.super }}{% endblock %}" +
    "{% block inner %}[{{ block.super }}] page inner{% endblock %}",
  "nav.html": "<nav>{{ user|default:'anon' }}{% if extra %} {{ extra }}{% endif %}</nav>",
  "card.html": "<div>{% block body %}card{% endblock %}</div>",
  "loopy.html": "{% for i in items %}{% include 'item.html' %}{% endfor %}",
  "item.html": "<li>{{ forloop.counter }}:{{ i }}</li>",
  "uses-nav.html":
    "{% include 'nav.html' %}|{% include 'nav.html' with user='bob' extra=1 %}|{% include 'nav.html' with extra=2 only %}",
  "includes-child.html": "{% include 'section.html' %}",
  "bad-parent.html": "{% extends 'missing.html' %}",
  "selfish.html": "{% extends 'selfish.html' %}",
};

const engine = () => new Engine({ loaders: [new MemoryLoader(templates)] });

describe("extends and block", () => {
  test("three levels deep with block.super at each level, text outside blocks ignored", async () => {
    const page = await engine().getTemplate("page.html");
    const out = await page.render({ parent: "section.html", page: "Home" });
    assert.equal(
      out,
      "<title>Home | Section | Site</title><main><section>[section inner] page inner</section></main><footer>(c)</footer>",
    );
  });

  test("extends accepts a compiled template as its variable", async () => {
    const e = engine();
    const parent = await e.getTemplate("base.html");
    const child = e.fromString(
      "{% extends parent %}{% block footer %}{{ block.super }}!{% endblock %}",
    );
    assert.equal(
      await child.render({ parent }),
      "<title>Site</title><main>base content</main><footer>(c)!</footer>",
    );
  });

  test("block.super in a template without a parent renders nothing", async () => {
    assert.equal(
      await engine().fromString("{% block a %}[{{ block.super }}]x{% endblock %}").render(),
      "[]x",
    );
  });

  test("an included template can itself extend another", async () => {
    const out = await (await engine().getTemplate("includes-child.html")).render();
    assert.equal(
      out,
      "<title>Section | Site</title><main><section>section inner</section></main><footer>(c)</footer>",
    );
  });

  test("extends must be first, once, with one argument", () => {
    const e = engine();
    assert.throws(() => e.fromString("{{ x }}{% extends 'base.html' %}"), /must be the first tag/);
    assert.throws(() => e.fromString("{% extends 'a' %}{% extends 'b' %}"), /more than once/);
    assert.throws(() => e.fromString("{% extends %}"), /takes one argument/);
    assert.throws(
      () => e.fromString("{% block a %}{% endblock %}{% block a %}{% endblock %}"),
      /appears more than once/,
    );
    assert.throws(() => e.fromString("{% block a %}{% endblock b %}"), TemplateSyntaxError);
  });

  test("a missing parent raises TemplateDoesNotExist; self-extension is skipped, not looped", async () => {
    const e = engine();
    await assert.rejects((await e.getTemplate("bad-parent.html")).render(), TemplateDoesNotExist);
    await assert.rejects((await e.getTemplate("selfish.html")).render(), (error: unknown) => {
      assert.ok(error instanceof TemplateDoesNotExist);
      assert.deepEqual(error.tried, [
        { name: "memory:selfish.html", status: "Skipped to avoid recursion" },
      ]);
      return true;
    });
  });

  test("a template may extend one of the same name from a later loader", async () => {
    const e = new Engine({
      loaders: [
        new MemoryLoader({
          "base.html":
            "{% extends 'base.html' %}{% block b %}override+{{ block.super }}{% endblock %}",
        }),
        {
          getTemplateSources: (name) => [`app:${name}`],
          getContents: async (o) =>
            o === "app:base.html" ? "<{% block b %}app{% endblock %}>" : undefined,
        },
      ],
    });
    assert.equal(await (await e.getTemplate("base.html")).render(), "<override+app>");
  });
});

describe("include", () => {
  test("shares the context, adds `with` values, and isolates with `only`", async () => {
    const out = await (await engine().getTemplate("uses-nav.html")).render({ user: "ada" });
    assert.equal(out, "<nav>ada</nav>|<nav>bob 1</nav>|<nav>anon 2</nav>");
  });

  test("sees loop variables and forloop", async () => {
    const out = await (await engine().getTemplate("loopy.html")).render({ items: ["a", "b"] });
    assert.equal(out, "<li>1:a</li><li>2:b</li>");
  });

  test("accepts a variable naming the template, or a list of candidates", async () => {
    const e = engine();
    assert.equal(
      await e.fromString("{% include name %}").render({ name: "nav.html" }),
      "<nav>anon</nav>",
    );
    assert.equal(
      await e.fromString("{% include names %}").render({ names: ["nope.html", "nav.html"] }),
      "<nav>anon</nav>",
    );
  });

  test("a missing template raises TemplateDoesNotExist; bad options are syntax errors", async () => {
    const e = engine();
    await assert.rejects(e.fromString("{% include 'nope.html' %}").render(), TemplateDoesNotExist);
    assert.throws(
      () => e.fromString("{% include 'a' with %}"),
      /needs at least one keyword argument/,
    );
    assert.throws(() => e.fromString("{% include 'a' only only %}"), /specified more than once/);
    assert.throws(() => e.fromString("{% include 'a' bogus %}"), /Unknown argument/);
  });
});
