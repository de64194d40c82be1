/**
 * The landing page at `/`: which server runs (`tsgi.server`), the mounted apps with links, and
 * the "same request, every app" panel, whose inline script fetches each app's health route and
 * shows status and time. No external assets: one HTML document, its CSS and script inline.
 */
import type { App, Body, Environ, StartResponse, Status } from "@tsgi/core";
import { escapeHtml } from "./html.ts";
import type { MountInfo } from "./mounts.ts";

const encoder = new TextEncoder();

function respond(
  startResponse: StartResponse,
  status: Status,
  contentType: string,
  text: string,
  isHead: boolean,
): Body {
  const body = encoder.encode(text);
  startResponse(status, [
    ["Content-Type", contentType],
    ["Content-Length", String(body.byteLength)],
    ["Cache-Control", "no-store"],
  ]);
  return isHead ? [] : [body];
}

// Runs in the browser. It reads the rows the server rendered (data-health), requests every
// health route at once and fills in status, time and the app name each one reports.
const PANEL_SCRIPT = `
const rows = [...document.querySelectorAll("#panel tbody tr")];
async function probe(row) {
  const cells = row.querySelectorAll("td");
  cells[1].textContent = "…";
  const started = performance.now();
  try {
    const response = await fetch(row.dataset.health, { cache: "no-store" });
    const ms = Math.round(performance.now() - started);
    const data = await response.json().catch(() => ({}));
    cells[1].textContent = String(response.status);
    cells[2].textContent = ms + " ms";
    cells[3].textContent = typeof data.app === "string" ? data.app : "?";
    row.className = response.ok && data.ok === true ? "ok" : "bad";
  } catch (error) {
    cells[1].textContent = "error";
    cells[2].textContent = String(error);
    row.className = "bad";
  }
}
async function runAll() {
  await Promise.all(rows.map(probe));
  document.getElementById("panel").dataset.done = "true";
}
document.getElementById("again").addEventListener("click", () => {
  document.getElementById("panel").dataset.done = "false";
  void runAll();
});
void runAll();
`;

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { margin-bottom: 0; } .server { color: #555; margin-top: .2rem; }
code { background: #f3f3f3; padding: 0 .25rem; border-radius: 3px; }
ul.apps { list-style: none; padding: 0; } ul.apps li { margin: .8rem 0; }
ul.apps a.home { font-weight: 600; } .extra { font-size: .9rem; color: #555; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left; }
tr.ok td:nth-child(2) { color: #17702a; } tr.bad td:nth-child(2) { color: #b00020; }
`;

/** The landing page's HTML for one request. */
function landingHtml(environ: Environ, mounts: readonly MountInfo[]): string {
  const base = environ.SCRIPT_NAME;
  const server = environ["tsgi.server"] ?? "unknown";
  const href = (path: string): string => escapeHtml(base + path);
  const apps = mounts
    .map((mount) => {
      const extras = mount.extraLinks
        .map((link) => `<a href="${href(link.href)}">${escapeHtml(link.label)}</a>`)
        .join(" · ");
      return `<li><a class="home" href="${href(mount.home)}">${escapeHtml(mount.title)}</a>
<code>${escapeHtml(mount.prefix)}</code> <span class="extra">${extras}</span><br>
${escapeHtml(mount.description)} <span class="extra">(${escapeHtml(mount.packageName)})</span></li>`;
    })
    .join("\n");
  const rows = mounts
    .map(
      (mount) =>
        `<tr data-prefix="${escapeHtml(mount.prefix)}" data-health="${href(mount.health)}"><td><code>${href(mount.health)}</code></td><td>…</td><td></td><td></td></tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TSGI all-in-one</title>
<style>${STYLE}</style>
</head>
<body>
<h1>TSGI all-in-one</h1>
<p class="server">Served by the <strong id="server">${escapeHtml(server)}</strong> server
(<code>tsgi.server</code>). Pick another with <code>TSGI_SERVER=cluster npm start</code>.</p>
<h2>Mounted apps</h2>
<p>One TSGI app: a dispatcher moves each prefix from <code>PATH_INFO</code> to
<code>SCRIPT_NAME</code>, behind one logger, compression and security headers.</p>
<ul class="apps">
${apps}
</ul>
<h2>Same request, every app</h2>
<p>Your browser asks every app for its health route, all at once.
<button id="again" type="button">Run again</button></p>
<table id="panel" data-done="false">
<thead><tr><th>URL</th><th>Status</th><th>Time</th><th>App says</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<script>${PANEL_SCRIPT}</script>
</body>
</html>
`;
}

/**
 * The site's own app, for everything no mount claims: the landing page at `/` (GET and HEAD),
 * `/health` as JSON listing the mounts, and a 404 page with links elsewhere.
 *
 * @example
 * import { createTestClient } from "@tsgi/core/testing";
 * const landing = landingPage(MOUNTS);
 * (await createTestClient(landing).get("/")).text; // "<!doctype html>…"
 */
export function landingPage(mounts: readonly MountInfo[]): App {
  return (environ, startResponse) => {
    const path = environ.PATH_INFO === "" ? "/" : environ.PATH_INFO;
    const method = environ.REQUEST_METHOD;
    const isHead = method === "HEAD";
    if (method !== "GET" && !isHead) {
      startResponse("405 Method Not Allowed", [
        ["Allow", "GET, HEAD"],
        ["Content-Type", "text/plain; charset=utf-8"],
      ]);
      return [encoder.encode(`${method} is not allowed here: use GET or HEAD.\n`)];
    }
    if (path === "/") {
      return respond(
        startResponse,
        "200 OK",
        "text/html; charset=utf-8",
        landingHtml(environ, mounts),
        isHead,
      );
    }
    if (path === "/health") {
      const json = JSON.stringify({
        app: "all-in-one",
        ok: true,
        server: environ["tsgi.server"] ?? null,
        mounts: mounts.map((mount) => mount.prefix),
      });
      return respond(startResponse, "200 OK", "application/json", json, isHead);
    }
    const links = mounts
      .map(
        (mount) =>
          `<li><a href="${escapeHtml(environ.SCRIPT_NAME + mount.home)}">${escapeHtml(mount.title)}</a></li>`,
      )
      .join("");
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>404</title></head><body><h1>404 Not Found</h1><p>Nothing at ${escapeHtml(path)}. <a href="${escapeHtml(`${environ.SCRIPT_NAME}/`)}">The landing page</a> lists the apps:</p><ul>${links}</ul></body></html>\n`;
    return respond(startResponse, "404 Not Found", "text/html; charset=utf-8", html, isHead);
  };
}
