/** Filters about HTML and escaping: escape, safe, linebreaks, striptags, urlize, json_script. */
import type { Library } from "../library.ts";
import { SafeString, conditionalEscape, escapeHtml, markSafe } from "../safe.ts";
import { toText } from "../values.ts";

const jsEscapes: Record<string, string> = {
  "\\": "\\u005C",
  "'": "\\u0027",
  '"': "\\u0022",
  ">": "\\u003E",
  "<": "\\u003C",
  "&": "\\u0026",
  "=": "\\u003D",
  "-": "\\u002D",
  ";": "\\u003B",
  "`": "\\u0060",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/** Django's `escapejs`: makes text safe inside a JavaScript string literal. */
export function escapeJs(text: string): string {
  // Control characters are matched by code point rather than in a regex class (lint rule).
  return text.replace(/[\\'"><&=\-;`\u2028\u2029]|[^\P{Cc}\x7f-\x9f]/gu, (ch) => {
    return jsEscapes[ch] ?? `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  });
}

/**
 * Django's `json_script`: JSON inside a `<script type="application/json">`, with `<`, `>`
 * and `&` escaped so the data cannot close the element.
 *
 * @example
 * jsonScript({ a: "</script>" }, "data").value;
 * // '<script id="data" type="application/json">{"a": "\u003C/script\u003E"}</script>'
 */
export function jsonScript(value: unknown, elementId?: string): SafeString {
  const json = pythonJson(value)
    .replace(/</g, "\\u003C")
    .replace(/>/g, "\\u003E")
    .replace(/&/g, "\\u0026");
  const id = elementId ? ` id="${escapeHtml(elementId)}"` : "";
  return markSafe(`<script${id} type="application/json">${json}</script>`);
}

/** JSON with Python's `json.dumps` separators (`", "` and `": "`), as Django emits it. */
export function pythonJson(value: unknown): string {
  if (
    value !== null &&
    typeof value === "object" &&
    typeof (value as { toJSON?: unknown }).toJSON === "function"
  ) {
    return pythonJson((value as { toJSON(): unknown }).toJSON());
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? "null" : pythonJson(item))).join(", ")}]`;
  }
  if (value instanceof Map) return pythonJson(Object.fromEntries(value));
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(
      ([, item]) => item !== undefined && typeof item !== "function",
    );
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}: ${pythonJson(item)}`).join(", ")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function normalizeNewlines(text: string): string {
  return text.replace(/\r\n|\r/g, "\n");
}

function stripTags(text: string): string {
  let current = text;
  for (;;) {
    const next = current.replace(/<[^<>]*>/g, "");
    if (next === current) return next;
    current = next;
  }
}

const trailingPunctuation = /[.,:;!?]+$/;

/** A simple `urlize`: http(s) URLs, `www.` hosts and e-mail addresses become links. */
function urlize(text: string, autoescape: boolean): string {
  const escape = (part: string) => (autoescape ? escapeHtml(part) : part);
  return text
    .split(/(\s+)/)
    .map((word) => {
      if (/^\s*$/.test(word)) return word;
      let lead = "";
      let core = word;
      let trail = "";
      const opening = /^[(<[]+/.exec(core);
      if (opening) {
        lead = opening[0];
        core = core.slice(lead.length);
      }
      const punctuation = trailingPunctuation.exec(core);
      if (punctuation) {
        trail = punctuation[0];
        core = core.slice(0, -trail.length);
      }
      if (lead.includes("(") && core.endsWith(")")) {
        core = core.slice(0, -1);
        trail = `)${trail}`;
      }
      let href: string | undefined;
      let rel = ' rel="nofollow"';
      if (/^https?:\/\/[^\s<>"]+$/i.test(core)) href = core;
      else if (/^www\.[^\s<>"]+\.[^\s<>"]+$/i.test(core)) href = `http://${core}`;
      else if (/^[^\s@<>"]+@[^\s@<>"]+\.[a-z]{2,}$/i.test(core)) {
        href = `mailto:${core}`;
        rel = "";
      }
      if (href === undefined) return escape(word);
      return `${escape(lead)}<a href="${escapeHtml(href)}"${rel}>${escape(core)}</a>${escape(trail)}`;
    })
    .join("");
}

/** Registers the HTML filters on `library`. */
export function registerHtmlFilters(library: Library): void {
  library
    .filter(
      "escape",
      (value) => conditionalEscape(value instanceof SafeString ? value : toText(value)),
      {
        isSafe: true,
      },
    )
    .filter("force_escape", (value) => markSafe(escapeHtml(toText(value))), { isSafe: true })
    .filter("safe", (value) => markSafe(toText(value)), { isSafe: true })
    .filter("safeseq", (value) =>
      Array.isArray(value) ? value.map((item) => markSafe(toText(item))) : value,
    )
    .filter("escapejs", (value) => markSafe(escapeJs(toText(value))))
    .filter("striptags", (value) => stripTags(value as string), {
      stringFilter: true,
      isSafe: true,
    })
    .filter(
      "linebreaks",
      (value, _arg, { autoescape }) => {
        const escape = autoescape && !(value instanceof SafeString);
        const paragraphs = normalizeNewlines(toText(value)).split(/\n{2,}/);
        return markSafe(
          paragraphs
            .map((p) => `<p>${(escape ? escapeHtml(p) : p).replace(/\n/g, "<br>")}</p>`)
            .join("\n\n"),
        );
      },
      { isSafe: true, arg: "none" },
    )
    .filter(
      "linebreaksbr",
      (value, _arg, { autoescape }) => {
        const escape = autoescape && !(value instanceof SafeString);
        const text = normalizeNewlines(toText(value));
        return markSafe((escape ? escapeHtml(text) : text).replace(/\n/g, "<br>"));
      },
      { isSafe: true, arg: "none" },
    )
    .filter(
      "urlize",
      (value, _arg, { autoescape }) => {
        return markSafe(urlize(toText(value), autoescape && !(value instanceof SafeString)));
      },
      { isSafe: true, arg: "none" },
    )
    .filter(
      "json_script",
      (value, arg) => jsonScript(value, arg === undefined ? undefined : toText(arg)),
      {
        arg: "optional",
      },
    );
}
