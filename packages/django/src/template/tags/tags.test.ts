import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Case } from "../_test-helpers.ts";
import { renderString } from "../_test-helpers.ts";
import { TemplateRenderError } from "../errors.ts";
import { markSafe } from "../safe.ts";

async function* asyncLetters() {
  yield "x";
  yield "y";
  yield "z";
}

function runTable(cases: Case[]) {
  for (const [source, context, expected] of cases) {
    test(`${source} → ${JSON.stringify(expected)}`, async () => {
      assert.equal(await renderString(source, context), expected);
    });
  }
}

describe("if", () => {
  runTable([
    ["{% if a %}yes{% endif %}", { a: 1 }, "yes"],
    ["{% if a %}yes{% else %}no{% endif %}", { a: [] }, "no"],
    ["{% if a %}yes{% else %}no{% endif %}", { a: {} }, "no"],
    ["{% if a %}yes{% else %}no{% endif %}", { a: "" }, "no"],
    ["{% if missing %}yes{% else %}no{% endif %}", {}, "no"],
    ["{% if a %}A{% elif b %}B{% elif c %}C{% else %}D{% endif %}", { c: 1 }, "C"],
    // `and` binds tighter than `or`: a or (b and c)
    ["{% if a or b and c %}T{% else %}F{% endif %}", { a: 1, b: 0, c: 0 }, "T"],
    ["{% if a and b or c %}T{% else %}F{% endif %}", { a: 0, b: 1, c: 1 }, "T"],
    // `not` binds tighter than `and`/`or`, looser than comparisons
    ["{% if not a and b %}T{% else %}F{% endif %}", { a: 0, b: 1 }, "T"],
    ["{% if not a == b %}T{% else %}F{% endif %}", { a: 1, b: 2 }, "T"],
    ["{% if not x in list %}T{% else %}F{% endif %}", { x: 3, list: [1, 2] }, "T"],
    ["{% if x not in list %}T{% else %}F{% endif %}", { x: 2, list: [1, 2] }, "F"],
    ["{% if 'b' in word %}T{% endif %}", { word: "abc" }, "T"],
    ["{% if k in m %}T{% endif %}", { k: "a", m: new Map([["a", 1]]) }, "T"],
    ["{% if a == 1 %}T{% else %}F{% endif %}", { a: 1 }, "T"],
    ["{% if a == '1' %}T{% else %}F{% endif %}", { a: 1 }, "F"],
    ["{% if a != b %}T{% endif %}", { a: "x", b: "y" }, "T"],
    ["{% if a < b %}T{% endif %}{% if a >= b %}F{% endif %}", { a: 1, b: 2 }, "T"],
    ["{% if a > b %}T{% else %}F{% endif %}", { a: "x", b: 1 }, "F"],
    ["{% if a <= 2 and a > 1 %}T{% endif %}", { a: 2 }, "T"],
    ["{% if a is None %}T{% endif %}", { a: null }, "T"],
    ["{% if missing is None %}T{% endif %}", {}, "T"],
    ["{% if a is not None %}T{% endif %}", { a: 0 }, "T"],
    ["{% if a is True %}T{% else %}F{% endif %}", { a: 1 }, "F"],
    ["{% if a|length > 1 %}T{% endif %}", { a: [1, 2] }, "T"],
    ["{% if missing|default:'x' == 'x' %}T{% endif %}", {}, "T"],
  ]);
});

