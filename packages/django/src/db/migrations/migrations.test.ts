import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, test } from "node:test";
import type { AppConfig } from "../apps.ts";
import { closeAllConnections, configureDatabases, connections } from "../connections.ts";
import { Choice, Question, pollsApp } from "../_fixtures/models.ts";
import { createTestDatabase, destroyTestDatabase } from "../testing.ts";
import {
  autodetectChanges,
  autodetectInitialOperations,
  makeInitialMigration,
  serializeMigration,
} from "./autodetector.ts";
import { migrate, migrationPlan, showMigrations } from "./executor.ts";
import {
  addField,
  alterField,
  createModel,
  removeField,
  renameField,
  runSql,
} from "./operations.ts";
import { stateForwards } from "./apply.ts";
import { emptyState, stateFromModels } from "./state.ts";
import type { Migration } from "./types.ts";

const initial: Migration = {
  initial: true,
  operations: [
    createModel({
      name: "Note",
      fields: [
        ["text", { type: "CharField", maxLength: 5 }],
        ["done", { type: "BooleanField", default: false }],
      ],
    }),
  ],
};
const addPriority: Migration = {
  dependencies: [["notes", "0001_initial"]],
  operations: [
    addField({ modelName: "Note", name: "priority", field: { type: "IntegerField", default: 3 } }),
  ],
};
const widen: Migration = {
  operations: [
    alterField({ modelName: "Note", name: "text", field: { type: "CharField", maxLength: 50 } }),
    renameField({ modelName: "Note", oldName: "done", newName: "isDone" }),
  ],
};
const seed: Migration = {
  operations: [
    runSql({
      sql: [
        ["INSERT INTO notes_note (text, is_done, priority) VALUES (?, ?, ?)", ["seeded", 1, 9]],
      ],
      reverseSql: [["DELETE FROM notes_note WHERE text = ?", ["seeded"]]],
    }),
  ],
};

const notesApp = (migrations: Record<string, Migration>): AppConfig => ({
  label: "notes",
  migrations,
});
const db = () => connections.get();
const rows = async (sql: string) => (await db().query(sql)).rows;

beforeEach(() => configureDatabases({ default: { ENGINE: "sqlite", NAME: ":memory:" } }));
afterEach(() => closeAllConnections());

