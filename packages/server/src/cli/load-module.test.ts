import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { loadExport, pickExport, resolveModulePath } from "./load-module.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const fixtures = join(here, "fixtures");
const scratch = mkdtempSync(join(tmpdir(), "tsgi-load-module-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe("resolveModulePath", () => {
  it("resolves relative to the given directory, and absolute paths as they are", () => {
    assert.equal(resolveModulePath("fixtures/hello.ts", here), join(fixtures, "hello.ts"));
    assert.equal(resolveModulePath(join(fixtures, "hello.mjs"), "/"), join(fixtures, "hello.mjs"));
  });

  it("adds a missing extension, as an import would", () => {
    assert.equal(resolveModulePath("fixtures/hello", here), join(fixtures, "hello.ts"));
    assert.equal(
      resolveModulePath("fixtures/fetch-handler", here),
      join(fixtures, "fetch-handler.ts"),
    );
  });

  it("reports missing files, directories and unsupported types with codes", () => {
    assert.throws(() => resolveModulePath("fixtures/nope.ts", here), {
      code: "TSGI_E_CLI_MODULE_NOT_FOUND",
    });
    assert.throws(() => resolveModulePath("fixtures", here), {
      code: "TSGI_E_CLI_MODULE_NOT_FOUND",
    });
    const json = join(scratch, "app.json");
    writeFileSync(json, "{}");
    assert.throws(() => resolveModulePath(json, here), { code: "TSGI_E_CLI_MODULE_TYPE" });
  });
});

describe("loadExport", () => {
  it("picks app, then default, or the named export", async () => {
    assert.equal((await loadExport("fixtures/hello.ts", undefined, here)).exportName, "app");
    assert.equal((await loadExport("fixtures/hello.mjs", undefined, here)).exportName, "default");
    const named = await loadExport("fixtures/hello.ts", "notAnApp", here);
    assert.deepEqual(named.value, { port: 8000 });
  });

  it("reports a module that throws, in one line with its message", async () => {
    await assert.rejects(loadExport("fixtures/throws.ts", undefined, here), (error: Error) => {
      assert.equal((error as { code?: string }).code, "TSGI_E_CLI_MODULE_IMPORT");
      assert.match(error.message, /DATABASE_URL is not set/);
      return true;
    });
  });

  it("reports a syntax error in one line", async () => {
    const broken = join(scratch, "broken.ts");
    writeFileSync(broken, "export const app = (;\n");
    await assert.rejects(loadExport(broken, undefined, here), (error: Error) => {
      assert.equal((error as { code?: string }).code, "TSGI_E_CLI_MODULE_IMPORT");
      assert.doesNotMatch(error.message, /\n/);
      return true;
    });
  });
});

describe("pickExport", () => {
  it("lists the exports that exist when the wanted one does not", () => {
    assert.throws(() => pickExport({ handler: 1, other: 2 }, undefined, "m.ts"), {
      code: "TSGI_E_CLI_EXPORT_MISSING",
      message:
        'module "m.ts" has no export "app" or "default" (its exports: handler, other; choose one with m.ts:<export>)',
    });
    assert.throws(() => pickExport({}, "app", "m.ts"), /has no export "app" \(it has no exports\)/);
  });

  it("finds an export whose value is undefined (it exists; detection reports it)", () => {
    assert.deepEqual(pickExport({ app: undefined }, undefined, "m.ts"), ["app", undefined]);
  });
});
