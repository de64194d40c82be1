// The hello app in process, through the test client (no socket).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createTestClient } from "@tsgi/core/testing";
import { app, createApp } from "./app.ts";
import { MAX_FORM_BYTES } from "./form.ts";
import { escapeHtml } from "./html.ts";

const client = createTestClient(app);

describe("hello app", () => {
  it("GET / is the PEP 3333 hello world", async () => {
    const response = await client.get("/");
    assert.equal(response.status, 200);
    assert.equal(response.text, "Hello, World!\n");
    assert.match(response.header("content-type") ?? "", /^text\/plain/);
  });

  it("GET /health answers JSON", async () => {
    const response = await client.get("/health");
    assert.equal(response.status, 200);
    assert.deepEqual(response.json(), { app: "hello", ok: true });
  });

  it("HEAD / sends GET's headers, Content-Length included, and no body bytes", async () => {
    const get = await client.get("/");
    const head = await client.head("/");
    assert.equal(head.status, 200);
    assert.equal(head.header("content-length"), get.header("content-length"));
    assert.equal(head.body.byteLength, 0);
  });

  it("HEAD /stream closes the streamed GET body without reading it", async () => {
    const head = await createTestClient(createApp({ streamDelayMs: 0 })).head("/stream");
    assert.equal(head.status, 200);
    assert.equal(head.body.byteLength, 0);
  });

  it("GET /environ shows the environ as an HTML table, values escaped", async () => {
    const response = await client.get("/environ?a=1&b=2", {
      headers: { "X-Probe": `<b>"quoted" & 'single'</b>` },
    });
    assert.equal(response.status, 200);
    assert.match(response.header("content-type") ?? "", /^text\/html/);
    assert.match(response.text, /<th>REQUEST_METHOD<\/th><td>GET<\/td>/);
    assert.match(response.text, /<th>PATH_INFO<\/th><td>\/environ<\/td>/);
    assert.match(response.text, /<th>QUERY_STRING<\/th><td>a=1&amp;b=2<\/td>/);
    assert.ok(response.text.includes(escapeHtml(`<b>"quoted" & 'single'</b>`)));
    assert.ok(!response.text.includes("<b>"), "request data never reaches the page unescaped");
    // Objects are shown by type, not dumped.
    assert.match(response.text, /<th>tsgi\.input<\/th><td>«[^»]+»<\/td>/);
    assert.match(response.text, /<th>tsgi\.version<\/th><td>«array» \[1,0\]<\/td>/);
  });

  it("GET /stream returns the lines its async generator yields", async () => {
    const response = await createTestClient(createApp({ streamDelayMs: 1 })).get("/stream");
    assert.equal(response.status, 200);
    assert.match(response.header("content-type") ?? "", /^text\/plain/);
    assert.equal(
      response.text,
      ["line 1 of 5", "line 2 of 5", "line 3 of 5", "line 4 of 5", "line 5 of 5", ""].join("\n"),
    );
  });

  it("GET /form shows a form that posts to /form", async () => {
    const response = await client.get("/form");
    assert.equal(response.status, 200);
    assert.match(response.text, /<form method="post" action="\/form">/);
  });

  it("POST /form echoes the fields, escaped, in order, repeats included", async () => {
    const response = await client.post("/form", {
      body: "name=Ada&message=%3Cscript%3Ealert(1)%3C%2Fscript%3E&tag=a&tag=b",
      headers: { "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8" },
    });
    assert.equal(response.status, 200);
    assert.match(response.text, /<th>name<\/th><td>Ada<\/td>/);
    assert.match(response.text, /<td>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/td>/);
    assert.match(response.text, /<th>tag<\/th><td>a<\/td><\/tr>\n<tr><th>tag<\/th><td>b<\/td>/);
    assert.ok(!response.text.includes("<script>"));
  });

  it("POST /form with the form option of the test client", async () => {
    const response = await client.post("/form", { form: { name: "Grace" } });
    assert.equal(response.status, 200);
    assert.match(response.text, /<th>name<\/th><td>Grace<\/td>/);
  });

  it("POST /form refuses other media types with 415", async () => {
    const response = await client.post("/form", { json: { name: "Ada" } });
    assert.equal(response.status, 415);
    assert.equal(response.header("accept-post"), "application/x-www-form-urlencoded");
    const plainText = await client.post("/form", { body: "name=Ada" });
    assert.equal(plainText.status, 415);
  });

  it("POST /form refuses bodies over 64 KiB with 413, and accepts exactly 64 KiB", async () => {
    const headers = { "Content-Type": "application/x-www-form-urlencoded" };
    const atLimit = "a=" + "x".repeat(MAX_FORM_BYTES - 2);
    assert.equal((await client.post("/form", { body: atLimit, headers })).status, 200);
    const tooLarge = await client.post("/form", { body: atLimit + "x", headers });
    assert.equal(tooLarge.status, 413);
  });

  it("answers unknown paths with a short 404 page", async () => {
    const response = await client.get("/nope/<x>");
    assert.equal(response.status, 404);
    assert.match(response.header("content-type") ?? "", /^text\/html/);
    assert.match(response.text, /Nothing at \/nope\/&lt;x&gt;/);
  });

  it("answers a wrong method with 405 and Allow", async () => {
    const root = await client.post("/", { body: "x" });
    assert.equal(root.status, 405);
    assert.equal(root.header("allow"), "GET, HEAD");
    const stream = await client.post("/stream", { body: "x" });
    assert.equal(stream.header("allow"), "GET, HEAD");
  });

  it("routes relative to SCRIPT_NAME, so it can be mounted under a prefix", async () => {
    const mounted = createTestClient(app, { baseUrl: "http://localhost/hello" });
    const form = await mounted.get("/form");
    assert.equal(form.environ?.SCRIPT_NAME, "/hello");
    assert.match(form.text, /action="\/hello\/form"/);
    assert.match((await mounted.get("/nope")).text, /href="\/hello\/environ"/);
    // A request for the mount point itself arrives with an empty PATH_INFO.
    const root = await mounted.get("/", { extraEnviron: { PATH_INFO: "" } });
    assert.equal(root.text, "Hello, World!\n");
  });
});
