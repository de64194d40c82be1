import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { renderString } from "../_test-helpers.ts";
import { Engine } from "../engine.ts";
import type { UrlResolver } from "../engine.ts";
import { MemoryLoader } from "../loaders.ts";
import { templateDebugOf } from "../nodes.ts";
import { TemplateRenderError } from "../errors.ts";
import { quote, staticPath } from "./web.ts";

class NoReverseMatch extends Error {
  override name = "NoReverseMatch";
}

/** The hook contract: (viewName, args, kwargs, currentApp) → path, or throw NoReverseMatch. */
const calls: unknown[][] = [];
const urlResolver: UrlResolver = (viewName, args, kwargs, currentApp) => {
  calls.push([viewName, args, kwargs, currentApp]);
  if (viewName === "polls:detail") return `/polls/${String(args[0] ?? kwargs.pk)}/`;
  if (viewName === "search") return `/search/?q=${String(kwargs.q)}&x=<y>`;
  throw new NoReverseMatch(`Reverse for '${viewName}' not found.`);
};

describe("{% url %}", () => {
  test("passes the name, positional and keyword arguments to the engine's urlResolver", async () => {
    calls.length = 0;
    const out = await renderString(
      "{% url 'polls:detail' question.id %} {% url name pk=7 %}",
      {
        question: { id: 5 },
        name: "polls:detail",
      },
      { urlResolver },
    );
    assert.equal(out, "/polls/5/ /polls/7/");
    assert.deepEqual(calls, [
      ["polls:detail", [5], {}, undefined],
      ["polls:detail", [], { pk: 7 }, undefined],
    ]);
  });

  test("escapes the URL, and passes the request's current app", async () => {
    calls.length = 0;
    const out = await renderString(
      "{% url 'search' q='a' %}",
      { request: { resolverMatch: { namespace: "polls" } } },
      {
        urlResolver,
      },
    );
    assert.equal(out, "/search/?q=a&amp;x=&lt;y&gt;");
    assert.equal(calls[0]![3], "polls");
  });

  test("`as var` stores the URL, and stores '' instead of raising NoReverseMatch", async () => {
    const out = await renderString(
      "{% url 'polls:detail' 1 as link %}[{{ link }}]{% url 'nope' as missing %}[{{ missing }}]",
      {},
      { urlResolver },
    );
    assert.equal(out, "[/polls/1/][]");
  });

  test("a render error records the template and line of the tag that raised it", async () => {
    const engine = new Engine({
      urlResolver,
      loaders: [new MemoryLoader({ "page.html": "ok\n\n{% url 'nope' %}" })],
    });
    const error = await (await engine.getTemplate("page.html")).render().catch((e: unknown) => e);
    assert.ok(error instanceof NoReverseMatch);
    assert.deepEqual(templateDebugOf(error), { templateName: "page.html", line: 3 });
  });

  test("without `as`, NoReverseMatch propagates; without a resolver, a render error", async () => {
    await assert.rejects(renderString("{% url 'nope' %}", {}, { urlResolver }), NoReverseMatch);
    await assert.rejects(renderString("{% url 'polls:detail' 1 %}"), TemplateRenderError);
  });
});

describe("{% csrf_token %}", () => {
  test("renders the hidden input from the csrf_token context value", async () => {
    assert.equal(
      await renderString("{% csrf_token %}", { csrf_token: 'abc"123' }),
      '<input type="hidden" name="csrfmiddlewaretoken" value="abc&quot;123">',
    );
    const lazy = { csrf_token: () => Promise.resolve("lazy") };
    assert.match(await renderString("{% csrf_token %}", lazy), /value="lazy"/);
  });

  test("renders nothing without a token, warning only in debug mode", async () => {
    const warnings: string[] = [];
    const onWarning = (message: string) => warnings.push(message);
    assert.equal(await renderString("[{% csrf_token %}]", {}, { onWarning }), "[]");
    assert.equal(warnings.length, 0);
    assert.equal(await renderString("[{% csrf_token %}]", {}, { onWarning, debug: true }), "[]");
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /csrf_token/);
    assert.equal(await renderString("[{% csrf_token %}]", { csrf_token: "NOTPROVIDED" }), "[]");
  });
});

describe("{% static %}", () => {
  test("needs {% load static %} and joins staticUrl with a quoted path", async () => {
    const options = { staticUrl: "/static/" };
    assert.equal(
      await renderString(
        "{% load static %}{% static 'polls/style.css' %} {% static name %}",
        { name: "a b&c.png" },
        options,
      ),
      "/static/polls/style.css /static/a%20b%26c.png",
    );
    assert.equal(
      await renderString(
        "{% load static %}{% static 'x.js' as js %}<{{ js }}>",
        {},
        { staticUrl: "https://cdn/s" },
      ),
      "<https://cdn/s/x.js>",
    );
    assert.throws(
      () => renderString("{% static 'x' %}", {}, options),
      /Invalid block tag.*'static'/,
    );
    await assert.rejects(renderString("{% load static %}{% static 'x' %}"), TemplateRenderError);
  });

  test("quote and staticPath follow Python's quote with safe='/'", () => {
    assert.equal(quote("a/b c/é~_.-"), "a/b%20c/%C3%A9~_.-");
    assert.equal(quote("/a", ""), "%2Fa");
    assert.equal(staticPath("/static", "/img.png"), "/static/img.png");
  });
});
