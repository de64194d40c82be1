import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Case } from "../_test-helpers.ts";
import { renderString } from "../_test-helpers.ts";
import { markSafe } from "../safe.ts";
import { filesizeformat, floatformat } from "./numbers.ts";
import { pythonSlice } from "./lists.ts";
import { timesince } from "./dates.ts";

const nbsp = "\u00a0";
const when = new Date(Date.UTC(2026, 0, 5, 15, 7, 9));

function runTable(cases: Case[]) {
  for (const [source, context, expected] of cases) {
    test(`${source} → ${JSON.stringify(expected)}`, async () => {
      assert.equal(await renderString(source, context), expected);
    });
  }
}

describe("text filters", () => {
  runTable([
    ["{{ v|lower }}|{{ v|upper }}", { v: "MiXed" }, "mixed|MIXED"],
    ["{{ v|capfirst }}", { v: "django" }, "Django"],
    ["{{ v|title }}", { v: "my FIRST post's 1st line" }, "My First Post&#x27;s 1st Line"],
    ["[{{ v|center:'9' }}]", { v: "abc" }, "[   abc   ]"],
    ["[{{ v|center:'6' }}]", { v: "abc" }, "[ abc  ]"],
    ["[{{ v|ljust:'5' }}][{{ v|rjust:'5' }}]", { v: "ab" }, "[ab   ][   ab]"],
    ["{{ v|cut:' ' }}", { v: "a b c" }, "abc"],
    ["{{ v|addslashes }}", { v: `I'm "x"` }, "I\\&#x27;m \\&quot;x\\&quot;"],
    ["{{ v|slugify }}", { v: " Joel is a slug! Ünïcode " }, "joel-is-a-slug-unicode"],
    ["{{ v|truncatechars:7 }}", { v: "Joel is a slug" }, "Joel i…"],
    ["{{ v|truncatechars:20 }}", { v: "Joel is a slug" }, "Joel is a slug"],
    ["{{ v|truncatewords:2 }}", { v: "Joel is a slug" }, "Joel is …"],
    ["{{ v|truncatewords:9 }}", { v: "Joel  is a slug" }, "Joel is a slug"],
    ["{{ v|wordcount }}", { v: " one two  three " }, "3"],
    ["{{ v|make_list }}", { v: 123 }, "1,2,3"],
    ["{{ v|urlencode }}", { v: "/a b?c=d&e" }, "/a%20b%3Fc%3Dd%26e"],
    ["{{ v|urlencode:'' }}", { v: "/a" }, "%2Fa"],
  ]);
});

describe("HTML filters", () => {
  runTable([
    [
      "{{ v|escape }}",
      { v: `<a href="x">'&'</a>` },
      "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;",
    ],
    ["{{ v|escape }}", { v: markSafe("&lt;") }, "&lt;"],
    ["{{ v|force_escape }}", { v: markSafe("&lt;") }, "&amp;lt;"],
    ["{{ v|safe }}", { v: "<b>" }, "<b>"],
    ["{{ v|safe|upper }}", { v: "<b>" }, "<B>"],
    ["{{ v|safe|cut:'x' }}", { v: "<bx>" }, "<b>"],
    [
      "{{ v|escapejs }}",
      { v: `'a'\n<b>=1;` },
      "\\u0027a\\u0027\\u000A\\u003Cb\\u003E\\u003D1\\u003B",
    ],
    ["{{ v|striptags }}", { v: "<p>Hi <b>there</b></p>" }, "Hi there"],
    ["{{ v|linebreaks }}", { v: "a\nb\n\nc<" }, "<p>a<br>b</p>\n\n<p>c&lt;</p>"],
    ["{{ v|linebreaksbr }}", { v: "a\r\n<b>" }, "a<br>&lt;b&gt;"],
    [
      "{{ v|urlize }}",
      { v: "see https://example.com/a?b=1&c, www.django.org or me@example.org." },
      'see <a href="https://example.com/a?b=1&amp;c" rel="nofollow">https://example.com/a?b=1&amp;c</a>, ' +
        '<a href="http://www.django.org" rel="nofollow">www.django.org</a> or ' +
        '<a href="mailto:me@example.org">me@example.org</a>.',
    ],
    [
      "{{ v|json_script:'data' }}",
      { v: { a: "</script>", n: [1, true, null] } },
      '<script id="data" type="application/json">{"a": "\\u003C/script\\u003E", "n": [1, true, null]}</script>',
    ],
    ["{{ v|json_script }}", { v: "&" }, '<script type="application/json">"\\u0026"</script>'],
    ["{{ v|join:', ' }}", { v: ["<a>", markSafe("<b>")] }, "&lt;a&gt;, <b>"],
    ["{% autoescape off %}{{ v|join:' & ' }}{% endautoescape %}", { v: ["<a>", "b"] }, "<a> & b"],
  ]);
});

