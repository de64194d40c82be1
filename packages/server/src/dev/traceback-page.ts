// The development-mode error page: what a developer needs to fix the error, in the browser.
// Never used in production mode, where the client gets a plain 500 and the log the traceback.

/** What the traceback page shows. */
export interface TracebackDetails {
  /** Whatever the app threw or rejected with. */
  error: unknown;
  /** The request method, e.g. "GET". */
  method: string;
  /** The request target as sent, e.g. "/orders?id=3". */
  target: string;
  /** The server's name (`tsgi.server`), shown in the footer. */
  server?: string;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML element content and attribute values.
 *
 * @example
 * escapeHtml('<script>alert("x")</script>'); // "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/**
 * Renders the HTML page a dev-mode server answers with (status 500) when an app fails before
 * sending headers: the error's name, message and stack, the request method and path, and a
 * note that this page exists in development mode only. Everything shown is HTML-escaped: the
 * message and the path may contain what a client sent.
 *
 * @example
 * const html = renderTracebackPage({
 *   error: new TypeError("order.total is undefined"),
 *   method: "GET",
 *   target: "/orders/3",
 * });
 * html.includes("TypeError"); // true
 */
export function renderTracebackPage(details: TracebackDetails): string {
  const { name, message, stack } = describeError(details.error);
  const request = `${details.method} ${details.target}`;
  const server = details.server === undefined ? "" : ` (${escapeHtml(details.server)})`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(name)}: ${escapeHtml(truncate(message, 120))}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1f2328; background: #fff; }
header { background: #b42318; color: #fff; padding: 1.25rem 2rem; }
header h1 { margin: 0; font-size: 1.4rem; }
header p { margin: .35rem 0 0; font-size: 1.05rem; white-space: pre-wrap; word-break: break-word; }
main { padding: 1.25rem 2rem; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 1rem;
  overflow-x: auto; font: 13px/1.45 ui-monospace, monospace; }
code { font-family: ui-monospace, monospace; }
.note { color: #59636e; font-size: .9rem; border-top: 1px solid #d0d7de; padding-top: 1rem; }
</style>
</head>
<body>
<header>
<h1>${escapeHtml(name)}</h1>
<p>${escapeHtml(message)}</p>
</header>
<main>
<p>While handling <code>${escapeHtml(request)}</code></p>
<h2>Traceback</h2>
<pre>${escapeHtml(stack)}</pre>
<p class="note">This page is shown because the server runs in development mode
(<code>dev: true</code>)${server}. In production mode the client gets a plain
<code>500 Internal Server Error</code> and the traceback goes to the error log only.
Never run development mode where untrusted clients can reach it.</p>
</main>
</body>
</html>
`;
}

function describeError(error: unknown): { name: string; message: string; stack: string } {
  if (error instanceof Error) {
    const name = error.name || "Error";
    const stack = typeof error.stack === "string" ? error.stack : `${name}: ${error.message}`;
    return { name, message: error.message, stack };
  }
  const text = safeString(error);
  return { name: "Non-Error thrown", message: text, stack: `thrown value: ${text}` };
}

// A thrown value's toString may itself throw (a null-prototype object, a hostile getter).
function safeString(value: unknown): string {
  try {
    return typeof value === "string" ? JSON.stringify(value) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
