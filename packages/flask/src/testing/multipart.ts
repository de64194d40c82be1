/** A file to upload with the test client: `data: { avatar: { content, filename } }`. */
export interface FileUpload {
  content: string | Uint8Array;
  filename: string;
  /** Default application/octet-stream. */
  contentType?: string;
}

/** A form value for the test client: text, a number or boolean, a file, or several. */
export type FormValue = string | number | boolean | FileUpload;

const encoder = new TextEncoder();

/**
 * True for `{ content, filename }` objects.
 *
 * @example
 * isFileUpload({ content: "x", filename: "a.txt" }); // true
 */
export function isFileUpload(value: unknown): value is FileUpload {
  return typeof value === "object" && value !== null && "content" in value && "filename" in value;
}

/**
 * Encodes fields and files as `multipart/form-data`, as a browser would.
 *
 * @example
 * const { body, contentType } = encodeMultipart({ title: "Hi", file: { content: "x", filename: "a.txt" } });
 */
export function encodeMultipart(
  fields: Readonly<Record<string, FormValue | readonly FormValue[]>>,
  boundary = `----tsgi-flask-${Math.random().toString(16).slice(2)}`,
): { body: Uint8Array; contentType: string } {
  const parts: Uint8Array[] = [];
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? (value as FormValue[]) : [value as FormValue]) {
      let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(name)}"`;
      let content: Uint8Array;
      if (isFileUpload(item)) {
        head += `; filename="${escapeQuoted(item.filename)}"\r\nContent-Type: ${item.contentType ?? "application/octet-stream"}`;
        content = typeof item.content === "string" ? encoder.encode(item.content) : item.content;
      } else {
        content = encoder.encode(String(item));
      }
      parts.push(encoder.encode(`${head}\r\n\r\n`), content, encoder.encode("\r\n"));
    }
  }
  parts.push(encoder.encode(`--${boundary}--\r\n`));
  const body = new Uint8Array(parts.reduce((total, part) => total + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.byteLength;
  }
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

function escapeQuoted(text: string): string {
  return text.replace(/["\\\r\n]/g, (char) => encodeURIComponent(char));
}
