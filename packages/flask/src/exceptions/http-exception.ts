import { Response } from "../wrappers/response.ts";
import { escapeHtml } from "../helpers/escape.ts";

/** Options shared by every {@link HTTPException}. */
export interface HTTPExceptionOptions {
  /** A response to send instead of the generated error page (Werkzeug's `response=`). */
  response?: Response;
  /** The error that caused this one (e.g. the original error behind a 500). */
  cause?: unknown;
}

/**
 * The base of every HTTP error, like Werkzeug's `HTTPException`: a status `code`, a `name`
 * (the reason phrase) and a `description` shown on the HTML error page. Throw one anywhere
 * in a view or hook (or call `abort(code)`); the app turns it into a response, after giving
 * the error handlers registered with `errorhandler(code | Class)` a chance.
 *
 * @example
 * throw new HTTPException(418, "No coffee here.", { name: "I'm a teapot" });
 * new NotFound().getResponse().statusCode; // 404
 */
export class HTTPException extends Error {
  /** The HTTP status code, e.g. 404. Numeric, as in Werkzeug. */
  readonly code: number;
  /** The HTML-safe text shown on the error page (it is escaped when rendered). */
  description: string;
  /** A response to send as is instead of the error page. */
  response: Response | undefined;
  /** The reason phrase, e.g. "Not Found". */
  readonly statusName: string;

  constructor(
    code: number,
    description?: string,
    options: HTTPExceptionOptions & { name?: string } = {},
  ) {
    super(description ?? "", options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.statusName = options.name ?? "Unknown Error";
    this.description = description ?? "";
    this.response = options.response;
    this.message = `${code} ${this.statusName}: ${this.description}`;
    this.name = new.target.name;
  }

  /** Extra headers the error page carries (`Allow`, `WWW-Authenticate`, …). */
  getHeaders(): [string, string][] {
    return [["Content-Type", "text/html; charset=utf-8"]];
  }

  /** The HTML body of the error page, in Werkzeug's layout. */
  getBody(): string {
    const title = `${this.code} ${this.statusName}`;
    const description = this.description === "" ? "" : `<p>${escapeHtml(this.description)}</p>\n`;
    return (
      "<!doctype html>\n<html lang=en>\n" +
      `<title>${escapeHtml(title)}</title>\n<h1>${escapeHtml(this.statusName)}</h1>\n` +
      description
    );
  }

  /** The response to send: `this.response` when given, else the HTML error page. */
  getResponse(): Response {
    if (this.response !== undefined) return this.response;
    return new Response(this.getBody(), {
      status: `${this.code} ${this.statusName}`,
      headers: this.getHeaders(),
    });
  }
}
