// FileResponse is the one response that touches the file system (for the file's size); the
// bytes go through `tsgi.file_wrapper` when the server offers it, so it can send the file
// straight from disk, and through core's iterating wrapper otherwise.
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { fileContentType, fileWrapper, type Body, type Environ } from "@tsgi/core";
import { HttpResponseBase, type ResponseInit } from "./response.ts";

/** Options of {@link FileResponse}. */
export interface FileResponseInit extends ResponseInit {
  /** `Content-Disposition: attachment` (download) instead of `inline`. */
  asAttachment?: boolean;
  /** The file name the browser sees (default: the file's own name). */
  filename?: string;
  /** Read block size when the server iterates the file. */
  blockSize?: number;
}

/**
 * The Content-Type for a file name by its extension (`application/octet-stream` when
 * unknown); text types get `charset=utf-8`. The table is core's, shared with the other
 * frameworks and the static-files middleware.
 *
 * @example
 * guessContentType("style.css"); // "text/css; charset=utf-8"
 */
export function guessContentType(name: string): string {
  return fileContentType(name);
}

/**
 * The Content-Disposition value for `filename`, with RFC 6266's `filename*` when it is not
 * plain ASCII.
 *
 * @example
 * contentDisposition("report.pdf", true); // 'attachment; filename="report.pdf"'
 */
export function contentDisposition(filename: string, asAttachment: boolean): string {
  const type = asAttachment ? "attachment" : "inline";
  if (/^[\x20-\x7e]*$/.test(filename)) {
    return `${type}; filename="${filename.replace(/[\\"]/g, "\\$&")}"`;
  }
  return `${type}; filename*=utf-8''${encodeURIComponent(filename)}`;
}

/**
 * Streams a file from disk (Django's `FileResponse`): Content-Type from the name,
 * Content-Length from its size, Content-Disposition `inline` (or `attachment`), and the file
 * closed when the response is done, whatever happens. A missing file fails when the handler
 * prepares the response (a 500, as an `open()` that fails in a Django view).
 *
 * @example
 * return new FileResponse("/srv/reports/2024.pdf", { asAttachment: true });
 */
export class FileResponse extends HttpResponseBase {
  readonly streaming = true;
  readonly path: string;
  readonly #blockSize: number;

  constructor(path: string, init: FileResponseInit = {}) {
    const { asAttachment = false, filename, blockSize = 64 * 1024, ...rest } = init;
    super({ contentType: rest.contentType ?? guessContentType(filename ?? path), ...rest });
    this.path = path;
    this.#blockSize = blockSize;
    this.headers.set(
      "Content-Disposition",
      contentDisposition(filename ?? basename(path), asAttachment),
    );
  }

  override async prepare(_environ: Environ): Promise<void> {
    const info = await stat(this.path);
    if (!info.isFile()) throw new Error(`FileResponse: ${this.path} is not a file`);
    this.headers.setDefault("Content-Length", String(info.size));
  }

  override toBody(environ: Environ): Body {
    const wrap = environ["tsgi.file_wrapper"] ?? fileWrapper;
    const body = wrap(this.path, { blockSize: this.#blockSize });
    const close = body.close.bind(body);
    // Keep the server's fast path (the body is the wrapper's own object) and still run the
    // response's closers when the server closes it.
    Object.defineProperty(body, "close", {
      value: async () => {
        await close();
        await this.close();
      },
    });
    return body;
  }
}
