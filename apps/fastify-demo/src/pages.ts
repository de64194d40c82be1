/** The HTML home page, and the escaping it needs for request data. */

/**
 * Escapes text for HTML element content and attribute values.
 *
 * @example
 * escapeHtml(`<a href="x">`); // "&lt;a href=&quot;x&quot;&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The home page: what the demo serves, with the visitor's name from `?name=` escaped. Every
 * link starts with `prefix`, the app's mount point ("" at the root).
 *
 * @example
 * homePage("Ada"); // "<!doctype html>…Hello, Ada…"
 * homePage("Ada", "/fastify"); // links to "/fastify/api/todos", …
 */
export function homePage(name: string, prefix = ""): string {
  const b = escapeHtml(prefix);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Fastify on TSGI</title>
<link rel="stylesheet" href="${b}/static/style.css">
</head>
<body>
<h1><img src="${b}/static/logo.svg" alt="" width="32" height="32"> Hello, ${escapeHtml(name)}</h1>
<p>A Fastify 5 app, served natively or by any TSGI server.</p>
<ul>
<li><a href="${b}/api/todos">/api/todos</a>: the JSON API</li>
<li><a href="${b}/static/hello.txt">/static/hello.txt</a>: a static file</li>
<li><a href="${b}/visit">/visit</a>: a cookie counter</li>
<li><a href="${b}/stream">/stream</a>: a streamed response</li>
<li><a href="${b}/boom">/boom</a>: Fastify's own 500 JSON</li>
</ul>
<form method="post" action="${b}/upload" enctype="multipart/form-data">
<input type="file" name="file"> <button>Upload</button>
</form>
</body>
</html>
`;
}
