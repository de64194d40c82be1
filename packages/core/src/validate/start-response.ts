import type { HeaderList, StartResponse, Write } from "../types.ts";
import { describe } from "./error.ts";
import type { Reporter } from "./report.ts";
import { asPromise, isThenable } from "./sequence.ts";
import type { ResponseState } from "./response-state.ts";
import { checkHeaders, checkStatus, statusCodeOf } from "./status-headers.ts";

/** What PEP 3333's exc_info becomes in JS: the caught error. Cross-realm errors count too. */
function isErrorLike(value: unknown): boolean {
  if (value instanceof Error) return true;
  const candidate = value as { name?: unknown; message?: unknown } | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.name === "string" &&
    typeof candidate.message === "string"
  );
}

/**
 * Wraps the server's startResponse: checks the app's arguments before the server sees them,
 * checks that the server answers with a write function (and re-throws excInfo once headers
 * are out), and records the accepted status for the body checks.
 */
export function wrapStartResponse(
  serverStartResponse: StartResponse,
  state: ResponseState,
  reporter: Reporter,
): StartResponse {
  return (status: string, headers: HeaderList, excInfo?: unknown): Write => {
    // undefined means "no excInfo"; null does not, because servers test `excInfo !== undefined`.
    const withExcInfo = excInfo !== undefined;
    if (withExcInfo && !isErrorLike(excInfo)) {
      reporter.violation(
        "TSGI_E_EXC_INFO",
        `The app passed ${describe(excInfo)} as excInfo to startResponse; pass the caught Error (startResponse(status, headers, error)), or leave the argument out.`,
      );
    } else if (!withExcInfo && state.started) {
      reporter.violation(
        "TSGI_E_START_RESPONSE_TWICE",
        `The app called startResponse(${JSON.stringify(status)}, ...) after it had already started "${state.status}"; a second call is only allowed with excInfo, to switch to an error response.`,
      );
    }
    checkStatus(status, reporter);
    const facts = checkHeaders(headers, statusCodeOf(status), reporter);
    const headersWereSent = state.headersSent;
    const write: unknown = serverStartResponse(status, headers, excInfo);
    if (withExcInfo && headersWereSent) {
      reporter.violation(
        "TSGI_E_SERVER_EXC_INFO_NOT_RETHROWN",
        "The server's startResponse returned normally when called with excInfo after the headers were sent; it must re-throw excInfo, since the response can no longer change.",
      );
    }
    state.accept(status, facts);
    if (typeof write !== "function") {
      reporter.violation(
        "TSGI_E_SERVER_WRITE_NOT_FUNCTION",
        `The server's startResponse returned ${describe(write)}; it must return the write(chunk) function.`,
      );
      return write as Write;
    }
    return wrapWrite(write as Write, state, reporter);
  };
}

function wrapWrite(write: Write, state: ResponseState, reporter: Reporter): Write {
  return (chunk: Uint8Array): Promise<void> => asPromise(() => checkedWrite(chunk));

  function checkedWrite(chunk: Uint8Array): Promise<void> {
    if (state.closed) {
      reporter.violation(
        "TSGI_E_WRITE_AFTER_CLOSE",
        "The app called write() after the server had closed the response body; the response is over (a timer or callback outlived the request?).",
      );
    }
    state.chunk(chunk, "write");
    state.headersSent = true; // even an empty write() sends the headers (DECISIONS.md 2)
    const result: unknown = write(chunk);
    if (!isThenable(result)) {
      reporter.violation(
        "TSGI_E_SERVER_WRITE_NOT_PROMISE",
        `The server's write() returned ${describe(result)}; it must return a Promise that settles when the chunk was handed to the transport.`,
      );
    }
    return result as Promise<void>;
  }
}
