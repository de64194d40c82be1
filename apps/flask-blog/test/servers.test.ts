/**
 * `TSGI_SERVER=<name> npm start` serves the blog on every server: the start command runs as
 * a real process with a fresh database on a free port, the index and the login page answer
 * over a real socket (and over h2c for http2), and SIGTERM to its pid stops it with status 0.
 */
import assert from "node:assert/strict";
import http2 from "node:http2";
import { after, describe, it } from "node:test";
import { killAll, startBlog } from "./_blog-server.ts";

after(killAll);

const SERVERS = ["node", "cluster", "http2", "express", "fastify"] as const;

describe("the blog under every TSGI_SERVER", { concurrency: 2 }, () => {
  for (const server of SERVERS) {
    it(`TSGI_SERVER=${server} serves / and /auth/login`, { timeout: 90_000 }, async () => {
      const blog = await startBlog(server);
      try {
        assert.equal(blog.serverName, server, "the CLI reports the server it was asked for");

        const index = await fetch(`${blog.url}/`);
        assert.equal(index.status, 200);
        const indexPage = await index.text();
        assert.match(indexPage, /<title>Posts - Flaskr<\/title>/);
        assert.match(indexPage, /href="\/auth\/login">Log In</);

        const login = await fetch(`${blog.url}/auth/login`);
        assert.equal(login.status, 200);
        const loginPage = await login.text();
        assert.match(loginPage, /<input name="username" id="username"/);
        assert.match(loginPage, /<input type="password" name="password" id="password"/);

        if (server === "http2") {
          const overH2c = await getOverH2c(blog.url, "/auth/login");
          assert.equal(overH2c.status, 200);
          assert.match(overH2c.body, /<title>Log In - Flaskr<\/title>/);
        }
      } catch (error) {
        throw new Error(`${String(error)}\n--- server output ---\n${blog.output()}`, {
          cause: error,
        });
      } finally {
        const exit = await blog.stop();
        assert.deepEqual(
          { code: exit.code, signal: exit.signal },
          { code: 0, signal: null },
          `SIGTERM must stop the ${server} server cleanly:\n${exit.output}`,
        );
      }
    });
  }
});

/** One GET over cleartext HTTP/2 with prior knowledge, on a fresh session. */
function getOverH2c(baseUrl: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(baseUrl);
    const timer = setTimeout(
      () => session.destroy(new Error(`h2c GET ${path}: timed out`)),
      10_000,
    );
    session.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    const stream = session.request({ ":method": "GET", ":path": path });
    let status = 0;
    let body = "";
    stream.on("response", (headers) => (status = Number(headers[":status"])));
    stream.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
    stream.on("end", () => {
      clearTimeout(timer);
      session.close();
      resolve({ status, body });
    });
    stream.on("error", reject);
  });
}
