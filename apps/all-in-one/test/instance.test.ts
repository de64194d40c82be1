// The instance folder helpers: where it is, and the secret every process shares.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, it } from "node:test";
import { DEFAULT_INSTANCE_DIR, instanceDirFromEnv, instanceSecret } from "../src/instance.ts";

const dir = mkdtempSync(join(tmpdir(), "all-in-one-instance-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("instance folder", () => {
  it("comes from ALL_IN_ONE_INSTANCE_DIR, else apps/all-in-one/instance", () => {
    assert.equal(instanceDirFromEnv({ ALL_IN_ONE_INSTANCE_DIR: "rel/dir" }), resolve("rel/dir"));
    assert.equal(instanceDirFromEnv({ ALL_IN_ONE_INSTANCE_DIR: "" }), DEFAULT_INSTANCE_DIR);
    assert.equal(instanceDirFromEnv({}), DEFAULT_INSTANCE_DIR);
    assert.match(DEFAULT_INSTANCE_DIR, /apps\/all-in-one\/instance\/$/);
  });

  it("makes the secret once and returns the same one afterwards, leaving no temp file", () => {
    const home = join(dir, "a");
    const first = instanceSecret(home);
    assert.match(first, /^[0-9a-f]{64}$/);
    assert.equal(instanceSecret(home), first);
    assert.deepEqual(readdirSync(home), ["secret_key"]);
  });

  it("refuses a secret file too short to sign with", () => {
    const home = join(dir, "b");
    instanceSecret(home);
    writeFileSync(join(home, "secret_key"), "short");
    assert.throws(() => instanceSecret(home), /no usable secret/);
  });
});
