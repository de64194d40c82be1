/**
 * One uploaded file of a multipart form, like Werkzeug's `FileStorage`. The bytes are held in
 * memory; `MAX_CONTENT_LENGTH` bounds how many there can be.
 *
 * @example
 * app.post("/upload", async function upload() {
 *   const file = request.files.get("avatar");
 *   if (file === undefined || file.filename === "") abort(400, "No file.");
 *   await file.save(`/srv/uploads/${secureFilename(file.filename)}`);
 *   return `${file.size} bytes`;
 * });
 */
export class FileStorage {
  /** The form field name. */
  readonly name: string;
  /** The file name the client sent (may be empty; never trust it as a path). */
  readonly filename: string;
  /** The part's Content-Type, e.g. "image/png". */
  readonly contentType: string;
  readonly data: Uint8Array;

  constructor(init: { name: string; filename: string; contentType: string; data: Uint8Array }) {
    this.name = init.name;
    this.filename = init.filename;
    this.contentType = init.contentType;
    this.data = init.data;
  }

  /** The Content-Type without parameters. */
  get mimetype(): string {
    return this.contentType.split(";")[0]!.trim().toLowerCase();
  }

  get size(): number {
    return this.data.byteLength;
  }

  /** The content decoded as UTF-8. */
  text(): string {
    return new TextDecoder().decode(this.data);
  }

  /** Writes the content to `path` (the file system is only touched here). */
  async save(path: string): Promise<void> {
    const { writeFile } = await import("node:fs/promises");
    await writeFile(path, this.data);
  }
}

/**
 * A file name safe to use on a file system, like Werkzeug's `secure_filename`: ASCII letters,
 * digits, `.`, `_` and `-` only, no leading dots, never a path.
 *
 * @example
 * secureFilename("../../etc/passwd"); // "etc_passwd"
 * secureFilename("My cool movie.mov"); // "My_cool_movie.mov"
 */
export function secureFilename(filename: string): string {
  const ascii = filename.normalize("NFKD").replace(/[^\p{ASCII}]/gu, "");
  const joined = ascii
    .split(/[/\\]/)
    .filter((part) => part !== "")
    .join(" ");
  const cleaned = joined
    .replace(/\s+/g, "_")
    .replace(/[^A-Za-z0-9_.-]/g, "")
    .replace(/^[._]+|[._]+$/g, "");
  // Windows device names would still refer to devices, whatever the folder.
  if (/^(CON|PRN|AUX|NUL|COM\d|LPT\d)(\.|$)/i.test(cleaned)) return `_${cleaned}`;
  return cleaned;
}
