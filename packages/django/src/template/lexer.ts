/**
 * Splits template source into tokens: text, `{{ variable }}`, `{% block tag %}` and
 * `{# comment #}`. Like Django, a tag never spans lines (an unclosed `{{` on a line is text)
 * and everything between `{% verbatim %}` and its `{% endverbatim %}` is text.
 */

export type TokenType = "text" | "var" | "block" | "comment";

/** One lexed piece of a template. `contents` is trimmed for tags, verbatim for text. */
export interface Token {
  type: TokenType;
  contents: string;
  /** 1-based line on which the token starts. */
  line: number;
}

const tagPattern = /\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}/g;

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

/**
 * Lexes `source` into tokens with line numbers.
 *
 * @example
 * tokenize("Hi {{ name }}!").map((t) => t.type); // ["text", "var", "text"]
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let last = 0;
  let verbatimEnd: string | undefined;

  const pushText = (text: string) => {
    if (text === "") return;
    const previous = tokens[tokens.length - 1];
    if (previous?.type === "text") previous.contents += text;
    else tokens.push({ type: "text", contents: text, line });
    line += countNewlines(text);
  };

  for (const match of source.matchAll(tagPattern)) {
    pushText(source.slice(last, match.index));
    last = match.index + match[0].length;
    const raw = match[0];
    const contents = raw.slice(2, -2).trim();
    const kind = raw[1];
    if (verbatimEnd !== undefined) {
      if (kind === "%" && contents === verbatimEnd) {
        verbatimEnd = undefined;
        tokens.push({ type: "block", contents, line });
      } else {
        pushText(raw);
      }
      continue;
    }
    if (kind === "%") {
      const [command, ...rest] = contents.split(/\s+/);
      if (command === "verbatim") verbatimEnd = ["endverbatim", ...rest].join(" ");
      tokens.push({ type: "block", contents, line });
    } else {
      tokens.push({ type: kind === "{" ? "var" : "comment", contents, line });
    }
    line += countNewlines(raw);
  }
  pushText(source.slice(last));
  return tokens;
}

const splitPattern = /(?:[^\s'"]*(?:(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')[^\s'"]*)+)|\S+/g;

/**
 * Splits tag contents on whitespace, keeping quoted strings (and `key="a b"`) whole —
 * Django's `token.split_contents()`.
 *
 * @example
 * splitContents(`url 'polls:detail' q.id as link`); // ["url", "'polls:detail'", "q.id", "as", "link"]
 */
export function splitContents(contents: string): string[] {
  return contents.match(splitPattern) ?? [];
}

/** Removes matching outer quotes and unescapes `\"`, `\'` and `\\` (Django's rule). */
export function unquote(text: string): string {
  const quote = text[0];
  if ((quote !== '"' && quote !== "'") || text.length < 2 || text[text.length - 1] !== quote) {
    throw new SyntaxError(`Not a string literal: ${text}`);
  }
  return text.slice(1, -1).replace(/\\(["'\\])/g, "$1");
}

/** True for a token written as a quoted string literal. */
export function isQuoted(text: string): boolean {
  return text.length >= 2 && (text[0] === '"' || text[0] === "'") && text.at(-1) === text[0];
}
