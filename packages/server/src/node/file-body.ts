import { open } from "node:fs/promises";
import type { FileBody } from "@tsgi/core";
import type { Exchange } from "./exchange.ts";

/**
 * Streams a `tsgi.file_wrapper` body straight from disk. Knowing the file's size lets the
 * server send Content-Length (the app did not have to stat the file); `start` and `length`
 * select a range. Reads follow the client's pace: the next block is read only when node
 * took the previous one. The caller closes the body and ends the response.
 */
export async function sendFileBody(exchange: Exchange, body: FileBody): Promise<void> {
  // Opening the file first means a missing file is an error before headers (a clean 500).
  const file = await open(body.path, "r");
  try {
    const { size } = await file.stat();
    const start = Math.max(0, body.start);
    const available = Math.max(0, size - start);
    const length =
      body.length === undefined ? available : Math.max(0, Math.min(body.length, available));
    // Also for HEAD, which gets the same Content-Length as GET.
    if (exchange.head?.contentLength === undefined) exchange.knownLength = length;
    if (length === 0 || exchange.sendsNoBody() || exchange.stopped) return;
    const stream = file.createReadStream({
      start,
      end: start + length - 1,
      highWaterMark: body.blockSize,
      autoClose: false,
    });
    try {
      for await (const chunk of stream) {
        if (!exchange.send(chunk as Uint8Array)) await exchange.drained();
        if (exchange.stopped) break;
      }
    } finally {
      stream.destroy();
    }
  } finally {
    await file.close();
  }
}
