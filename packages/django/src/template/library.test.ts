import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Engine } from "./engine.ts";
import { TemplateSyntaxError } from "./errors.ts";
import { Library } from "./library.ts";
import { Node } from "./nodes.ts";
import type { NodeList } from "./nodes.ts";
import type { Context } from "./context.ts";
import { markSafe } from "./safe.ts";

class ReverseNode extends Node {
  constructor(private readonly body: NodeList) {
    super();
  }
  override children() {
    return [this.body];
  }
  override async render(context: Context) {
    return [...(await this.body.render(context))].reverse().join("");
  }
}

const extras = new Library()
  .filter("double", (value) => Number(value) * 2)
  .filter("wrap", (value, arg) => `${String(arg)}${String(value)}${String(arg)}`)
  .filter("shout", (value) => `${value as string}!`, { stringFilter: true, isSafe: true })
  .filter("bold", (value, _arg, { autoescape }) =>
    markSafe(`<b>${autoescape ? "esc:" : ""}${String(value)}</b>`),
  )
  .filter("later", async (value) => `async ${String(value)}`)
  .simpleTag(
    "greet",
    ([name], { punctuation }) => `Hello <${String(name)}>${String(punctuation ?? ".")}`,
  )
  .simpleTag(
    "user_count",
    async (_args, _kwargs, context) => (context.get("users") as unknown[]).length,
  )
  .blockTag("box", (content, [title]) =>
    markSafe(`<div title="${String(title)}">${content.value}</div>`),
  )
  .tag("reverse", (parser) => {
    const body = parser.parse(["endreverse"]);
    parser.nextToken();
    return new ReverseNode(body);
  });

describe("Library", () => {
  const engine = new Engine({
    libraries: { extras },
    builtins: [new Library().filter("triple", (v) => Number(v) * 3)],
  });

  test("filters with and without arguments, async filters, autoescape flag and safety", async () => {
    const out = await engine
      .fromString(
        "{% load extras %}{{ 2|double }} {{ 'x'|wrap:'*' }} {{ s|shout }} {{ u|shout }} {{ 1|bold }} {{ 1|later }} {{ 2|triple }}",
      )
      .render({ s: markSafe("<i>"), u: "<i>" });
    assert.equal(out, "4 *x* <i>! &lt;i&gt;! <b>esc:1</b> async 1 6");
  });

  test("simple tags escape their result and support kwargs and `as`", async () => {
    const out = await engine
      .fromString(
        "{% load extras %}{% greet 'ada' punctuation='!' %} {% greet who as g %}[{{ g }}] {% user_count %}",
      )
      .render({ who: "bob", users: [1, 2] });
    assert.equal(out, "Hello &lt;ada&gt;! [Hello &lt;bob&gt;.] 2");
  });

  test("block tags receive their rendered body; raw tags get the parser", async () => {
    const out = await engine
      .fromString(
        "{% load extras %}{% box 'T' %}<p>{{ x }}</p>{% endbox %}{% reverse %}abc{% endreverse %}",
      )
      .render({ x: "<" });
    assert.equal(out, '<div title="T"><p>&lt;</p></div>cba');
  });

  test("{% load name from library %} loads only the named tags and filters", async () => {
    const out = await engine.fromString("{% load double from extras %}{{ 1|double }}").render();
    assert.equal(out, "2");
    assert.throws(
      () => engine.fromString("{% load double from extras %}{{ 1|wrap:'x' }}"),
      /Invalid filter: 'wrap'/,
    );
    assert.throws(
      () => engine.fromString("{% load nope from extras %}"),
      /not a valid tag or filter/,
    );
  });

  test("tags of a library are unknown until loaded", () => {
    assert.throws(() => engine.fromString("{% greet 'x' %}"), TemplateSyntaxError);
  });
});
