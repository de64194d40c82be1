import { escapeHtml } from "../handlers/technical-pages.ts";
import type { HttpRequest } from "../http/request.ts";
import { HttpResponseForbidden } from "../http/response-types.ts";

/**
 * The 403 page for a failed CSRF check (Django's `csrf_failure`). Unlike Django the reason is
 * shown outside DEBUG too: it names a client-side mistake and reveals nothing of the server;
 * the help text appears in DEBUG only.
 *
 * @example
 * csrfFailureResponse(request, "CSRF token missing.").status; // 403
 */
export function csrfFailureResponse(request: HttpRequest, reason: string): HttpResponseForbidden {
  const help = request.settings.DEBUG
    ? `<h2>Help</h2><p>Make sure the form has <code>{% csrf_token %}</code> inside it, or that
the request sends the token in the <code>X-CSRFToken</code> header, and that the browser
accepts the <code>${escapeHtml(request.settings.CSRF_COOKIE_NAME)}</code> cookie.</p>`
    : "";
  return new HttpResponseForbidden(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="robots" content="NONE,NOARCHIVE"><title>403 Forbidden</title></head>
<body>
<h1>Forbidden <span>(403)</span></h1>
<p>CSRF verification failed. Request aborted.</p>
<p>Reason given for failure:</p>
<pre>${escapeHtml(reason)}</pre>
${help}
</body>
</html>
`);
}
