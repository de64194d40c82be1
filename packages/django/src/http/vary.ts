import type { HttpResponseBase } from "./response.ts";

/**
 * Adds headers to the response's `Vary` without duplicates (Django's `patch_vary_headers`),
 * so caches keep one copy per cookie or per Accept-Language.
 *
 * @example
 * patchVaryHeaders(response, ["Cookie"]); // Vary: Cookie
 */
export function patchVaryHeaders(response: HttpResponseBase, headers: readonly string[]): void {
  const existing = (response.headers.get("Vary") ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  if (existing.includes("*")) return;
  const seen = new Set(existing.map((item) => item.toLowerCase()));
  for (const header of headers) {
    if (header === "*") {
      response.headers.set("Vary", "*");
      return;
    }
    if (!seen.has(header.toLowerCase())) {
      existing.push(header);
      seen.add(header.toLowerCase());
    }
  }
  response.headers.set("Vary", existing.join(", "));
}
