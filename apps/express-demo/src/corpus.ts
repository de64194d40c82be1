/**
 * Shared by express-demo and fastify-demo, the same app written in two frameworks (fastify-demo
 * imports it as `@tsgi/express-demo/corpus`), so both are held to one specification.
 *
 * The one corpus of requests the differential tests send to the demo app natively and on
 * every TSGI server. Order matters: it creates and deletes todos, so ids line up only when every
 * target starts from a fresh app and gets the requests in this order.
 */
import type { CorpusRequest } from "@tsgi/server/testing";

const BOUNDARY = "----tsgi-differential-boundary";

/** Every byte value, so an upload that mangles binary data cannot pass. */
const BINARY = Uint8Array.from({ length: 1024 }, (_, index) => index % 256);

function multipart(
  parts: { name: string; filename?: string; type?: string; data: Uint8Array | string }[],
): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? "" : `; filename="${part.filename}"`}`;
    const type = part.type === undefined ? "" : `Content-Type: ${part.type}\r\n`;
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`));
    chunks.push(Buffer.from(part.data));
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

const json = (value: unknown) => ({
  headers: { "content-type": "application/json" },
  body: JSON.stringify(value),
});

const etagOf =
  (name: string) => (earlier: ReadonlyMap<string, { headers: [string, string][] }>) => {
    const etag = earlier.get(name)?.headers.find(([header]) => header === "etag")?.[1];
    return { "if-none-match": etag ?? "missing" };
  };

/** The corpus, in the order it is sent. */
export const CORPUS: readonly CorpusRequest[] = [
  // The HTML page, with request data that must come back escaped.
  { name: "home", method: "GET", path: "/" },
  { name: "home unicode name", method: "GET", path: "/?name=Zo%C3%AB%20%3Cb%3E%F0%9F%98%80" },
  { name: "home HEAD", method: "HEAD", path: "/" },
  // The JSON API.
  { name: "list", method: "GET", path: "/api/todos" },
  { name: "create", method: "POST", path: "/api/todos", ...json({ title: "Try TSGI ✓" }) },
  {
    name: "create invalid",
    method: "POST",
    path: "/api/todos",
    ...json({ title: "", done: "yes" }),
  },
  { name: "create not an object", method: "POST", path: "/api/todos", ...json([1, 2]) },
  { name: "list after create", method: "GET", path: "/api/todos" },
  { name: "get 2", method: "GET", path: "/api/todos/2" },
  { name: "get 1 percent-encoded", method: "GET", path: "/api/todos/%31" },
  { name: "get missing", method: "GET", path: "/api/todos/999" },
  { name: "delete 2", method: "DELETE", path: "/api/todos/2" },
  { name: "get deleted", method: "GET", path: "/api/todos/2" },
  { name: "delete missing", method: "DELETE", path: "/api/todos/2" },
  { name: "options", method: "OPTIONS", path: "/api/todos" },
  // Inputs as the framework parses them: query strings, repeated headers, bodies, cookies.
  {
    name: "echo query",
    method: "GET",
    path: "/api/echo?q=caf%C3%A9&emoji=%F0%9F%98%80&plus=a+b&list=1&list=2&empty=&raw=%2F%3F%26",
    headers: { "x-tag": ["first", "second"], "user-agent": "differential/1" },
  },
  {
    name: "echo form",
    method: "POST",
    path: "/api/echo",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "name=J%C3%BCrgen&note=a+b%26c&name2=%E2%9C%93",
  },
  {
    name: "echo json",
    method: "PATCH",
    path: "/api/echo?v=2",
    ...json({ nested: { ok: true }, list: [1, "two"] }),
  },
  {
    name: "echo text",
    method: "PUT",
    path: "/api/echo",
    headers: { "content-type": "text/plain; charset=utf-8" },
    body: "plain text, ünïcödé\n",
  },
  {
    name: "echo cookies",
    method: "GET",
    path: "/api/echo",
    headers: { cookie: "theme=dark; visits=3; quoted=%22hi%22" },
  },
  // Uploads.
  {
    name: "upload",
    method: "POST",
    path: "/upload",
    headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
    body: multipart([
      { name: "note", data: "bytes 0..255, four times" },
      { name: "file", filename: "bytes.bin", type: "application/octet-stream", data: BINARY },
    ]),
  },
  {
    name: "upload without file",
    method: "POST",
    path: "/upload",
    headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
    body: multipart([{ name: "note", data: "no file" }]),
  },
  // Cookies: two Set-Cookie headers in one response.
  { name: "visit first", method: "GET", path: "/visit" },
  { name: "visit again", method: "GET", path: "/visit", headers: { cookie: "visits=41" } },
  // Static files: ranges, conditional GET, HEAD, traversal.
  { name: "static css", method: "GET", path: "/static/style.css" },
  { name: "static svg", method: "GET", path: "/static/logo.svg" },
  { name: "static text", method: "GET", path: "/static/hello.txt" },
  { name: "static HEAD", method: "HEAD", path: "/static/hello.txt" },
  {
    name: "range first 10",
    method: "GET",
    path: "/static/hello.txt",
    headers: { range: "bytes=0-9" },
  },
  {
    name: "range suffix",
    method: "GET",
    path: "/static/hello.txt",
    headers: { range: "bytes=-5" },
  },
  {
    name: "range unsatisfiable",
    method: "GET",
    path: "/static/hello.txt",
    headers: { range: "bytes=5000-" },
  },
  {
    name: "if-none-match",
    method: "GET",
    path: "/static/hello.txt",
    headersFrom: etagOf("static text"),
  },
  {
    name: "if-modified-since",
    method: "GET",
    path: "/static/style.css",
    headers: { "if-modified-since": "Fri, 01 Jan 2100 00:00:00 GMT" },
  },
  { name: "static dir redirect", method: "GET", path: "/static" },
  { name: "static missing", method: "GET", path: "/static/missing.txt" },
  { name: "static traversal", method: "GET", path: "/static/../package.json" },
  // Not found, errors, redirects, streaming.
  { name: "not found unicode", method: "GET", path: "/nope/%E2%9C%93?x=1" },
  { name: "method not routed", method: "PUT", path: "/visit" },
  { name: "boom", method: "GET", path: "/boom" },
  { name: "redirect 301", method: "GET", path: "/old" },
  { name: "redirect 302", method: "GET", path: "/go-home", headers: { accept: "text/html" } },
  { name: "stream", method: "GET", path: "/stream" },
];
