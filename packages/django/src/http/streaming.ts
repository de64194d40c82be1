import type { Body, Environ } from "@tsgi/core";
import { closingBody, encodeText, HttpResponseBase, type ResponseInit } from "./response.ts";

/** What a streaming response iterates: strings (encoded with the charset) or bytes. */
export type StreamingContent = Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/**
 * A response whose body is produced while it is sent (Django's `StreamingHttpResponse`):
 * an iterable or async iterable of strings or bytes, possibly a generator. The generator is
 * closed (its `finally` runs) on every path, including a client disconnect.
 *
 * @example
 * async function* rows() { for await (const q of Question.objects.all()) yield `${q.questionText}\n`; }
 * return new StreamingHttpResponse(rows(), { contentType: "text/plain" });
 */
export class StreamingHttpResponse extends HttpResponseBase {
  readonly streaming = true;
  /** The source; replace it before the response is returned to wrap it (middleware do). */
  streamingContent: StreamingContent;

  constructor(streamingContent: StreamingContent, init: ResponseInit = {}) {
    super(init);
    this.streamingContent = streamingContent;
    // Closing the response closes the source too, even if it was never iterated (HEAD).
    this.addCloser(async () => {
      const source = this.streamingContent as { return?: () => unknown };
      if (typeof source.return === "function") await source.return();
    });
  }

  override toBody(_environ: Environ): Body {
    return closingBody(encodeChunks(this.streamingContent, this.charset), this);
  }
}

async function* encodeChunks(
  source: StreamingContent,
  charset: string,
): AsyncGenerator<Uint8Array> {
  // for await closes the source (calls its return()) when this generator is closed early.
  for await (const chunk of source) {
    yield typeof chunk === "string" ? encodeText(chunk, charset) : chunk;
  }
}
