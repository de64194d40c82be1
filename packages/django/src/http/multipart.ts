import busboy from "busboy";
import {
  BadRequest,
  RequestDataTooBig,
  TooManyFieldsSent,
  TooManyFilesSent,
} from "../core/exceptions.ts";
import { UploadedFile } from "./uploaded-file.ts";

/** Limits for {@link parseMultipart}; `null` means none (as Django's settings). */
export interface MultipartLimits {
  /** Total bytes of the non-file fields (DATA_UPLOAD_MAX_MEMORY_SIZE). */
  maxMemorySize: number | null;
  /** DATA_UPLOAD_MAX_NUMBER_FIELDS. */
  maxFields: number | null;
  /** DATA_UPLOAD_MAX_NUMBER_FILES. */
  maxFiles: number | null;
  /** Largest single file (FILE_UPLOAD_MAX_SIZE). */
  maxFileSize: number;
}

/** The fields and files of a multipart body, in order. */
export interface MultipartResult {
  fields: [string, string][];
  files: [string, UploadedFile][];
}

/**
 * Parses a `multipart/form-data` body with busboy, as it streams in, enforcing Django's
 * limits: too many fields or files, too much field data or a too large file are 400s, and
 * a malformed body is a `BadRequest` naming the problem, never a hang.
 *
 * @example
 * const { fields, files } = await parseMultipart(environ["tsgi.input"], environ.CONTENT_TYPE!, limits);
 */
export async function parseMultipart(
  input: AsyncIterable<Uint8Array>,
  contentType: string,
  limits: MultipartLimits,
): Promise<MultipartResult> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      defParamCharset: "utf8",
      limits: {
        ...(limits.maxFields === null ? {} : { fields: limits.maxFields }),
        ...(limits.maxFiles === null ? {} : { files: limits.maxFiles }),
        fileSize: limits.maxFileSize,
      },
    });
  } catch (error) {
    throw new BadRequest(`Invalid multipart/form-data request: ${(error as Error).message}`);
  }

  const result: MultipartResult = { fields: [], files: [] };
  let fieldBytes = 0;
  let failure: Error | undefined;
  const pending: Promise<void>[] = [];
  const fail = (error: Error) => {
    failure ??= error;
  };

  parser.on("field", (name, value, info) => {
    fieldBytes += Buffer.byteLength(name) + Buffer.byteLength(value);
    if (limits.maxMemorySize !== null && fieldBytes > limits.maxMemorySize) {
      fail(new RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE."));
    } else if (info.valueTruncated) {
      fail(new RequestDataTooBig(`The multipart field ${name} is too large.`));
    } else {
      result.fields.push([name, value]);
    }
  });
  parser.on("file", (name, stream, info) => {
    const chunks: Buffer[] = [];
    pending.push(
      new Promise<void>((resolve) => {
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("limit", () =>
          fail(
            new RequestDataTooBig(
              `The uploaded file ${info.filename} exceeded settings.FILE_UPLOAD_MAX_SIZE.`,
            ),
          ),
        );
        stream.on("error", (error: Error) => {
          fail(new BadRequest(`Invalid multipart/form-data request: ${error.message}`));
          resolve();
        });
        stream.on("close", () => {
          // A part without a filename is a plain field sent as a file: Django keeps it as a
          // file only when a filename was given.
          if (info.filename !== undefined && info.filename !== "") {
            const fileName = info.filename.split(/[\\/]/).pop() ?? "";
            const charset = /charset=([^;]+)/i.exec(info.mimeType)?.[1];
            result.files.push([
              name,
              new UploadedFile(fileName, info.mimeType, Buffer.concat(chunks), charset),
            ]);
          }
          resolve();
        });
      }),
    );
  });
  parser.on("fieldsLimit", () =>
    fail(
      new TooManyFieldsSent(
        "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS.",
      ),
    ),
  );
  parser.on("filesLimit", () =>
    fail(
      new TooManyFilesSent("The number of files exceeded settings.DATA_UPLOAD_MAX_NUMBER_FILES."),
    ),
  );

  const finished = new Promise<void>((resolve) => {
    parser.on("close", () => resolve());
    parser.on("error", (error: Error) => {
      fail(new BadRequest(`Invalid multipart/form-data request: ${error.message}`));
      resolve();
    });
  });

  for await (const chunk of input) {
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
  if (failure === undefined) {
    parser.end();
    await finished;
    await Promise.all(pending);
  } else {
    parser.destroy();
  }
  if (failure !== undefined) throw failure;
  return result;
}
