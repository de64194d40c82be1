// `bind`: every worker listens on every address — TCP and unix sockets alike — through the
// primary, which removes the socket file when the cluster stops.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { describeFailures, Fixture, killAll, request } from "./_harness.ts";

const dir = mkdtempSync(join(tmpdir(), "tsgi-cluster-bind-"));
after(() => {
  killAll();
  rmSync(dir, { recursive: true, force: true });
});

function viaSocket(socketPath: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    get({ socketPath, path: "/pid", agent: false, timeout: 5_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve((JSON.parse(body) as { pid?: number }).pid));
    }).on("error", reject);
  });
}

test(
  "bind: workers serve a TCP address and a unix socket; the socket file goes at shutdown",
  { timeout: 60_000 },
  async () => {
    const socket = join(dir, "app.sock");
    const cluster = await Fixture.start({ bind: ["127.0.0.1:0", `unix:${socket}`] });
    assert.match(cluster.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(
      cluster.stdout,
      new RegExp(`Listening at: http://127\\.0\\.0\\.1:\\d+, unix:${socket}`),
    );
    const overTcp = await Promise.all(Array.from({ length: 4 }, () => request(cluster.url)));
    assert.equal(overTcp.filter((o) => !o.ok).length, 0, describeFailures(overTcp));
    const overUnix = await Promise.all(Array.from({ length: 4 }, () => viaSocket(socket)));
    assert.deepEqual(
      new Set(overUnix),
      new Set(cluster.initialPids),
      "both workers answer on the socket",
    );
    cluster.signal("SIGTERM");
    assert.equal((await cluster.exited).code, 0);
    assert.equal(existsSync(socket), false);
  },
);
