import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ImproperlyConfigured } from "../core/exceptions.ts";
import { parseDatabaseUrl, settingsFromEnv } from "./env.ts";
import { resolveInstalledApps } from "./app-config.ts";
import {
  configure,
  defineSettings,
  getSettings,
  isConfigured,
  resetConfiguration,
  runWithSettings,
  settings,
} from "./settings.ts";

describe("settings", () => {
  test("the accessor throws ImproperlyConfigured before configuration", () => {
    resetConfiguration();
    assert.equal(isConfigured(), false);
    assert.throws(() => settings.DEBUG, ImproperlyConfigured);
    configure({ DEBUG: true, SECRET_KEY: "x" });
    assert.equal(settings.DEBUG, true);
    assert.throws(() => {
      (settings as { DEBUG: boolean }).DEBUG = false;
    }, /read-only/);
    resetConfiguration();
  });

  test("defineSettings fills Django's defaults and freezes the result", () => {
    const defined = defineSettings({ DEBUG: true }, { env: false });
    assert.equal(defined.APPEND_SLASH, true);
    assert.equal(defined.CSRF_COOKIE_NAME, "csrftoken");
    assert.equal(defined.SESSION_COOKIE_AGE, 1209600);
    assert.equal(defined.X_FRAME_OPTIONS, "DENY");
    assert.equal(defined.DATA_UPLOAD_MAX_MEMORY_SIZE, 2621440);
    assert.ok(Object.isFrozen(defined));
    assert.throws(
      () => defineSettings({ STATIC_URL: "/static" }, { env: false }),
      /end with a slash/,
    );
  });

  test("environment variables override code", () => {
    const env = {
      DJANGO_DEBUG: "false",
      DJANGO_ALLOWED_HOSTS: "a.example, .b.example",
      DJANGO_SECURE_HSTS_SECONDS: "3600",
      DJANGO_SESSION_COOKIE_SAMESITE: "Strict",
      DATABASE_URL: "sqlite:///db.sqlite3",
    };
    const defined = defineSettings(
      { DEBUG: true, DATABASES: { other: { ENGINE: "sqlite", NAME: "x" } } },
      { env },
    );
    assert.equal(defined.DEBUG, false);
    assert.deepEqual(defined.ALLOWED_HOSTS, ["a.example", ".b.example"]);
    assert.equal(defined.SECURE_HSTS_SECONDS, 3600);
    assert.equal(defined.SESSION_COOKIE_SAMESITE, "Strict");
    assert.deepEqual(Object.keys(defined.DATABASES).sort(), ["default", "other"]);
    assert.throws(() => settingsFromEnv({ DJANGO_DEBUG: "maybe" }), /not a boolean/);
    assert.throws(() => settingsFromEnv({ DJANGO_SECURE_HSTS_SECONDS: "soon" }), /not an integer/);
  });

  test("DATABASE_URL follows dj-database-url", () => {
    assert.deepEqual(parseDatabaseUrl("sqlite:///db.sqlite3"), {
      ENGINE: "sqlite",
      NAME: "db.sqlite3",
    });
    assert.deepEqual(parseDatabaseUrl("sqlite:////srv/db.sqlite3"), {
      ENGINE: "sqlite",
      NAME: "/srv/db.sqlite3",
    });
    assert.deepEqual(parseDatabaseUrl("sqlite://:memory:"), { ENGINE: "sqlite", NAME: ":memory:" });
    assert.deepEqual(parseDatabaseUrl("postgres://u:p%40ss@db:5432/polls"), {
      ENGINE: "postgresql",
      NAME: "polls",
      USER: "u",
      PASSWORD: "p@ss",
      HOST: "db",
      PORT: "5432",
    });
    assert.throws(() => parseDatabaseUrl("mysql://x/y"), /not supported/);
  });

  test("INSTALLED_APPS: labels filled, contrib names known, duplicates refused", () => {
    const apps = resolveInstalledApps(["django.contrib.messages", { name: "mysite.polls" }]);
    assert.deepEqual(
      apps.map((app) => app.label),
      ["messages", "polls"],
    );
    assert.throws(() => resolveInstalledApps(["polls"]), /Pass an AppConfig object/);
    assert.throws(
      () => resolveInstalledApps([{ name: "a.polls" }, { name: "b.polls" }]),
      /aren't unique/,
    );
  });

  test("runWithSettings scopes settings to a call", () => {
    resetConfiguration();
    const scoped = defineSettings({ SECRET_KEY: "scoped" }, { env: false });
    assert.equal(
      runWithSettings(scoped, () => getSettings().SECRET_KEY),
      "scoped",
    );
    assert.throws(() => getSettings(), ImproperlyConfigured);
  });
});
