// The one place where the adapter touches a node:http private field. Everything else goes
// through public ServerResponse API (statusCode, getRawHeaderNames, getHeader, …).
import type { ServerResponse } from "node:http";

/**
 * Marks a captured response's headers as sent. `res.headersSent` is a getter over the
 * private `_header` (the rendered head); node has no public way to set it, because only its
 * own `_storeHeader` ever does. It must be set: Express, `send` and `finalhandler` test
 * `headersSent` to decide between answering and destroying, node's `setHeader` must throw
 * ERR_HTTP_HEADERS_SENT afterwards, and middleware such as `compression` test `_header`
 * directly before calling `_implicitHeader()` (node's own, which calls `writeHead`).
 * The value is the head as node would have rendered it, for code that logs it.
 */
export function markHeadersSent(res: ServerResponse, renderedHead: string): void {
  (res as ServerResponse & { _header: string | null })._header = renderedHead;
}