describe("for", () => {
  runTable([
    ["{% for x in items %}{{ x }},{% endfor %}", { items: [1, 2, 3] }, "1,2,3,"],
    ["{% for x in items reversed %}{{ x }}{% endfor %}", { items: [1, 2, 3] }, "321"],
    ["{% for x in items %}{{ x }}{% empty %}none{% endfor %}", { items: [] }, "none"],
    ["{% for x in missing %}{{ x }}{% empty %}none{% endfor %}", {}, "none"],
    ["{% for x in number %}{{ x }}{% empty %}none{% endfor %}", { number: 5 }, "none"],
    [
      "{% for x in items %}{{ forloop.counter }}{{ forloop.counter0 }}{{ forloop.revcounter }}{{ forloop.revcounter0 }}{% if forloop.first %}F{% endif %}{% if forloop.last %}L{% endif %} {% endfor %}",
      { items: ["a", "b"] },
      "1021F 2110L ",
    ],
    [
      "{% for a, b in pairs %}{{ a }}{{ b }};{% endfor %}",
      {
        pairs: [
          [1, 2],
          [3, 4],
        ],
      },
      "12;34;",
    ],
    ["{% for a,b in pairs %}{{ a }}{{ b }};{% endfor %}", { pairs: [["x", "y"]] }, "xy;"],
    ["{% for k, v in m %}{{ k }}={{ v }};{% endfor %}", { m: new Map([["a", 1]]) }, "a=1;"],
    ["{% for k in d %}{{ k }}{% endfor %}", { d: { a: 1, b: 2 } }, "ab"],
    ["{% for c in word %}{{ c }}.{% endfor %}", { word: "hey" }, "h.e.y."],
    ["{% for x in s %}{{ x }}{% endfor %}", { s: new Set([1, 2]) }, "12"],
    [
      "{% for o in outer %}{% for i in o %}{{ forloop.parentloop.counter }}.{{ forloop.counter }} {% endfor %}{% endfor %}",
      { outer: [[1, 2], [3]] },
      "1.1 1.2 2.1 ",
    ],
    ["{% for x in items %}{{ x }}{% endfor %}{{ x }}{{ forloop }}", { items: [1] }, "1"],
  ]);

  test("iterates an async iterable, knowing its length", async () => {
    const out = await renderString(
      "{% for l in letters %}{{ l }}{% if not forloop.last %}-{% endif %}{% endfor %}",
      { letters: asyncLetters() },
    );
    assert.equal(out, "x-y-z");
  });

  test("awaits a thenable sequence such as a QuerySet", async () => {
    const queryset = {
      then: (resolve: (rows: unknown[]) => void) => resolve([{ t: "q1" }, { t: "q2" }]),
    };
    const out = await renderString("{% for q in qs %}{{ q.t }} {% endfor %}", { qs: queryset });
    assert.equal(out, "q1 q2 ");
  });

  test("iterates the rows of a method returning a thenable (question.choiceSet.all)", async () => {
    const question = {
      choiceSet: { all: async () => [{ choiceText: "Not much" }, { choiceText: "The sky" }] },
    };
    const out = await renderString(
      "{% for c in q.choiceSet.all %}[{{ c.choiceText }}]{% endfor %}",
      {
        q: question,
      },
    );
    assert.equal(out, "[Not much][The sky]");
  });

  test("unpacking the wrong number of values is a render error", async () => {
    await assert.rejects(
      renderString("{% for a, b in items %}{% endfor %}", { items: [[1, 2, 3]] }),
      (error: unknown) =>
        error instanceof TemplateRenderError && error.code === "DJANGO_E_TEMPLATE_RENDER",
    );
  });
});

