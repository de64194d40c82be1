// GET /environ: every environ key and its value, as an HTML table.
import type { App, Environ } from "@tsgi/core";
import { escapeHtml, page } from "./html.ts";
import { respondHtml } from "./respond.ts";

/** The environ as a table: keys sorted, values escaped, objects shown by their type. */
export const environPage: App = (environ, startResponse) => {
  const rows = Object.keys(environ)
    .sort()
    .map((key) => `<tr><th>${escapeHtml(key)}</th><td>${escapeHtml(show(environ, key))}</td></tr>`);
  const html = page(
    "environ",
    `<h1>environ</h1>
<p>What the server passed to the app for this request. CGI keys come from PEP 3333;
<code>tsgi.*</code> keys are TSGI's. Values shown in «» are objects, not text.</p>
<table>
${rows.join("\n")}
</table>`,
  );
  return respondHtml(startResponse, "200 OK", html);
};

function show(environ: Environ, key: string): string {
  // A getter (tsgi.signal) is left unread: reading it would create what it creates lazily.
  const descriptor = Object.getOwnPropertyDescriptor(environ, key);
  if (descriptor?.get !== undefined) return "«getter, created on first use»";
  const value: unknown = descriptor?.value;
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return `«${String(value)}»`;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return `«${typeof value}» ${String(value)}`;
  }
  if (Array.isArray(value) && value.every((item) => typeof item !== "object")) {
    return `«array» ${JSON.stringify(value)}`;
  }
  if (typeof value === "function") return `«function ${value.name}»`;
  if (typeof value === "object") {
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    return `«${name !== undefined && name !== "" ? name : "object"}»`;
  }
  return `«${typeof value}»`;
}
