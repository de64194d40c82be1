import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, describe, test } from "node:test";
import { defineApp, type AppConfig } from "../apps.ts";
import { closeAllConnections, configureDatabases, connections } from "../connections.ts";
import { CharField, IntegerField } from "../fields/scalar.ts";
import type { Manager } from "../models/manager.ts";
import { Model } from "../models/model.ts";
import { createTestDatabase, destroyTestDatabase } from "../testing.ts";
import { makeInitialMigration, serializeMigration } from "./autodetector.ts";
import { migrate, showMigrations } from "./executor.ts";
import { makeMigrations, writeMigration } from "./makemigrations.ts";
import type { Migration } from "./types.ts";

// The models as they are now; each test starts from migrations that differ from them.
class Note extends Model {
  static fields = {
    title: new CharField({ maxLength: 100 }),
    votes: new IntegerField({ default: 0 }),
  };
  static meta = { appLabel: "mk" };
  declare static objects: Manager<Note>;
  declare id: number;
  declare title: string;
  declare votes: number;
}

const dirs: string[] = [];
afterEach(async () => {
  await destroyTestDatabase();
  await closeAllConnections();
});
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** An app whose migrations directory holds `initial` (edited by `edit`) as 0001_initial.ts. */
async function appWith(edit?: (migration: Migration) => Migration): Promise<AppConfig> {
  const dir = await mkdtemp(join(tmpdir(), "tsgi-makemigrations-"));
  dirs.push(dir);
  if (edit) {
    const migration = edit(structuredClone(makeInitialMigration([Note])));
    await writeFile(join(dir, "0001_initial.ts"), serializeMigration(migration));
  }
  return defineApp({ label: "mk", models: [Note], migrations: dir });
}

/** The CreateModel's fields of a migration, for editing. */
function fieldsOf(migration: Migration): [string, Record<string, unknown>][] {
  const create = migration.operations[0] as { fields: [string, Record<string, unknown>][] };
  return create.fields;
}

/** Writes what makemigrations plans, then migrates a fresh test database through all of it. */
async function writeAndMigrate(app: AppConfig) {
  const planned = await makeMigrations({ apps: [app] });
  for (const migration of planned) await writeMigration(migration);
  configureDatabases({ default: { ENGINE: "sqlite", NAME: ":memory:" } });
  await createTestDatabase({ apps: [app] });
  return planned;
}

describe("makemigrations", () => {
  test("create model: an empty migrations directory gets 0001_initial", async () => {
    const app = await appWith();
    const planned = await writeAndMigrate(app);
    assert.deepEqual(
      planned.map((m) => [m.name, m.descriptions]),
      [["0001_initial", ["Create model Note"]]],
    );
    assert.equal(planned[0]?.migration.initial, true);
    assert.deepEqual(await readdir(app.migrations as string), ["0001_initial.ts"]);
    const note = await Note.objects.create({ title: "hello" });
    assert.equal((await Note.objects.get({ pk: note.id })).votes, 0);
    assert.deepEqual(await makeMigrations({ apps: [app] }), [], "no changes once written");
  });

  test("add field: 0002_note_votes adds the column and fills existing rows", async () => {
    const app = await appWith((m) => {
      const create = m.operations[0] as { fields: [string, unknown][] };
      create.fields = create.fields.filter(([name]) => name !== "votes");
      return m;
    });
    const [planned] = await makeMigrations({ apps: [app] });
    assert.equal(planned?.name, "0002_note_votes");
    assert.deepEqual(planned?.descriptions, ["Add field votes to note"]);
    assert.deepEqual(planned?.migration.dependencies, [["mk", "0001_initial"]]);
    await writeMigration(planned!);
    configureDatabases({ default: { ENGINE: "sqlite", NAME: ":memory:" } });
    await createTestDatabase({ apps: [app] });
    // Back to 0001 alone, add a row, then forwards again: the row gets the default.
    await migrate({ apps: [app], target: ["mk", "0001_initial"] });
    const db0 = connections.get();
    assert.equal((await db0.columnNames("mk_note")).includes("votes"), false);
    await db0.execute(`INSERT INTO mk_note (title) VALUES (${db0.ops.placeholder(1)})`, ["old"]);
    await migrate({ apps: [app] });
    assert.equal((await Note.objects.get({ title: "old" })).votes, 0);
    const db = connections.get();
    assert.ok((await db.columnNames("mk_note")).includes("votes"));
    const statuses = await showMigrations({ apps: [app] });
    assert.deepEqual(
      statuses.map((s) => [s.name, s.applied]),
      [
        ["0001_initial", true],
        ["0002_note_votes", true],
      ],
    );
    const written = await readFile(planned!.path, "utf8");
    assert.match(written, /"type": "AddField"/);
  });

  test("remove field: a field gone from the model becomes RemoveField", async () => {
    const app = await appWith((m) => {
      fieldsOf(m).push(["obsolete", { type: "IntegerField", null: true }]);
      return m;
    });
    const planned = await writeAndMigrate(app);
    assert.equal(planned[0]?.name, "0002_remove_note_obsolete");
    assert.deepEqual(planned[0]?.descriptions, ["Remove field obsolete from note"]);
    assert.deepEqual(await connections.get().columnNames("mk_note"), ["id", "title", "votes"]);
  });

  test("alter field: a changed option becomes AlterField; --name names the file", async () => {
    const app = await appWith((m) => {
      const title = fieldsOf(m).find(([name]) => name === "title")!;
      title[1] = { ...title[1], maxLength: 5 };
      return m;
    });
    const planned = await makeMigrations({ apps: [app], name: "longer_titles" });
    assert.equal(planned[0]?.name, "0002_longer_titles");
    assert.deepEqual(planned[0]?.descriptions, ["Alter field title on note"]);
    await writeMigration(planned[0]!);
    configureDatabases({ default: { ENGINE: "sqlite", NAME: ":memory:" } });
    await createTestDatabase({ apps: [app] });
    const long = "a title longer than five";
    await Note.objects.create({ title: long });
    assert.equal((await Note.objects.get({ title: long })).title, long);
    const result = await migrate({ apps: [app] });
    assert.equal(result.applied.length, 0, "nothing left to apply");
  });

  test("bad input: unknown app, an app without a directory, a bad name", async () => {
    const app = await appWith();
    await assert.rejects(makeMigrations({ apps: [app], appLabels: ["nope"] }), /No installed app/);
    const inCode = defineApp({ label: "mk", models: [Note], migrations: {} });
    await assert.rejects(
      makeMigrations({ apps: [inCode], appLabels: ["mk"] }),
      /no migrations directory/,
    );
    await assert.rejects(makeMigrations({ apps: [app], name: "../evil" }), /letters, digits/);
  });
});
