// Tiny response helpers. They only call startResponse and return a body: the app stays a raw
// TSGI app, so every status line and header is visible in the code that sends it.
import type { Body, HeaderList, StartResponse, Status } from "@tsgi/core";

const encoder = new TextEncoder();

/** UTF-8 text as a one-chunk body; Content-Length is known, so it is sent. */
export function respond(
  startResponse: StartResponse,
  status: Status,
  contentType: string,
  text: string,
  headers: HeaderList = [],
): Body {
  const body = encoder.encode(text);
  startResponse(status, [
    ["Content-Type", contentType],
    ["Content-Length", String(body.byteLength)],
    ...headers,
  ]);
  return [body];
}

/** An HTML page (see html.ts for building one). */
export function respondHtml(
  startResponse: StartResponse,
  status: Status,
  html: string,
  headers: HeaderList = [],
): Body {
  return respond(startResponse, status, "text/html; charset=utf-8", html, headers);
}
