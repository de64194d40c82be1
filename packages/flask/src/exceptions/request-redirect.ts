import { Response } from "../wrappers/response.ts";
import { escapeHtml } from "../helpers/escape.ts";
import { HTTPException } from "./http-exception.ts";

/**
 * The 308 routing answers with when a URL needs a trailing slash (or merged slashes, or a
 * rule's `redirectTo`). Error handlers never see it: it is sent as is, as in Flask.
 *
 * @example
 * // app.get("/projects/", …): GET /projects → 308, Location: http://localhost/projects/
 */
export class RequestRedirect extends HTTPException {
  readonly newUrl: string;
  constructor(newUrl: string) {
    super(308, `Redirecting to ${newUrl}`, { name: "Permanent Redirect" });
    this.newUrl = newUrl;
  }
  override getResponse(): Response {
    return redirectResponse(this.newUrl, 308);
  }
}

/**
 * A redirect response with Werkzeug's small HTML body.
 *
 * @example
 * redirectResponse("/login", 303).headers.get("Location"); // "/login"
 */
export function redirectResponse(location: string, code: number): Response {
  const safe = escapeHtml(location);
  const body =
    "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n" +
    `<p>You should be redirected automatically to the target URL: <a href="${safe}">${safe}</a>. If not, click the link.\n`;
  const response = new Response(body, { status: code, mimetype: "text/html" });
  response.headers.set("Location", encodeLocation(location));
  return response;
}

/** Header values are Latin-1: a Location with other characters is percent-encoded (IRI → URI). */
function encodeLocation(location: string): string {
  return location.replace(/[^\x21-\x7e]/gu, (char) => encodeURIComponent(char));
}
