import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, describe, it } from "node:test";
import { CommandError } from "./command.ts";
import { importSettingsModule, resolveSettingsModule } from "./settings-module.ts";

const dir = mkdtempSync(join(tmpdir(), "settings-module-"));
mkdirSync(join(dir, "mysite"));
writeFileSync(join(dir, "mysite", "settings.ts"), "export const settings = { DEBUG: true };\n");
writeFileSync(join(dir, "mysite", "default.ts"), "export default { SECRET_KEY: 'x' };\n");
writeFileSync(join(dir, "mysite", "none.ts"), "export const other = 1;\n");
after(() => rmSync(dir, { recursive: true, force: true }));

describe("resolveSettingsModule", () => {
  const expected = join(dir, "mysite", "settings.ts");
  it("takes a path, a path without extension, Django's dotted name and a file URL", () => {
    assert.equal(resolveSettingsModule("mysite/settings.ts", dir), expected);
    assert.equal(resolveSettingsModule("mysite/settings", dir), expected);
    assert.equal(resolveSettingsModule("mysite.settings", dir), expected);
    assert.equal(resolveSettingsModule(expected, "/"), expected);
    assert.equal(resolveSettingsModule(pathToFileURL(expected), "/"), expected);
  });
  it("refuses a module that does not exist, or a directory", () => {
    for (const spec of ["mysite/nope.ts", "mysite"]) {
      assert.throws(() => resolveSettingsModule(spec, dir), CommandError);
    }
  });
});

describe("importSettingsModule", () => {
  it("reads the settings export, else the default export", async () => {
    assert.deepEqual(await importSettingsModule(join(dir, "mysite", "settings.ts")), {
      DEBUG: true,
    });
    assert.deepEqual(await importSettingsModule(join(dir, "mysite", "default.ts")), {
      SECRET_KEY: "x",
    });
  });
  it("refuses a module without settings", async () => {
    await assert.rejects(importSettingsModule(join(dir, "mysite", "none.ts")), CommandError);
  });
});
