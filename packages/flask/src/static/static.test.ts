import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Flask } from "../app/flask.ts";
import { sendFile, sendFromDirectory } from "./send-file.ts";
import { safeJoin } from "./safe-join.ts";
import { parseRange } from "./range.ts";

const fixtures = new URL("../_fixtures/", import.meta.url);

function makeApp() {
  const app = new Flask(fixtures.href + "app.ts");
  app.config.TESTING = true;
  app.get("/download", function download() {
    return sendFile("static/digits.txt", { asAttachment: true, downloadName: "données.txt" });
  });
  app.get("/cached", function cached() {
    return sendFile("static/digits.txt", { maxAge: 60, mimetype: "application/x-digits" });
  });
  app.get("/files/<path:name>", function files({ name }) {
    return sendFromDirectory("static", String(name));
  });
  return app;
}

describe("static files", () => {
  test("served at /static/<path:filename> with type, length, ETag, Last-Modified", async () => {
    const response = await makeApp().testClient().get("/static/css/site.css");
    assert.equal(response.status, 200);
    assert.equal(response.text, "body {\n  color: red;\n}\n");
    assert.equal(response.header("content-type"), "text/css; charset=utf-8");
    assert.equal(response.header("content-length"), "23");
    assert.match(response.header("etag")!, /^"[0-9a-f]+-[0-9a-f]+-[0-9a-f]+"$/);
    assert.match(response.header("last-modified")!, /GMT$/);
    assert.equal(response.header("cache-control"), "no-cache");
  });

  test("304 for a matching If-None-Match or a recent If-Modified-Since", async () => {
    const client = makeApp().testClient();
    const first = await client.get("/static/css/site.css");
    const etag = first.header("etag")!;
    const byEtag = await client.get("/static/css/site.css", { headers: { "If-None-Match": etag } });
    assert.equal(byEtag.status, 304);
    assert.equal(byEtag.body.byteLength, 0);
    assert.equal(byEtag.header("etag"), etag);
    const byDate = await client.get("/static/css/site.css", {
      headers: { "If-Modified-Since": first.header("last-modified")! },
    });
    assert.equal(byDate.status, 304);
    const stale = await client.get("/static/css/site.css", {
      headers: { "If-None-Match": '"other"' },
    });
    assert.equal(stale.status, 200);
  });

  test("HEAD: headers, no body", async () => {
    const response = await makeApp().testClient().head("/static/digits.txt");
    assert.equal(response.status, 200);
    assert.equal(response.header("content-length"), "20");
    assert.equal(response.body.byteLength, 0);
  });

  test("traversal and missing files are 404", async () => {
    const client = makeApp().testClient();
    for (const path of [
      "/static/../app/flask.ts",
      "/static/%2e%2e/app/flask.ts",
      "/static/nope.css",
      "/static/css",
      "/files/..%2Fapp%2Fflask.ts",
    ]) {
      assert.equal((await client.get(path)).status, 404, path);
    }
    assert.equal((await client.get("/files/digits.txt")).text, "0123456789abcdefghij");
  });

  test("Range: 206 with Content-Range; past the end 416; If-Range mismatch → 200", async () => {
    const client = makeApp().testClient();
    const partial = await client.get("/static/digits.txt", { headers: { Range: "bytes=2-5" } });
    assert.equal(partial.status, 206);
    assert.equal(partial.text, "2345");
    assert.equal(partial.header("content-range"), "bytes 2-5/20");
    assert.equal(partial.header("content-length"), "4");
    const suffix = await client.get("/static/digits.txt", { headers: { Range: "bytes=-3" } });
    assert.equal(suffix.text, "hij");
    const outside = await client.get("/static/digits.txt", { headers: { Range: "bytes=50-" } });
    assert.equal(outside.status, 416);
    assert.equal(outside.header("content-range"), "bytes */20");
    const ifRange = await client.get("/static/digits.txt", {
      headers: { Range: "bytes=0-1", "If-Range": '"stale"' },
    });
    assert.equal(ifRange.status, 200);
    assert.equal(ifRange.text.length, 20);
  });

  test("sendFile: attachment names (UTF-8), maxAge, mimetype", async () => {
    const client = makeApp().testClient();
    const download = await client.get("/download");
    assert.equal(
      download.header("content-disposition"),
      "attachment; filename=\"donnes.txt\"; filename*=UTF-8''donn%C3%A9es.txt",
    );
    const cached = await client.get("/cached");
    assert.equal(cached.header("cache-control"), "public, max-age=60");
    assert.equal(cached.header("content-type"), "application/x-digits");
  });

  test("the server's tsgi.file_wrapper is used when present", async () => {
    const used: string[] = [];
    const app = makeApp();
    const client = app.testClient({
      extraEnviron: {
        "tsgi.file_wrapper": (path: string, options?: { start?: number; length?: number }) => {
          used.push(`${path.split("/").pop()} ${options?.start}+${options?.length}`);
          return [new TextEncoder().encode("from wrapper".slice(0, options?.length))];
        },
      },
    });
    const response = await client.get("/static/digits.txt", { headers: { Range: "bytes=0-3" } });
    assert.deepEqual(used, ["digits.txt 0+4"]);
    assert.equal(response.text, "from");
  });
});

describe("safeJoin and parseRange", () => {
  test("safeJoin refuses everything that leaves the folder", () => {
    assert.equal(safeJoin("/srv/static/", "a/b.css"), "/srv/static/a/b.css");
    assert.equal(safeJoin("/srv", "./a//b"), "/srv/a/b");
    for (const bad of ["../x", "a/../../x", "/etc/passwd", "a\\..\\x", "C:/x", "a\0b", "", "."]) {
      assert.equal(safeJoin("/srv", bad), undefined, bad);
    }
  });

  test("parseRange: one range only", () => {
    assert.deepEqual(parseRange("bytes=0-", 10), { start: 0, end: 9 });
    assert.deepEqual(parseRange("bytes=5-100", 10), { start: 5, end: 9 });
    assert.equal(parseRange("bytes=0-1,3-4", 10), undefined);
    assert.equal(parseRange("items=0-1", 10), undefined);
    assert.equal(parseRange("bytes=5-2", 10), undefined);
    assert.equal(parseRange("bytes=10-", 10), "unsatisfiable");
  });
});
