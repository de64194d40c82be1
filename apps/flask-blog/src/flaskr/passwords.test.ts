import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkPasswordHash, generatePasswordHash } from "./passwords.ts";

// Computed with Python: hashlib.scrypt(b"pw", salt=b"abcdefgh12345678", n=32768, r=8, p=1,
// maxmem=132*32768*8).hex() — what werkzeug 3 stores for that salt.
const WERKZEUG_SCRYPT =
  "scrypt:32768:8:1$abcdefgh12345678$bfa175f71243e3f3f170ef7a2d76ce8cf5db395cedc14b0ef4ac9417f1ec6ea4f77db332a7eac4bfb982bb3836d7f0d7e537807b53ab42629ca074d4756258e7";
// The tutorial's tests/data.sql hash for user "test" (werkzeug's older pbkdf2 method).
const TUTORIAL_PBKDF2 =
  "pbkdf2:sha256:50000$TCI4GzcX$0de171a4f4dac32e3364c7ddc7c14f3e2fa61f2d17574483f7ffbb431b4acb2f";

describe("password hashes in werkzeug's format", () => {
  it("generates scrypt:32768:8:1$salt$hash with a 16-character salt and 64 bytes of hash", async () => {
    const stored = await generatePasswordHash("s3cret");
    assert.match(stored, /^scrypt:32768:8:1\$[A-Za-z0-9]{16}\$[0-9a-f]{128}$/);
    assert.notEqual(stored, await generatePasswordHash("s3cret"), "a fresh salt every time");
  });

  it("checks its own hashes", async () => {
    const stored = await generatePasswordHash("s3cret", { N: 1024 });
    assert.equal(await checkPasswordHash(stored, "s3cret"), true);
    assert.equal(await checkPasswordHash(stored, "s3cret "), false);
  });

  it("checks a hash werkzeug made (scrypt)", async () => {
    assert.equal(await checkPasswordHash(WERKZEUG_SCRYPT, "pw"), true);
    assert.equal(await checkPasswordHash(WERKZEUG_SCRYPT, "pW"), false);
  });

  it("checks the tutorial's pbkdf2:sha256 test hashes", async () => {
    assert.equal(await checkPasswordHash(TUTORIAL_PBKDF2, "test"), true);
    assert.equal(await checkPasswordHash(TUTORIAL_PBKDF2, "other"), false);
  });

  it("treats malformed or unsupported hashes as no match instead of throwing", async () => {
    for (const stored of [
      "",
      "plain",
      "scrypt$salt",
      "md5$salt$abcd",
      "scrypt:3:8:1$salt$abcd",
      "scrypt:32768:8$salt$abcd",
      "pbkdf2:nosuchdigest:1000$salt$abcd",
      "pbkdf2:sha256:0$salt$abcd",
      "scrypt:32768:8:1$salt$xyz",
      "scrypt:32768:8:1$salt$abc",
      "scrypt:32768:8:1$a$b$c",
    ]) {
      assert.equal(await checkPasswordHash(stored, "test"), false, stored);
    }
  });
});