describe("sequence filters", () => {
  runTable([
    ["{{ v|first }}{{ v|last }}", { v: ["a", "b", "c"] }, "ac"],
    ["[{{ v|first }}]", { v: [] }, "[]"],
    [
      "{{ v|length }} {{ s|length }} {{ m|length }} {{ missing|length }}",
      { v: [1, 2], s: "abc", m: new Map([[1, 2]]) },
      "2 3 1 0",
    ],
    ["{{ v|slice:':2' }}", { v: ["a", "b", "c"] }, "a,b"],
    ["{{ v|slice:'2' }}", { v: "abcdef" }, "ab"],
    ["{{ v|slice:'-2:' }}", { v: "abcdef" }, "ef"],
    ["{{ v|slice:'::-1' }}", { v: "abc" }, "cba"],
    ["{{ v|slice:'x' }}", { v: "abc" }, "abc"],
    [
      "{% for p in v|dictsort:'age' %}{{ p.name }}{% endfor %}",
      {
        v: [
          { name: "b", age: 30 },
          { name: "a", age: 20 },
          { name: "c", age: 30 },
        ],
      },
      "abc",
    ],
    [
      "{% for p in v|dictsortreversed:'age' %}{{ p.name }}{% endfor %}",
      {
        v: [
          { name: "b", age: 30 },
          { name: "a", age: 20 },
          { name: "c", age: 30 },
        ],
      },
      "bca",
    ],
    [
      "{% for p in v|dictsort:'a.b' %}{{ p.a.b }}{% endfor %}",
      { v: [{ a: { b: 2 } }, { a: { b: 1 } }] },
      "12",
    ],
    ["[{{ v|dictsort:'x' }}]", { v: [{ x: 1 }, { x: "a" }] }, "[]"],
    ["{{ v|get_digit:'2' }}", { v: 123 }, "2"],
  ]);

  test("pythonSlice follows Python's slice semantics", () => {
    assert.deepEqual(pythonSlice([0, 1, 2, 3, 4], "1:4:2"), [1, 3]);
    assert.deepEqual(pythonSlice([0, 1, 2, 3, 4], "-10:2"), [0, 1]);
    assert.deepEqual(pythonSlice([0, 1, 2, 3, 4], "4:1:-1"), [4, 3, 2]);
    assert.equal(pythonSlice([1], "::0"), undefined);
  });
});

describe("number and logic filters", () => {
  runTable([
    ["{{ v|add:'2' }}", { v: 3 }, "5"],
    ["{{ v|add:'2' }}", { v: "3" }, "5"],
    ["{{ v|add:w }}", { v: "ab", w: "cd" }, "abcd"],
    ["{{ v|add:w }}", { v: [1], w: [2] }, "1,2"],
    ["[{{ v|add:w }}]", { v: "a", w: 1 }, "[]"],
    ["{{ v|divisibleby:'3' }} {{ w|divisibleby:3 }}", { v: 21, w: 20 }, "True False"],
    ["{{ v|default:'nothing' }}", { v: "" }, "nothing"],
    ["{{ v|default:'nothing' }}", { v: 0 }, "nothing"],
    ["{{ v|default:'nothing' }}", { v: "x" }, "x"],
    ["{{ missing|default:'nothing' }}", {}, "nothing"],
    [
      "{{ v|default_if_none:'nothing' }}|{{ w|default_if_none:'nothing' }}",
      { v: null, w: "" },
      "nothing|",
    ],
    ["vote{{ v|pluralize }}", { v: 1 }, "vote"],
    ["vote{{ v|pluralize }}", { v: 2 }, "votes"],
    ["vote{{ v|pluralize }}", { v: 0 }, "votes"],
    ["class{{ v|pluralize:'es' }}", { v: 2 }, "classes"],
    ["cherr{{ v|pluralize:'y,ies' }}", { v: 1 }, "cherry"],
    ["cherr{{ v|pluralize:'y,ies' }}", { v: 3 }, "cherries"],
    ["item{{ v|pluralize }}", { v: ["a"] }, "item"],
    ["item{{ v|pluralize }}", { v: ["a", "b"] }, "items"],
    ["[{{ v|pluralize:'a,b,c' }}]", { v: 2 }, "[]"],
    ["{{ v|yesno }} {{ w|yesno }} {{ n|yesno }}", { v: 1, w: 0, n: null }, "yes no maybe"],
    ["{{ v|yesno:'yeah,no' }} {{ n|yesno:'yeah,nope' }}", { v: true, n: null }, "yeah nope"],
    ["{{ v|filesizeformat }}", { v: 123456789 }, `117.7${nbsp}MB`],
    ["{{ v|floatformat }}", { v: 34.23234 }, "34.2"],
    ["{{ v|floatformat:2 }}", { v: "1234.5" }, "1234.50"],
    ["{{ v|floatformat:'2g' }}", { v: 1234567.891 }, "1,234,567.89"],
  ]);

  test("floatformat matches Django's documented table", () => {
    const cases: [unknown, string | undefined, string][] = [
      [34.23234, undefined, "34.2"],
      [34.0, undefined, "34"],
      [34.26, undefined, "34.3"],
      [34.23234, "3", "34.232"],
      [34.0, "3", "34.000"],
      [34.26, "3", "34.260"],
      [34.23234, "0", "34"],
      [34.0, "0", "34"],
      [39.56, "0", "40"],
      [34.23234, "-3", "34.232"],
      [34.0, "-3", "34"],
      [34.26, "-3", "34.260"],
      [0.05, "1", "0.1"],
      [-0.01, "1", "0.0"],
      [-1.25, "1", "-1.3"],
      ["abc", undefined, ""],
      [1e21, "0", "1000000000000000000000"],
    ];
    for (const [value, arg, expected] of cases) {
      assert.equal(floatformat(value, arg), expected, `floatformat(${String(value)}, ${arg})`);
    }
  });

  test("filesizeformat units", () => {
    assert.equal(filesizeformat(0), `0${nbsp}bytes`);
    assert.equal(filesizeformat(1), `1${nbsp}byte`);
    assert.equal(filesizeformat(1023), `1023${nbsp}bytes`);
    assert.equal(filesizeformat(1024), `1.0${nbsp}KB`);
    assert.equal(filesizeformat(1024 ** 3 * 2), `2.0${nbsp}GB`);
    assert.equal(filesizeformat(-2048), `-2.0${nbsp}KB`);
    assert.equal(filesizeformat("x"), `0${nbsp}bytes`);
  });
});