describe("other builtin tags", () => {
  runTable([
    [
      "{% with total=items|length greeting='hi' %}{{ greeting }} {{ total }}{% endwith %}{{ total }}",
      { items: [1, 2] },
      "hi 2",
    ],
    ["{% with items.0 as first %}{{ first }}{% endwith %}", { items: ["a"] }, "a"],
    [
      "{% for x in items %}{% cycle 'odd' 'even' %} {% endfor %}",
      { items: [1, 2, 3] },
      "odd even odd ",
    ],
    [
      "{% for x in items %}{% cycle 'a' 'b' as c silent %}{{ c }}{% endfor %}",
      { items: [1, 2, 3] },
      "aba",
    ],
    [
      "{% for x in items %}{% cycle 'a' 'b' as c %}{% cycle c %}{% endfor %}",
      { items: [1, 2] },
      "abab",
    ],
    [
      "{% for g in groups %}{% for x in g %}{% cycle 'a' 'b' %}{% endfor %}{% resetcycle %}|{% endfor %}",
      { groups: [[1, 2, 3], [4]] },
      "aba|a|",
    ],
    ["{% firstof a b 'fallback' %}", { a: 0, b: "<b>" }, "&lt;b&gt;"],
    ["{% firstof a b 'fallback' %}", {}, "fallback"],
    ["{% firstof a b as x %}[{{ x }}]", { b: 2 }, "[2]"],
    ["{% autoescape off %}{{ h }}{% endautoescape %}{{ h }}", { h: "<i>" }, "<i>&lt;i&gt;"],
    ["{% autoescape off %}{{ h|escape }}{% endautoescape %}", { h: "<i>" }, "&lt;i&gt;"],
    ["a{% comment %}{% nonsense %}{{ x }}{% endcomment %}b", {}, "ab"],
    ["a{# hidden #}b", {}, "ab"],
    ["{% spaceless %}\n<p>\n  <a>x</a>\n</p>\n{% endspaceless %}", {}, "<p><a>x</a></p>"],
    ["{% verbatim %}{{ raw }} {% if %}{% endverbatim %}", {}, "{{ raw }} {% if %}"],
    ["{% filter upper|cut:' ' %}a b {{ x }}{% endfilter %}", { x: "c" }, "ABC"],
    [
      "{% templatetag openblock %} {% templatetag closevariable %} {% templatetag opencomment %}",
      {},
      "{% }} {#",
    ],
    ["{% widthratio 175 200 100 %}", {}, "88"],
    ["{% widthratio v max 100 %}", { v: 50, max: 0 }, "0"],
    ["{% widthratio v 10 100 as w %}[{{ w }}]", { v: 3 }, "[30]"],
    ["{% widthratio v 10 100 %}", { v: "abc" }, ""],
    [
      "{% for x in items %}{% ifchanged %}<h>{{ x.g }}</h>{% endifchanged %}{{ x.n }}{% endfor %}",
      {
        items: [
          { g: 1, n: "a" },
          { g: 1, n: "b" },
          { g: 2, n: "c" },
        ],
      },
      "<h>1</h>ab<h>2</h>c",
    ],
    [
      "{% for x in items %}{% ifchanged x.g %}new{% else %}same{% endifchanged %} {% endfor %}",
      { items: [{ g: 1 }, { g: 1 }, { g: 2 }] },
      "new same new ",
    ],
  ]);

  test("{% regroup %} groups consecutive items; groups unpack and expose grouper/list", async () => {
    const people = [
      { name: "Ada", city: "London" },
      { name: "Bob", city: "London" },
      { name: "Cy", city: "Paris" },
    ];
    const out = await renderString(
      "{% regroup people by city as cities %}" +
        "{% for c in cities %}{{ c.grouper }}:{% for p in c.list %}{{ p.name }}{% endfor %};{% endfor %}" +
        "{% for city, members in cities %}{{ city }}={{ members|length }} {% endfor %}",
      { people },
    );
    assert.equal(out, "London:AdaBob;Paris:Cy;London=2 Paris=1 ");
    assert.throws(() => renderString("{% regroup people city as x %}"), /five arguments/);
  });

  test("{% now %} formats the current time", async () => {
    const year = String(new Date().getUTCFullYear());
    const out = await renderString('{% now "Y" as y %}[{% now "Y-m-d" %}] {{ y }}');
    assert.match(out, /^\[\d{4}-\d{2}-\d{2}\] \d{4}$/);
    assert.ok(out.endsWith(year) || out.endsWith(String(Number(year) + 1)));
  });

  test("autoescape leaves safe values alone", async () => {
    assert.equal(
      await renderString("{{ a }}{{ b }}", { a: markSafe("<a>"), b: `"'&` }),
      "<a>&quot;&#x27;&amp;",
    );
  });
});
