import assert from "node:assert/strict";
import { scryptSync } from "node:crypto";
import { describe, test } from "node:test";
import {
  checkPassword,
  isPasswordUsable,
  makePassword,
  parsePasswordHash,
  PasswordHashError,
  SCRYPT_PARAMETERS,
} from "./hashers.ts";

describe("password hashing", () => {
  test("makePassword writes scrypt$N$r$p$salt$hash with a fresh salt each time", async () => {
    const first = await makePassword("correct horse");
    const second = await makePassword("correct horse");
    assert.match(first, /^scrypt\$16384\$8\$1\$[\w-]+\$[A-Za-z0-9+/]+=*$/);
    assert.notEqual(first, second);
    const parsed = parsePasswordHash(first);
    assert.equal(parsed.N, SCRYPT_PARAMETERS.N);
    assert.equal(parsed.hash.length, SCRYPT_PARAMETERS.keyLength);
  });

  test("checkPassword accepts the right password only", async () => {
    const encoded = await makePassword("correct horse");
    assert.equal(await checkPassword("correct horse", encoded), true);
    assert.equal(await checkPassword("correct horsE", encoded), false);
    assert.equal(await checkPassword("", encoded), false);
    assert.equal(await checkPassword(null, encoded), false);
  });

  test("a given salt makes the hash reproducible; a salt with $ is refused", async () => {
    assert.equal(await makePassword("pw", "salt1"), await makePassword("pw", "salt1"));
    await assert.rejects(makePassword("pw", "a$b"), PasswordHashError);
  });

  test("unusable passwords never match", async () => {
    const unusable = await makePassword(null);
    assert.match(unusable, /^!.{40}$/);
    assert.equal(isPasswordUsable(unusable), false);
    assert.equal(isPasswordUsable(null), false);
    assert.equal(isPasswordUsable(await makePassword("x")), true);
    assert.equal(await checkPassword(unusable, unusable), false);
  });

  test("malformed stored values are a non-match, not a crash", async () => {
    for (const stored of [
      "",
      "md5$abc",
      "scrypt$3$8$1$salt$aGFzaA==",
      "scrypt$16384$8$1$salt$",
      "plain",
    ]) {
      assert.equal(await checkPassword("pw", stored), false, stored);
    }
    assert.throws(() => parsePasswordHash("bcrypt$x"), PasswordHashError);
  });

  test("a hash made with older parameters is checked, then upgraded through the setter", async () => {
    const old = `scrypt$1024$8$1$oldsalt$${scryptSync("pw", "oldsalt", 32, { N: 1024, r: 8, p: 1 }).toString("base64")}`;
    const upgraded: string[] = [];
    assert.equal(await checkPassword("pw", old, (raw) => void upgraded.push(raw)), true);
    assert.deepEqual(upgraded, ["pw"]);
    const current = await makePassword("pw");
    assert.equal(await checkPassword("pw", current, (raw) => void upgraded.push(raw)), true);
    assert.equal(upgraded.length, 1);
  });
});
