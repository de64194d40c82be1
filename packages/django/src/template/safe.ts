/**
 * Autoescaping primitives: a string marked safe is inserted as is; everything else is
 * HTML-escaped when autoescape is on. Escaping matches Django's `django.utils.html.escape`.
 */

/**
 * A string that needs no further HTML escaping. Build one with {@link markSafe}.
 * It behaves like its text in comparisons (`valueOf`) and string concatenation.
 *
 * @example
 * const bold = markSafe("<b>hi</b>");
 * String(bold); // "<b>hi</b>"
 */
export class SafeString {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  get length(): number {
    return this.value.length;
  }
  toString(): string {
    return this.value;
  }
  valueOf(): string {
    return this.value;
  }
  toJSON(): string {
    return this.value;
  }
}

/**
 * Marks text as safe HTML, so autoescape leaves it alone. Idempotent.
 *
 * @example
 * await engine.fromString("{{ x }}").render({ x: markSafe("<br>") }); // "<br>"
 */
export function markSafe(value: unknown): SafeString {
  if (value instanceof SafeString) return value;
  return new SafeString(String(value));
}

/**
 * True when `value` was marked safe with {@link markSafe}.
 *
 * @example
 * isSafe(markSafe("<b>")); // true
 */
export function isSafe(value: unknown): value is SafeString {
  return value instanceof SafeString;
}

const htmlEscapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#x27;",
};

/**
 * Escapes `& < > " '` exactly as Django does (`'` becomes `&#x27;`). Always escapes, even
 * safe strings (that is `force_escape`); use {@link conditionalEscape} to respect safety.
 *
 * @example
 * escapeHtml(`<a href="x">'&'</a>`); // "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => htmlEscapes[ch] ?? ch);
}

/**
 * Escapes text unless it is already safe; the result is safe.
 *
 * @example
 * conditionalEscape("<i>"); // SafeString "&lt;i&gt;"
 * conditionalEscape(markSafe("<i>")); // SafeString "<i>"
 */
export function conditionalEscape(value: unknown): SafeString {
  if (value instanceof SafeString) return value;
  return new SafeString(escapeHtml(String(value)));
}
