import busboy from "busboy";
import type { InputStream } from "@tsgi/core";
import { MultiDict } from "../datastructures/multidict.ts";
import { BadRequest, RequestEntityTooLarge } from "../exceptions/classes.ts";
import { FileStorage } from "./file-storage.ts";

/** Limits applied while a body is read; `null` means no limit. */
export interface BodyLimits {
  /** Whole body, bytes (`MAX_CONTENT_LENGTH`). */
  maxContentLength: number | null;
  /** Non-file form fields together, bytes (`MAX_FORM_MEMORY_SIZE`, default 500 000). */
  maxFormMemorySize: number | null;
  /** Number of multipart parts (`MAX_FORM_PARTS`, default 1000). */
  maxFormParts: number | null;
}

/**
 * Reads the whole body, answering 413 as soon as it passes `maxContentLength` (a chunked body
 * has no Content-Length to check up front).
 *
 * @example
 * const bytes = await readLimited(environ["tsgi.input"], 1024 * 1024);
 */
export async function readLimited(input: InputStream, limit: number | null): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of input) {
    total += chunk.byteLength;
    if (limit !== null && total > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * Parses `application/x-www-form-urlencoded` bytes; fields past `maxFormMemorySize` → 413.
 *
 * @example
 * parseUrlEncoded(new TextEncoder().encode("a=1&a=2"), limits).getAll("a"); // ["1", "2"]
 */
export function parseUrlEncoded(bytes: Uint8Array, limits: BodyLimits): MultiDict<string> {
  if (limits.maxFormMemorySize !== null && bytes.byteLength > limits.maxFormMemorySize) {
    throw new RequestEntityTooLarge(
      `The form data is larger than the ${limits.maxFormMemorySize} bytes allowed (MAX_FORM_MEMORY_SIZE).`,
    );
  }
  return MultiDict.fromQueryString(new TextDecoder().decode(bytes));
}

/**
 * Streams a `multipart/form-data` body through busboy: fields into a `MultiDict` of strings,
 * files into `FileStorage`s, with every limit enforced while reading (413), and a malformed
 * body answered with 400.
 *
 * @example
 * const { form, files } = await parseMultipart(environ["tsgi.input"], contentType, limits);
 */
export async function parseMultipart(
  input: InputStream,
  contentType: string,
  limits: BodyLimits,
): Promise<{ form: MultiDict<string>; files: MultiDict<FileStorage> }> {
  const form = new MultiDict<string>();
  const files = new MultiDict<FileStorage>();
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      defParamCharset: "utf8",
      limits: {
        ...(limits.maxContentLength === null ? {} : { fileSize: limits.maxContentLength }),
        ...(limits.maxFormMemorySize === null ? {} : { fieldSize: limits.maxFormMemorySize }),
        ...(limits.maxFormParts === null ? {} : { parts: limits.maxFormParts }),
      },
    });
  } catch (error) {
    throw new BadRequest(`The multipart body cannot be parsed: ${describe(error)}.`);
  }

  let failure: Error | undefined;
  let fieldBytes = 0;
  const fail = (error: Error) => {
    failure ??= error;
  };
  const pendingFiles: Promise<void>[] = [];
  parser.on("field", (name, value, info) => {
    fieldBytes += value.length;
    const limit = limits.maxFormMemorySize;
    if (info.valueTruncated || (limit !== null && fieldBytes > limit)) {
      fail(
        new RequestEntityTooLarge(
          `The form field ${JSON.stringify(name)} makes the form data larger than the ${limit} bytes allowed (MAX_FORM_MEMORY_SIZE).`,
        ),
      );
      return;
    }
    form.add(name, value);
  });
  parser.on("file", (name, stream, info) => {
    const chunks: Buffer[] = [];
    pendingFiles.push(
      new Promise<void>((resolve) => {
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("limit", () => fail(tooLarge(limits.maxContentLength ?? 0)));
        stream.on("error", (error: Error) => {
          fail(
            new BadRequest(
              `The uploaded file ${JSON.stringify(name)} could not be read: ${error.message}.`,
            ),
          );
          resolve();
        });
        stream.on("close", () => {
          files.add(
            name,
            new FileStorage({
              name,
              filename: info.filename ?? "",
              contentType: info.mimeType || "application/octet-stream",
              data: new Uint8Array(Buffer.concat(chunks)),
            }),
          );
          resolve();
        });
      }),
    );
  });
  parser.on("partsLimit", () =>
    fail(
      new RequestEntityTooLarge(
        `The form has more than the ${limits.maxFormParts} parts allowed (MAX_FORM_PARTS).`,
      ),
    ),
  );

  const finished = new Promise<void>((resolve) => {
    parser.on("close", resolve);
    parser.on("error", (error: Error) => {
      fail(new BadRequest(`The multipart body is malformed: ${error.message}.`));
      resolve();
    });
  });

  let total = 0;
  try {
    for await (const chunk of input) {
      total += chunk.byteLength;
      if (limits.maxContentLength !== null && total > limits.maxContentLength) {
        throw tooLarge(limits.maxContentLength);
      }
      if (failure !== undefined) break;
      if (!parser.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            parser.off("drain", done);
            parser.off("close", done);
            parser.off("error", done);
            resolve();
          };
          parser.on("drain", done);
          parser.on("close", done);
          parser.on("error", done);
        });
      }
    }
  } catch (error) {
    parser.destroy();
    throw error;
  }
  if (failure === undefined) {
    parser.end();
    await finished;
    await Promise.all(pendingFiles);
  } else {
    parser.destroy();
  }
  if (failure !== undefined) throw failure;
  return { form, files };
}

function tooLarge(limit: number): RequestEntityTooLarge {
  return new RequestEntityTooLarge(
    `The request body is larger than the ${limit} bytes allowed (MAX_CONTENT_LENGTH).`,
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