describe("format filters", () => {
  runTable([
    [
      "[{{ v|stringformat:'s' }}][{{ v|stringformat:'5s' }}][{{ v|stringformat:'-5s' }}]",
      { v: "ab" },
      "[ab][   ab][ab   ]",
    ],
    [
      "{{ v|stringformat:'03d' }} {{ v|stringformat:'+d' }} {{ v|stringformat:'x' }}",
      { v: 10 },
      "010 +10 a",
    ],
    [
      "{{ v|stringformat:'.2f' }} {{ v|stringformat:'08.3f' }} {{ v|stringformat:'e' }}",
      { v: -3.14159 },
      "-3.14 -003.142 -3.141590e+00",
    ],
    ["[{{ v|stringformat:'d' }}][{{ v|stringformat:'q' }}]", { v: "abc" }, "[][]"],
    [
      "{{ v|linenumbers }}",
      { v: Array.from({ length: 10 }, (_, i) => (i === 0 ? "<a>" : "l")).join("\n") },
      "01. &lt;a&gt;\n02. l\n03. l\n04. l\n05. l\n06. l\n07. l\n08. l\n09. l\n10. l",
    ],
  ]);
});

describe("date filters", () => {
  runTable([
    ["{{ d|date }}", { d: when }, "Jan. 5, 2026"],
    ["{{ d|date:'D d M Y' }}", { d: when }, "Mon 05 Jan 2026"],
    ["{{ d|date:'l jS F y, H:i:s' }}", { d: when }, "Monday 5th January 26, 15:07:09"],
    [
      "{{ d|date:'n/m N, g G h A a P e T' }}",
      { d: when },
      "1/01 Jan., 3 15 03 PM p.m. 3:07 p.m. UTC UTC",
    ],
    ["{{ d|date:'c' }}", { d: when }, "2026-01-05T15:07:09+00:00"],
    ["{{ d|date:'r' }}", { d: when }, "Mon, 05 Jan 2026 15:07:09 +0000"],
    ["{{ d|date:'U' }}", { d: when }, String(when.getTime() / 1000)],
    ["{{ d|date:'\\Y\\e\\a\\r: Y' }}", { d: when }, "Year: 2026"],
    ["{{ d|time }}", { d: when }, "3:07 p.m."],
    ["{{ d|time:'H:i' }}", { d: when }, "15:07"],
    ["{{ d|time }}", { d: new Date(Date.UTC(2026, 0, 1, 12)) }, "noon"],
    ["{{ d|time }}", { d: new Date(Date.UTC(2026, 0, 1, 0)) }, "midnight"],
    ["[{{ d|date }}]", { d: "not a date" }, "[]"],
    ["[{{ missing|date:'Y' }}]", {}, "[]"],
    [
      "{{ d|timesince:now }}",
      { d: when, now: new Date(when.getTime() + (4 * 86400 + 6 * 3600) * 1000) },
      `4${nbsp}days, 6${nbsp}hours`,
    ],
    [
      "{{ d|timeuntil:now }}",
      { d: new Date(when.getTime() + 3 * 60000), now: when },
      `3${nbsp}minutes`,
    ],
  ]);

  test("timesince uses calendar months and stops at a zero unit", () => {
    const from = new Date(Date.UTC(2025, 0, 31));
    assert.equal(timesince(from, new Date(Date.UTC(2026, 2, 1))), `1${nbsp}year, 1${nbsp}month`);
    assert.equal(timesince(from, new Date(Date.UTC(2025, 0, 31, 0, 0, 30))), `0${nbsp}minutes`);
    assert.equal(timesince(new Date(Date.UTC(2030, 0, 1)), from), `0${nbsp}minutes`);
    assert.equal(timesince(from, new Date(Date.UTC(2025, 1, 14, 1))), `2${nbsp}weeks`);
  });
});
