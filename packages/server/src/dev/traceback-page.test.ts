import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { escapeHtml, renderTracebackPage } from "./traceback-page.ts";

describe("dev traceback page", () => {
  it("escapes the five HTML-special characters", () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&</a>`),
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
  });

  it("shows the error's name, message, stack and the request", () => {
    const error = new RangeError("index <7> out of range");
    const html = renderTracebackPage({ error, method: "POST", target: "/a?b=<c>", server: "node" });
    assert.match(html, /<title>RangeError: index &lt;7&gt; out of range<\/title>/);
    assert.match(html, /<h1>RangeError<\/h1>/);
    assert.ok(html.includes(escapeHtml(error.stack!)));
    assert.ok(html.includes("POST /a?b=&lt;c&gt;"));
    assert.match(html, /development mode/);
    assert.match(html, /\(node\)/);
  });

  it("describes thrown values that are not Errors, even hostile ones", () => {
    const hostile = Object.create(null) as object;
    assert.match(
      renderTracebackPage({ error: "just text", method: "GET", target: "/" }),
      /&quot;just text&quot;/,
    );
    assert.match(
      renderTracebackPage({ error: hostile, method: "GET", target: "/" }),
      /\[object Object\]/,
    );
    assert.match(
      renderTracebackPage({ error: undefined, method: "GET", target: "/" }),
      /Non-Error thrown/,
    );
  });
});
