import type { IncomingMessage, ServerResponse } from "node:http";
import { requestLimits } from "@tsgi/server/node";
import type { ServeOptions } from "@tsgi/server";

/**
 * gunicorn's request limits, counted as the node server counts them (`maxRequestLineSize`
 * → 414, `maxHeaderFieldSize` and `maxHeaderCount` → 431), checked before the app is called.
 * node's own parser limit is set from the same options (`applyServerSettings`), so this only
 * has to catch what fits in node's single buffer but breaks a finer limit.
 */
export function requestLimitsMiddleware(options: ServeOptions) {
  const limits = requestLimits(options);
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const requestLine = `${req.method} ${req.url} HTTP/${req.httpVersion}`.length;
    let refusal: [number, string] | undefined;
    if (requestLine > limits.requestLine) refusal = [414, "URI Too Long"];
    else if (req.rawHeaders.length / 2 > limits.headerCount) {
      refusal = [431, "Request Header Fields Too Large: too many header fields"];
    } else {
      for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) {
        const field = req.rawHeaders[index]!.length + 2 + req.rawHeaders[index + 1]!.length + 2;
        if (field > limits.headerField) {
          refusal = [431, "Request Header Fields Too Large"];
          break;
        }
      }
    }
    if (refusal === undefined) return next();
    const text = `${refusal[1]}\n`;
    res.writeHead(refusal[0], {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Length": Buffer.byteLength(text),
      Connection: "close",
    });
    res.end(text);
  };
}
