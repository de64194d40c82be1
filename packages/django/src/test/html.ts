/**
 * HTML-aware comparison for `assertContains(…, { html: true })`, as Django's
 * `django.test.html` does it in spirit: both texts become sequences of semantic tokens (a
 * start tag with its attributes sorted, an end tag, a run of text with whitespace collapsed
 * and entities decoded), so `<input  value="1" type="radio">` matches
 * `<input type="radio" value="1" />`, and counting happens on token boundaries.
 */

/** One semantic token of an HTML fragment. */
export type HtmlToken = string;

const VOID_ELEMENTS = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);

const ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) {
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    }
    if (name.startsWith("#")) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const TAG =
  /<\s*(\/)?\s*([a-zA-Z][\w:-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/)?\s*>/y;
const ATTRIBUTE = /([^\s=>/]+)(?:\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

/**
 * Tokenises an HTML fragment into comparable tokens. Comments are dropped; text between tags
 * is trimmed and its whitespace collapsed (empty runs vanish).
 *
 * @example
 * htmlTokens('<p class="b a">Hi  <b>you</b></p>');
 * // ['<p class="b a">', "Hi", "<b>", "you", "</b>", "</p>"]
 */
export function htmlTokens(html: string): HtmlToken[] {
  const tokens: HtmlToken[] = [];
  let text = "";
  const flushText = () => {
    const collapsed = decodeEntities(text).replace(/\s+/g, " ").trim();
    if (collapsed !== "") tokens.push(collapsed);
    text = "";
  };
  let index = 0;
  while (index < html.length) {
    if (html.startsWith("<!--", index)) {
      const end = html.indexOf("-->", index + 4);
      index = end === -1 ? html.length : end + 3;
      continue;
    }
    if (html[index] === "<") {
      TAG.lastIndex = index;
      const match = TAG.exec(html);
      if (match !== null) {
        flushText();
        const [, closing, rawName, rawAttributes = ""] = match;
        const name = rawName!.toLowerCase();
        if (closing !== undefined) {
          tokens.push(`</${name}>`);
        } else {
          tokens.push(startTag(name, rawAttributes));
          if (match[4] !== undefined && !VOID_ELEMENTS.has(name)) tokens.push(`</${name}>`);
        }
        index = TAG.lastIndex;
        continue;
      }
    }
    text += html[index];
    index++;
  }
  flushText();
  return tokens;
}

function startTag(name: string, rawAttributes: string): string {
  const attributes: string[] = [];
  for (const match of rawAttributes.matchAll(ATTRIBUTE)) {
    const attribute = match[1]!.toLowerCase();
    const value = match[3] ?? match[4] ?? match[5];
    if (value === undefined) {
      attributes.push(attribute);
      continue;
    }
    // class is a set of names: order and spacing do not matter.
    const normalised =
      attribute === "class"
        ? value.split(/\s+/).filter(Boolean).sort().join(" ")
        : decodeEntities(value);
    attributes.push(`${attribute}="${normalised}"`);
  }
  attributes.sort();
  return attributes.length === 0 ? `<${name}>` : `<${name} ${attributes.join(" ")}>`;
}

/**
 * How many times the token sequence of `needle` occurs in that of `haystack`
 * (non-overlapping). A text needle also counts inside a longer text token, as Django does.
 *
 * @example
 * countHtml('<ul><li>a</li><li >a</li></ul>', "<li>a</li>"); // 2
 */
export function countHtml(haystack: string, needle: string): number {
  const hay = htmlTokens(haystack);
  const wanted = htmlTokens(needle);
  if (wanted.length === 0) return 0;
  if (wanted.length === 1 && !wanted[0]!.startsWith("<")) {
    const word = wanted[0]!;
    return hay
      .filter((token) => !token.startsWith("<"))
      .reduce((total, token) => total + countText(token, word), 0);
  }
  let count = 0;
  for (let index = 0; index + wanted.length <= hay.length;) {
    if (wanted.every((token, offset) => hay[index + offset] === token)) {
      count++;
      index += wanted.length;
    } else {
      index++;
    }
  }
  return count;
}

/**
 * Non-overlapping occurrences of `needle` in `text` (Python's `str.count`).
 *
 * @example
 * countText("aaaa", "aa"); // 2
 */
export function countText(text: string, needle: string): number {
  if (needle === "") return text.length + 1;
  let count = 0;
  for (let index = text.indexOf(needle); index !== -1; index = text.indexOf(needle, index)) {
    count++;
    index += needle.length;
  }
  return count;
}
