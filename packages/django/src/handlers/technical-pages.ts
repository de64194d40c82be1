// The pages the handler answers with when a view fails. In DEBUG, "technical" pages that help
// the developer (the 404 lists the URL patterns tried, the 500 shows the stack); otherwise the
// short pages Django's defaults render, which reveal nothing about the code.
import type { HttpRequest } from "../http/request.ts";
import { Resolver404, type TriedRoute } from "../urls/exceptions.ts";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#x27;",
};

/**
 * Escapes text for HTML.
 *
 * @example
 * escapeHtml("<b>"); // "&lt;b&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

const STYLE = `body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1f2328; }
header { padding: 1rem 2rem; background: #ffc; border-bottom: 1px solid #ddd; }
header.error { background: #fde8e8; }
h1 { margin: 0 0 .4rem; font-size: 1.5rem; } main { padding: 1rem 2rem; }
table { border-collapse: collapse; } th { text-align: right; padding-right: 1rem; color: #555; }
ol li { font-family: ui-monospace, monospace; } pre { background: #f6f8fa; padding: 1rem; overflow-x: auto; }
footer { padding: 1rem 2rem; color: #666; border-top: 1px solid #ddd; }`;

function page(title: string, header: string, body: string, headerClass = ""): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="robots" content="NONE,NOARCHIVE"><title>${title}</title><style>${STYLE}</style></head>
<body>
<header${headerClass ? ` class="${headerClass}"` : ""}>${header}</header>
<main>${body}</main>
<footer>You're seeing this error because you have <code>DEBUG = true</code> in your settings.
Change that to <code>false</code>, and the server will display a standard page instead.</footer>
</body>
</html>
`;
}

function routeText(route: TriedRoute): string {
  const last = route[route.length - 1] as { name?: string } | undefined;
  const patterns = route.map((entry) => entry.describe()).join(" ");
  return last?.name === undefined ? patterns : `${patterns} [name='${last.name}']`;
}

/**
 * Django's technical 404 page: the path, and — when no pattern matched — every pattern tried
 * in order. Only ever rendered in DEBUG.
 *
 * @example
 * technical404(request, new Resolver404("nope/", tried));
 */
export function technical404(request: HttpRequest, error: Error): string {
  const path = escapeHtml(request.pathInfo.replace(/^\//, ""));
  const header = `<h1>Page not found <span>(404)</span></h1>
<table><tr><th>Request Method:</th><td>${escapeHtml(request.method)}</td></tr>
<tr><th>Request URL:</th><td>${escapeHtml(safeAbsoluteUri(request))}</td></tr>
${request.resolverMatch ? `<tr><th>Raised by:</th><td>${escapeHtml(request.resolverMatch.viewName)}</td></tr>` : ""}</table>`;
  let body: string;
  if (error instanceof Resolver404) {
    const tried = error.tried.map((route) => `<li>${escapeHtml(routeText(route))}</li>`).join("\n");
    body =
      error.tried.length === 0
        ? `<p>Your URLconf is empty, so no URL pattern could match <code>${path}</code>.</p>`
        : `<p>Using the URLconf defined in <code>ROOT_URLCONF</code>, Django tried these URL patterns, in this order:</p>
<ol>
${tried}
</ol>
<p>The current path, <code>${path}</code>, didn't match any of these.</p>`;
  } else {
    body = `<p>${escapeHtml(error.message)}</p>`;
  }
  return page("Page not found at /" + path, header, body);
}

/**
 * The DEBUG page for an error in a view: type, message, stack, request details. `status` is
 * 500, or 400 for a SuspiciousOperation (as Django shows those in DEBUG).
 *
 * @example
 * technical500(request, new TypeError("x is undefined"), 500);
 */
export function technical500(request: HttpRequest, error: unknown, status: number): string {
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? (error.stack ?? message) : String(error);
  const header = `<h1>${escapeHtml(name)} at /${escapeHtml(request.pathInfo.replace(/^\//, ""))}</h1>
<p>${escapeHtml(message)}</p>
<table><tr><th>Request Method:</th><td>${escapeHtml(request.method)}</td></tr>
<tr><th>Request URL:</th><td>${escapeHtml(safeAbsoluteUri(request))}</td></tr>
<tr><th>Status:</th><td>${status}</td></tr>
<tr><th>Exception Type:</th><td>${escapeHtml(name)}</td></tr>
<tr><th>Exception Value:</th><td>${escapeHtml(message)}</td></tr>
<tr><th>Server:</th><td>${escapeHtml(String(request.META["tsgi.server"] ?? "unknown"))}</td></tr></table>`;
  const body = `<h2>Traceback</h2>
<pre>${escapeHtml(stack)}</pre>
<h2>Request information</h2>
<table>${["GET", "COOKIES"]
    .map(
      (label) =>
        `<tr><th>${label}</th><td><code>${escapeHtml(requestPart(request, label))}</code></td></tr>`,
    )
    .join("\n")}</table>`;
  return page(`${escapeHtml(name)} at ${escapeHtml(request.path)}`, header, body, "error");
}

function requestPart(request: HttpRequest, label: string): string {
  if (label === "GET") return request.GET.urlencode() || "(none)";
  // Cookie values may be session secrets: show names only.
  return Object.keys(request.COOKIES).join(", ") || "(none)";
}

function safeAbsoluteUri(request: HttpRequest): string {
  try {
    return request.buildAbsoluteUri();
  } catch {
    return request.getFullPath();
  }
}

/** The default pages outside DEBUG, as Django's `django.views.defaults`. */
export const DEFAULT_PAGES: Readonly<Record<number, string>> = {
  400: '<!doctype html>\n<html lang="en">\n<head>\n  <title>Bad Request (400)</title>\n</head>\n<body>\n  <h1>Bad Request (400)</h1><p></p>\n</body>\n</html>\n',
  403: '<!doctype html>\n<html lang="en">\n<head>\n  <title>403 Forbidden</title>\n</head>\n<body>\n  <h1>403 Forbidden</h1><p></p>\n</body>\n</html>\n',
  404: '<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n',
  500: '<!doctype html>\n<html lang="en">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n',
};
