// mysite/embed.ts, the polls project as a library (what apps/all-in-one mounts): the database
// is prepared at a path of the host's choosing, twice without harm, and the application serves
// /health and keeps its URLs — static files included — under the mount prefix.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { createTestClient } from "@tsgi/core/testing";
import { createPollsApplication, pollsSettings, preparePollsDatabase } from "../mysite/embed.ts";

const dir = mkdtempSync(join(tmpdir(), "polls-embed-"));
const database = join(dir, "nested", "polls.sqlite3");
after(() => rmSync(dir, { recursive: true, force: true }));

describe("polls as a library", () => {
  it("pollsSettings puts the database at the given path and refuses an empty one", () => {
    assert.deepEqual(pollsSettings(database).DATABASES.default, {
      ENGINE: "sqlite",
      NAME: database,
    });
    assert.throws(() => pollsSettings(""), TypeError);
  });

  it("prepares the database, samples included, and a second run adds nothing", async () => {
    const logs: string[] = [];
    await preparePollsDatabase(database, { log: (text) => logs.push(text) });
    await preparePollsDatabase(database, { log: (text) => logs.push(text) });
    assert.match(logs.join(""), /Loaded 3 sample questions/);
    assert.match(logs.at(-1) ?? "", /no samples loaded/);
  });

  it("mounted at a prefix: /health, links and the stylesheet stay under it", async () => {
    const client = createTestClient(createPollsApplication(database, { mountPrefix: "/django" }), {
      extraEnviron: { SCRIPT_NAME: "/django" },
    });
    const health = await client.get("/health");
    assert.deepEqual(health.json(), { app: "django-polls", ok: true });
    const index = await client.get("/polls/");
    assert.equal(index.status, 200);
    assert.match(index.text, /href="\/django\/static\/polls\/style\.css"/);
    assert.match(index.text, /href="\/django\/polls\/1\/"/);
    const css = await client.get("/static/polls/style.css");
    assert.equal(css.status, 200);
  });

  it("refuses a malformed mount prefix", () => {
    assert.throws(() => createPollsApplication(database, { mountPrefix: "django/" }), TypeError);
  });
});