describe("migrate", () => {
  test("applies each migration once, in order, and records it", async () => {
    const app = notesApp({ "0001_initial": initial, "0002_priority": addPriority });
    const events: string[] = [];
    const first = await migrate({
      apps: [app],
      onProgress: (e) => events.push(`${e.action} ${e.app}.${e.name}`),
    });
    assert.deepEqual(first.applied, ["notes.0001_initial", "notes.0002_priority"]);
    assert.deepEqual(events, ["apply notes.0001_initial", "apply notes.0002_priority"]);
    assert.deepEqual(await db().columnNames("notes_note"), ["id", "text", "done", "priority"]);
    assert.deepEqual(await rows("SELECT app, name FROM django_migrations ORDER BY id"), [
      ["notes", "0001_initial"],
      ["notes", "0002_priority"],
    ]);
    const second = await migrate({ apps: [app] });
    assert.deepEqual(second.applied, []);
    assert.equal((await rows("SELECT count(*) FROM django_migrations"))[0]?.[0], 2);
  });

  test("showMigrations and the plan report what is applied", async () => {
    const app = notesApp({ "0001_initial": initial, "0002_priority": addPriority });
    await migrate({ apps: [app], target: ["notes", "0001_initial"] });
    const status = await showMigrations({ apps: [app] });
    assert.deepEqual(
      status.map((s) => [s.name, s.applied]),
      [
        ["0001_initial", true],
        ["0002_priority", false],
      ],
    );
    assert.ok(status[0]?.appliedAt instanceof Date);
    assert.deepEqual(
      (await migrationPlan({ apps: [app] })).map((s) => s.migration.key),
      ["notes.0002_priority"],
    );
  });

  test("AddField fills existing rows; AlterField and RenameField keep the data", async () => {
    await migrate({ apps: [notesApp({ "0001_initial": initial })] });
    await db().execute("INSERT INTO notes_note (text, done) VALUES (?, ?)", ["hello", 1]);
    await assert.rejects(
      db().execute("INSERT INTO notes_note (text, done) VALUES (?, ?)", [null, 0]),
      {
        code: "DJANGO_E_DB_INTEGRITY",
      },
    );
    const app = notesApp({
      "0001_initial": initial,
      "0002_priority": addPriority,
      "0003_widen": widen,
      "0004_seed": seed,
    });
    await migrate({ apps: [app] });
    assert.deepEqual(await rows("SELECT text, is_done, priority FROM notes_note ORDER BY id"), [
      ["hello", 1, 3],
      ["seeded", 1, 9],
    ]);
    const { rows: sql } = await db().query(
      "SELECT sql FROM sqlite_master WHERE name = 'notes_note'",
    );
    assert.match(String(sql[0]?.[0]), /"text" varchar\(50\) NOT NULL/);
  });

  test("migrating backwards unapplies in reverse order, down to zero", async () => {
    const app = notesApp({
      "0001_initial": initial,
      "0002_priority": addPriority,
      "0003_widen": widen,
      "0004_seed": seed,
    });
    await migrate({ apps: [app] });
    const back = await migrate({ apps: [app], target: ["notes", "0002_priority"] });
    assert.deepEqual(back.unapplied, ["notes.0004_seed", "notes.0003_widen"]);
    assert.deepEqual(await db().columnNames("notes_note"), ["id", "text", "done", "priority"]);
    assert.equal((await rows("SELECT count(*) FROM notes_note"))[0]?.[0], 0);
    await migrate({ apps: [app], target: ["notes", "zero"] });
    assert.equal((await db().tableNames()).includes("notes_note"), false);
    assert.equal((await rows("SELECT count(*) FROM django_migrations"))[0]?.[0], 0);
  });

  test("a failing migration leaves no table and no record", async () => {
    const broken: Migration = {
      operations: [
        createModel({ name: "Tmp", fields: [["x", { type: "IntegerField" }]] }),
        runSql({ sql: "THIS IS NOT SQL" }),
      ],
    };
    const app = notesApp({ "0001_initial": initial, "0002_broken": broken });
    await assert.rejects(migrate({ apps: [app] }), { code: "DJANGO_E_DB_DATABASE" });
    assert.deepEqual(await db().tableNames(), ["django_migrations", "notes_note"]);
    assert.deepEqual(await rows("SELECT name FROM django_migrations"), [["0001_initial"]]);
  });

  test("RunSQL without reverseSql is irreversible", async () => {
    const app = notesApp({
      "0001_initial": initial,
      "0002_sql": { operations: [runSql({ sql: "SELECT 1" })] },
    });
    await migrate({ apps: [app] });
    await assert.rejects(migrate({ apps: [app], target: ["notes", "0001_initial"] }), {
      code: "DJANGO_E_DB_IRREVERSIBLE",
    });
  });

  test("rebuilding a referenced table keeps rows and foreign keys intact", async () => {
    const polls: AppConfig = {
      label: "polls",
      models: [Question, Choice],
      migrations: {
        "0001_initial": makeInitialMigration([Question, Choice]),
        "0002_longer": {
          operations: [
            alterField({
              modelName: "Question",
              name: "questionText",
              field: { type: "CharField", maxLength: 300 },
            }),
          ],
        },
      },
    };
    await migrate({ apps: [polls], target: ["polls", "0001_initial"] });
    const question = await Question.objects.create({ questionText: "kept?", pubDate: new Date() });
    await question.choiceSet.create({ choiceText: "yes" });
    await migrate({ apps: [polls] });
    const choice = (await Choice.objects.first()) as Choice;
    assert.equal((await choice.question).questionText, "kept?");
    assert.deepEqual(await rows("PRAGMA foreign_keys"), [[1]], "checks are back on");
    await assert.rejects(
      db().atomic(() => db().execute("DELETE FROM polls_question")),
      { code: "DJANGO_E_DB_INTEGRITY" },
    );
    await migrate({ apps: [polls], target: ["polls", "zero"] });
    assert.deepEqual(await db().tableNames(), ["django_migrations"]);
  });

  test("fake records without touching the schema", async () => {
    const app = notesApp({ "0001_initial": initial });
    const result = await migrate({ apps: [app], fake: true });
    assert.deepEqual(result.applied, ["notes.0001_initial"]);
    assert.deepEqual(await db().tableNames(), ["django_migrations"]);
  });

  test("accepts migrations as a list of [name, module] pairs", async () => {
    const app: AppConfig = { label: "notes", migrations: [["0001_initial", { default: initial }]] };
    assert.deepEqual((await migrate({ apps: [app] })).applied, ["notes.0001_initial"]);
  });

  test("RemoveField drops the column", async () => {
    const app = notesApp({
      "0001_initial": initial,
      "0002_remove": { operations: [removeField({ modelName: "Note", name: "done" })] },
    });
    await migrate({ apps: [app] });
    assert.deepEqual(await db().columnNames("notes_note"), ["id", "text"]);
  });

  test("dependency problems are reported with codes", async () => {
    const missing = notesApp({
      "0001_initial": { dependencies: [["other", "0001"]], operations: [] },
    });
    await assert.rejects(migrate({ apps: [missing] }), { code: "DJANGO_E_DB_NODE_NOT_FOUND" });
    const cycle: AppConfig[] = [
      { label: "a", migrations: { "0001": { dependencies: [["b", "0001"]], operations: [] } } },
      { label: "b", migrations: { "0001": { dependencies: [["a", "0001"]], operations: [] } } },
    ];
    await assert.rejects(migrate({ apps: cycle }), /Circular/);
    await assert.rejects(
      migrate({ apps: [notesApp({ "0001_x": { nope: 1 } as never })] }),
      /not a migration/,
    );
    await migrate({ apps: [notesApp({ "0001_initial": initial })] });
    await db().execute(
      "INSERT INTO django_migrations (app, name, applied) VALUES ('notes', '0003_widen', '2026-01-01')",
    );
    const app = notesApp({
      "0001_initial": initial,
      "0002_priority": addPriority,
      "0003_widen": widen,
    });
    await assert.rejects(migrate({ apps: [app] }), /Inconsistent migration history/);
  });

  test("loads plain migration modules from a directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tsgi-migrations-"));
    try {
      writeFileSync(join(dir, "0001_initial.ts"), `export default ${JSON.stringify(initial)};\n`);
      writeFileSync(
        join(dir, "0002_priority.mjs"),
        `export default ${JSON.stringify(addPriority)};\n`,
      );
      writeFileSync(join(dir, "README.md"), "not a migration");
      const result = await migrate({
        apps: [{ label: "notes", migrations: pathToFileURL(`${dir}/`) }],
      });
      assert.deepEqual(result.applied, ["notes.0001_initial", "notes.0002_priority"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("state and autodetector", () => {
  test("the project state is plain, serialisable data", () => {
    const state = stateForwards(
      stateForwards(emptyState(), "notes", initial.operations[0]!),
      "notes",
      addPriority.operations[0]!,
    );
    assert.deepEqual(JSON.parse(JSON.stringify(state)), state);
    assert.deepEqual(
      state.models["notes.note"]?.fields.map(([name]) => name),
      ["id", "text", "done", "priority"],
    );
  });

  test("initial operations create FK targets first", () => {
    const operations = autodetectInitialOperations([Choice, Question]);
    assert.deepEqual(
      operations.map((o) => o.type === "CreateModel" && o.name),
      ["Question", "Choice"],
    );
    const choice = operations[1];
    assert.ok(choice?.type === "CreateModel");
    assert.deepEqual(choice.fields.find(([name]) => name === "question")?.[1], {
      type: "ForeignKey",
      to: "polls.Question",
      onDelete: "CASCADE",
    });
  });

  test("replaying the initial migration gives the models' state", () => {
    let state = emptyState();
    for (const operation of makeInitialMigration([Question, Choice]).operations)
      state = stateForwards(state, "polls", operation);
    assert.deepEqual(state, stateFromModels([Question, Choice]));
    assert.deepEqual(autodetectChanges(state, stateFromModels([Question, Choice])), {});
  });

  test("detects added, removed and altered fields", () => {
    const before = stateForwards(emptyState(), "notes", initial.operations[0]!);
    const after = structuredClone(before);
    const note = after.models["notes.note"]!;
    note.fields = note.fields.filter(([name]) => name !== "done");
    note.fields[1] = ["text", { type: "CharField", maxLength: 80 }];
    note.fields.push(["body", { type: "TextField", blank: true }]);
    const changes = autodetectChanges(before, after).notes ?? [];
    assert.deepEqual(changes.map((o) => o.type).sort(), ["AddField", "AlterField", "RemoveField"]);
  });

  test("serializeMigration writes an importable plain module", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tsgi-serialize-"));
    try {
      const migration = makeInitialMigration([Question, Choice]);
      const file = join(dir, "0001_initial.ts");
      writeFileSync(file, serializeMigration(migration));
      const loaded = (await import(pathToFileURL(file).href)) as { default: Migration };
      assert.deepEqual(loaded.default, JSON.parse(JSON.stringify(migration)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("test databases", () => {
  test("createTestDatabase migrates a fresh database; destroy restores the settings", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "tsgi-testdb-")), "real.sqlite3");
    const testFile = `${file}.test`;
    configureDatabases({ default: { ENGINE: "sqlite", NAME: file, TEST: { NAME: testFile } } });
    const backend = await createTestDatabase({ apps: [pollsApp] });
    assert.equal(backend.settings.NAME, testFile);
    await Question.objects.create({ questionText: "in test db", pubDate: new Date() });
    assert.equal(await Question.objects.count(), 1);
    await destroyTestDatabase();
    assert.equal(existsSync(testFile), false);
    assert.equal(connections.get().settings.NAME, file);
    assert.deepEqual(await connections.get().tableNames(), []);
    await closeAllConnections();
    rmSync(file, { force: true });
  });

  test("works without configured databases (in-memory SQLite)", async () => {
    const fresh = new (await import("../connections.ts")).ConnectionHandler();
    assert.equal(fresh.configured, false);
    assert.throws(() => fresh.get(), { code: "DJANGO_E_DB_CONFIG" });
    const backend = await createTestDatabase({ apps: [pollsApp], alias: "scratch" });
    // In-memory SQLite, unless the suite runs on PostgreSQL (TSGI_TEST_DATABASE_URL).
    if (process.env.TSGI_TEST_DATABASE_URL) assert.equal(backend.vendor, "postgresql");
    else assert.equal(backend.settings.NAME, ":memory:");
    assert.ok((await backend.tableNames()).includes("polls_question"));
    await destroyTestDatabase({ alias: "scratch" });
  });
});
