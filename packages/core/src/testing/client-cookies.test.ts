import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { App } from "../types.ts";
import { createTestClient } from "./client.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("cookies", () => {
  const cookieApp: App = (environ, startResponse) => {
    const headers: [string, string][] = [["Content-Type", "text/plain"]];
    if (environ.PATH_INFO === "/login") {
      headers.push(
        ["Set-Cookie", "sid=abc; Path=/; HttpOnly"],
        ["Set-Cookie", "theme=dark; Path=/"],
      );
    }
    if (environ.PATH_INFO === "/logout") headers.push(["Set-Cookie", "sid=; Path=/; Max-Age=0"]);
    startResponse("200 OK", headers);
    return [bytes(String(environ.HTTP_COOKIE ?? ""))];
  };

  test("repeated Set-Cookie headers are all kept, then sent back, then deleted by Max-Age=0", async () => {
    const client = createTestClient(cookieApp);
    const login = await client.get("/login");
    assert.deepEqual(login.headerAll("set-cookie"), [
      "sid=abc; Path=/; HttpOnly",
      "theme=dark; Path=/",
    ]);
    assert.equal((await client.get("/me")).text, "sid=abc; theme=dark");
    await client.get("/logout");
    assert.equal((await client.get("/me")).text, "theme=dark");
    assert.equal(client.cookies.get("sid"), undefined);
  });

  test("per-request cookies go after the jar's and are not stored", async () => {
    const client = createTestClient(cookieApp);
    client.cookies.set("a", "1");
    assert.equal((await client.get("/", { cookies: { b: "2" } })).text, "a=1; b=2");
    assert.equal((await client.get("/")).text, "a=1");
  });

  test("cookies follow the Host the request was sent to", async () => {
    const client = createTestClient(cookieApp);
    await client.get("/login", { headers: { Host: "one.test" } });
    assert.equal((await client.get("/", { headers: { Host: "two.test" } })).text, "");
    assert.equal(
      (await client.get("/", { headers: { Host: "one.test" } })).text,
      "sid=abc; theme=dark",
    );
  });
});
