/**
 * True when every character of `text` is in Latin-1 (U+0000–U+00FF), the only characters a
 * status line or header may carry: each maps to exactly one byte on the wire.
 *
 * @example
 * isLatin1("café");  // true
 * isLatin1("naïve ☃"); // false
 */
export function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}
