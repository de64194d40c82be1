import { STATUS_CODES } from "node:http";
import { renderTracebackPage } from "../dev/traceback-page.ts";
import { clientErrorStatus, hasCode, messageOf, stackOf } from "./exchange-helpers.ts";
import type { Exchange } from "./exchange.ts";
import { respondShort } from "./plain-response.ts";

/**
 * The app failed: it threw or rejected, or produced a bad body or chunk. Before headers: a
 * plain 500 (in dev mode an HTML traceback page), or the client-error status (400, 408,
 * 413…) when the app only passed on the error the server put into `tsgi.input` for a broken
 * or oversized request. After headers: the connection is aborted, so the client sees an
 * incomplete response. Always one line in the error log, with the stack, except for errors
 * the client's disconnect itself caused.
 */
export function failExchange(exchange: Exchange, error: unknown): void {
  // The server's own injected read error, or core's truncated-body error: the client's fault.
  const fromInput =
    (exchange.inputError !== undefined && error === exchange.inputError) ||
    hasCode(error, "TSGI_E_INPUT_TRUNCATED");
  if (exchange.aborted) {
    // A rejected write() or read after the client left is a consequence, not a bug.
    if (!fromInput && !hasCode(error, "TSGI_E_CLIENT_DISCONNECTED")) {
      exchange.log(
        "ERROR",
        `Error handling request ${exchange.requestLine} after the client left\n${stackOf(error)}`,
      );
    }
    return;
  }
  if (fromInput) {
    exchange.log("WARNING", `request body error for ${exchange.requestLine}: ${messageOf(error)}`);
  } else {
    exchange.log("ERROR", `Error handling request ${exchange.requestLine}\n${stackOf(error)}`);
  }
  if (exchange.ended) return;
  if (exchange.headersSent) {
    exchange.abortResponse();
    return;
  }
  if (fromInput) {
    // A half-read body may still be arriving: do not parse what follows as a new request.
    exchange.closeAfterResponse();
    const status = clientErrorStatus(error);
    respondShort(exchange, { status, text: STATUS_CODES[status] ?? "Error" });
    return;
  }
  if (exchange.context.dev) {
    const req = exchange.req;
    const text = renderTracebackPage({
      error,
      method: req.method ?? "-",
      target: req.url ?? "-",
      server: exchange.context.name,
    });
    respondShort(exchange, { status: 500, text, contentType: "text/html; charset=utf-8" });
    return;
  }
  respondShort(exchange, { status: 500, text: STATUS_CODES[500]! });
}
