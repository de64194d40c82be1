import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { helpText, optionRows } from "./help.ts";
import { OPTION_KEYS, OPTIONS } from "./option-table.ts";

describe("helpText", () => {
  const help = helpText(["node", "cluster", "http2"]);
  // Descriptions wrap; compare with the line breaks and indentation folded into spaces.
  const flat = help.replace(/\s+/g, " ");

  it("lists every option with its environment variables and default", () => {
    for (const row of optionRows()) {
      assert.ok(flat.includes(row.flags), row.flags);
      assert.ok(flat.includes(row.description), row.description);
      for (const name of row.env) assert.ok(flat.includes(name), name);
      if (row.defaultText !== "") assert.ok(flat.includes(`default ${row.defaultText}`), row.flags);
    }
  });

  it("shows both forms of on/off and negatable options, and the servers", () => {
    for (const text of [
      "--dev, --no-dev",
      "--reload, --no-reload",
      "--access-log -|<file>, --no-access-log",
      "-h, --help",
    ]) {
      assert.ok(help.includes(text), text);
    }
    assert.match(help, /server that hosts the app: node, cluster, http2/);
  });

  it("fits 100 columns, except a flag too long for its column", () => {
    for (const line of help.split("\n")) {
      if (line.trim() === "--access-log -|<file>, --no-access-log") continue;
      assert.ok(line.length <= 100, `${line.length}: ${line}`);
    }
  });
});

describe("packages/server/README.md", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

  it("documents every flag, environment variable and config key of the option table", () => {
    for (const key of OPTION_KEYS) {
      const spec = OPTIONS[key];
      assert.ok(readme.includes(`--${spec.flag}`), `--${spec.flag}`);
      for (const name of spec.env) assert.ok(readme.includes(`\`${name}\``), name);
      assert.ok(readme.includes(`\`${key}\``), key);
    }
    for (const name of [
      "--config",
      "TSGI_CONFIG",
      "onStarting",
      "whenReady",
      "preRequest",
      "postRequest",
      "workerExit",
      "defineConfig",
    ]) {
      assert.ok(readme.includes(name), name);
    }
  });
});
