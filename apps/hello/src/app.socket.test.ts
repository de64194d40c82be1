// The hello app over a real socket: the node server from @tsgi/server on a free port.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { serve } from "@tsgi/server";
import { createApp } from "./app.ts";
import { MAX_FORM_BYTES } from "./form.ts";

type Handle = Awaited<ReturnType<typeof serve>>;

describe("hello app over HTTP", () => {
  let server: Handle | undefined;
  let url = "";

  before(async () => {
    server = await serve(createApp({ streamDelayMs: 50 }), { host: "127.0.0.1", port: 0 });
    url = server.address.url;
  });
  after(() => server?.close({ timeout: 1000 }));

  it("serves the hello world, and HEAD without a body", async () => {
    const response = await fetch(`${url}/`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "Hello, World!\n");
    const head = await fetch(`${url}/`, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("content-length"), "14");
    assert.equal(await head.text(), "");
  });

  it("streams /stream chunk by chunk", async () => {
    const response = await fetch(`${url}/stream`);
    assert.equal(response.status, 200);
    const reader = response.body?.getReader();
    assert.ok(reader !== undefined);
    const decoder = new TextDecoder();
    const first = await reader.read();
    // The first line arrives before the generator has produced the rest.
    assert.equal(decoder.decode(first.value), "line 1 of 5\n");
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      rest += decoder.decode(chunk.value, { stream: true });
    }
    assert.equal(rest, "line 2 of 5\nline 3 of 5\nline 4 of 5\nline 5 of 5\n");
  });

  it("echoes a posted form, and refuses a chunked body over the limit with 413", async () => {
    const posted = await fetch(`${url}/form`, {
      method: "POST",
      body: new URLSearchParams({ name: "Ada <3" }),
    });
    assert.equal(posted.status, 200);
    assert.match(await posted.text(), /<td>Ada &lt;3<\/td>/);

    // A stream body has no Content-Length, so the app must count while it reads.
    const big = new TextEncoder().encode("a=" + "x".repeat(MAX_FORM_BYTES));
    const tooLarge = await fetch(`${url}/form`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(big);
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    assert.equal(tooLarge.status, 413);
    await tooLarge.body?.cancel();
  });
});
