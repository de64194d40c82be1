const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&#34;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML, as MarkupSafe's `escape` does (`&`, `<`, `>`, `"`, `'`).
 *
 * @example
 * escapeHtml('<a href="x">'); // "&lt;a href=&#34;x&#34;&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}
