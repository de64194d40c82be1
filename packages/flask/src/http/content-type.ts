/**
 * Splits a Content-Type into a lower-case mimetype and its parameters (lower-case names,
 * unquoted values), like Werkzeug's `parse_options_header`.
 *
 * @example
 * parseContentType('multipart/form-data; boundary="abc"');
 * // { mimetype: "multipart/form-data", params: { boundary: "abc" } }
 */
export function parseContentType(value: string | undefined): {
  mimetype: string;
  params: Record<string, string>;
} {
  if (value === undefined || value.trim() === "") return { mimetype: "", params: {} };
  const [type = "", ...rest] = value.split(";");
  const params: Record<string, string> = {};
  for (const part of rest) {
    const equals = part.indexOf("=");
    if (equals === -1) continue;
    const name = part.slice(0, equals).trim().toLowerCase();
    let paramValue = part.slice(equals + 1).trim();
    if (paramValue.startsWith('"') && paramValue.endsWith('"') && paramValue.length >= 2) {
      paramValue = paramValue.slice(1, -1).replace(/\\(.)/g, "$1");
    }
    if (name !== "") params[name] = paramValue;
  }
  return { mimetype: type.trim().toLowerCase(), params };
}

/**
 * True for `application/json` and `application/*+json`, as Flask's `is_json`.
 *
 * @example
 * isJsonMimetype("application/vnd.api+json"); // true
 */
export function isJsonMimetype(mimetype: string): boolean {
  return (
    mimetype === "application/json" ||
    (mimetype.startsWith("application/") && mimetype.endsWith("+json"))
  );
}

/**
 * The Content-Type to send for a mimetype: text types (and XML/JS ones) get `; charset=utf-8`.
 *
 * @example
 * contentTypeFor("text/html"); // "text/html; charset=utf-8"
 * contentTypeFor("image/png"); // "image/png"
 */
export function contentTypeFor(mimetype: string): string {
  if (mimetype.includes("charset=")) return mimetype;
  const textual =
    mimetype.startsWith("text/") ||
    mimetype === "application/xml" ||
    mimetype.endsWith("+xml") ||
    mimetype === "application/javascript" ||
    mimetype === "application/ecmascript";
  return textual ? `${mimetype}; charset=utf-8` : mimetype;
}
