/**
 * `TSGI_SERVER=<node|cluster|http2|express|fastify> npm start` serves the polls: for each
 * server, the start script runs (migrate, load the samples, `tsgi serve`) against a temporary
 * database, and a real HTTP client reads the index, follows the APPEND_SLASH redirect, votes
 * with the CSRF token from the form, and sees the vote counted; SIGTERM then stops the server
 * with exit code 0.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { killAll, startPolls, tempDatabase } from "./_start.ts";

after(killAll);

const SERVERS = ["node", "cluster", "http2", "express", "fastify"];

/** A minimal cookie-keeping client over fetch. */
function browserish(base: string) {
  const cookies = new Map<string, string>();
  return {
    cookies,
    async request(path: string, init: RequestInit = {}) {
      const headers = new Headers(init.headers);
      if (cookies.size > 0) {
        headers.set("cookie", [...cookies].map(([name, value]) => `${name}=${value}`).join("; "));
      }
      const response = await fetch(new URL(path, base), { ...init, headers, redirect: "manual" });
      for (const line of response.headers.getSetCookie()) {
        const [pair = ""] = line.split(";");
        const eq = pair.indexOf("=");
        cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
      }
      return { status: response.status, headers: response.headers, text: await response.text() };
    },
  };
}

describe("npm start on every TSGI server", { concurrency: 2 }, () => {
  for (const server of SERVERS) {
    it(`TSGI_SERVER=${server} serves the polls`, { timeout: 90_000 }, async () => {
      const database = tempDatabase();
      try {
        const polls = await startPolls({ server, databaseUrl: database.url });
        let exit: Awaited<ReturnType<typeof polls.stop>> | undefined;
        try {
          assert.equal(polls.serverName, server, "the CLI reports the server TSGI_SERVER named");
          const client = browserish(polls.url);

          const index = await client.request("/polls/");
          assert.equal(index.status, 200);
          assert.match(index.text, /What&#x27;s new\?|What&#39;s new\?|What's new\?/);

          const noSlash = await client.request("/polls/1");
          assert.equal(noSlash.status, 301);
          assert.equal(new URL(noSlash.headers.get("location")!, polls.url).pathname, "/polls/1/");

          const detail = await client.request("/polls/1/");
          assert.equal(detail.status, 200);
          const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(detail.text)?.[1];
          assert.ok(token, "the detail form carries a CSRF token");
          const choice = /name="choice"\s+id="choice1"\s+value="(\d+)"/.exec(detail.text)?.[1];
          assert.ok(choice, "the detail form lists the choices");

          const vote = await client.request("/polls/1/vote/", {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ csrfmiddlewaretoken: token, choice }).toString(),
          });
          assert.equal(vote.status, 302, vote.text.slice(0, 300));
          assert.equal(
            new URL(vote.headers.get("location")!, polls.url).pathname,
            "/polls/1/results/",
          );

          const results = await client.request("/polls/1/results/");
          assert.equal(results.status, 200);
          assert.match(results.text, /-- 1 vote</);
        } catch (error) {
          throw new Error(`${String(error)}\n--- server output ---\n${polls.output()}`, {
            cause: error,
          });
        } finally {
          exit = await polls.stop();
        }
        assert.deepEqual(
          { code: exit.code, signal: exit.signal },
          { code: 0, signal: null },
          exit.output,
        );
      } finally {
        database.cleanup();
      }
    });
  }
});
