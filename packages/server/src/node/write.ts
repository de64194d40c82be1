import type { Write } from "@tsgi/core";
import { codedError } from "./errors.ts";
import { rejected, typeOf } from "./exchange-helpers.ts";
import type { Exchange } from "./exchange.ts";

const RESOLVED = Promise.resolve();

/**
 * PEP 3333's `write` callable, returned by `startResponse`. It sends the headers at its first
 * call and resolves once node took the chunk, waiting for 'drain' when node's buffer is full
 * (backpressure). Misuse rejects with a coded error instead of throwing.
 */
export function createWrite(exchange: Exchange): Write {
  return (chunk) => {
    const refused = !(chunk instanceof Uint8Array)
      ? codedError(
          TypeError,
          "TSGI_E_INVALID_CHUNK",
          `write() takes a Uint8Array, got ${typeOf(chunk)}`,
        )
      : exchange.aborted
        ? codedError(Error, "TSGI_E_CLIENT_DISCONNECTED", "the client disconnected")
        : exchange.ended
          ? codedError(Error, "TSGI_E_WRITE_AFTER_END", "write() after the response was finished")
          : undefined;
    if (refused !== undefined) return rejected(refused);
    try {
      return exchange.send(chunk) ? RESOLVED : exchange.drained();
    } catch (error) {
      return rejected(error);
    }
  };
}
