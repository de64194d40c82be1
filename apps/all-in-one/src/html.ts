// HTML escaping for the landing page: everything that comes from a request (the server name)
// or from configuration goes through it.

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Makes text safe inside HTML elements and quoted attributes.
 *
 * @example
 * escapeHtml(`<a href="x">`); // "&lt;a href=&quot;x&quot;&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}
