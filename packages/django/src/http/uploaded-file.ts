/**
 * A file from a multipart form (Django's `UploadedFile`), held in memory.
 *
 * @example
 * const upload = request.FILES.get("avatar");
 * if (upload) console.log(upload.name, upload.size, upload.contentType);
 */
export class UploadedFile {
  constructor(
    /** The file name the client sent (path parts removed). */
    readonly name: string,
    /** The part's Content-Type, e.g. "image/png". */
    readonly contentType: string,
    /** The bytes. */
    readonly content: Uint8Array,
    /** The part's charset, when it names one. */
    readonly charset?: string,
  ) {}

  /** Size in bytes. */
  get size(): number {
    return this.content.byteLength;
  }

  /** The content decoded as UTF-8. */
  text(): string {
    return new TextDecoder().decode(this.content);
  }

  /** The content in chunks of `size` bytes (Django's `chunks()`). */
  *chunks(size = 64 * 1024): Generator<Uint8Array> {
    for (let offset = 0; offset < this.content.byteLength; offset += size) {
      yield this.content.subarray(offset, offset + size);
    }
  }
}

/**
 * `request.FILES`: field name → uploaded files (several per name for `<input multiple>`);
 * `get` returns the last, like QueryDict.
 *
 * @example
 * request.FILES.getList("photos").length;
 */
export class FileDict {
  #files = new Map<string, UploadedFile[]>();

  /** Adds a file under `name`. */
  append(name: string, file: UploadedFile): void {
    const list = this.#files.get(name);
    if (list === undefined) this.#files.set(name, [file]);
    else list.push(file);
  }

  /** The last file sent as `name`. */
  get(name: string): UploadedFile | undefined {
    const list = this.#files.get(name);
    return list?.[list.length - 1];
  }

  /** Every file sent as `name`. */
  getList(name: string): UploadedFile[] {
    return [...(this.#files.get(name) ?? [])];
  }

  has(name: string): boolean {
    return this.#files.has(name);
  }

  keys(): string[] {
    return [...this.#files.keys()];
  }

  get size(): number {
    return this.#files.size;
  }
}
