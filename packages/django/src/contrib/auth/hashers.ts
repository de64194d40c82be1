// Password hashing (Django's django.contrib.auth.hashers), with scrypt from node:crypto only.
// The stored form carries its own parameters and salt, so raising the cost later keeps old
// hashes checkable; `checkPassword` re-hashes them through `setter` (Django's must_update).
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/**
 * Marks a password that can never match (Django's `UNUSABLE_PASSWORD_PREFIX`).
 *
 * @example
 * user.password.startsWith(UNUSABLE_PASSWORD_PREFIX); // true after setUnusablePassword()
 */
export const UNUSABLE_PASSWORD_PREFIX = "!";
const UNUSABLE_SUFFIX_LENGTH = 40;

/**
 * The algorithm name at the start of every hash this module writes.
 *
 * @example
 * (await makePassword("pw")).startsWith(`${SCRYPT_ALGORITHM}$`); // true
 */
export const SCRYPT_ALGORITHM = "scrypt";

/**
 * Cost parameters of new hashes (N = 2^14, r = 8, p = 1: ~16 MiB and a few tens of ms).
 *
 * @example
 * parsePasswordHash(user.password).N === SCRYPT_PARAMETERS.N; // false for an old hash
 */
export const SCRYPT_PARAMETERS = Object.freeze({ N: 2 ** 14, r: 8, p: 1, keyLength: 64 });

/**
 * Thrown for a stored password that is not in the `scrypt$N$r$p$salt$hash` format.
 *
 * @example
 * parsePasswordHash("md5$x"); // throws PasswordHashError
 */
export class PasswordHashError extends Error {
  readonly code = "DJANGO_E_PASSWORD_HASH";
  constructor(message: string) {
    super(message);
    this.name = "PasswordHashError";
  }
}

/**
 * A parsed stored password.
 *
 * @example
 * const { N, r, p, salt } = parsePasswordHash(user.password);
 */
export interface ScryptHash {
  algorithm: typeof SCRYPT_ALGORITHM;
  N: number;
  r: number;
  p: number;
  salt: string;
  hash: Buffer;
}

function deriveKey(
  password: string,
  salt: string,
  N: number,
  r: number,
  p: number,
  length: number,
) {
  // maxmem: scrypt needs 128 * N * r bytes; allow twice that so any valid stored cost works.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Parses `scrypt$N$r$p$salt$hash` (hash in base64).
 *
 * @example
 * parsePasswordHash(await makePassword("s3cret!pw")).N; // 16384
 */
export function parsePasswordHash(encoded: string): ScryptHash {
  const parts = encoded.split("$");
  if (parts.length !== 6 || parts[0] !== SCRYPT_ALGORITHM) {
    throw new PasswordHashError(
      "Invalid password format or unknown hashing algorithm (expected scrypt$N$r$p$salt$hash).",
    );
  }
  const [, nText, rText, pText, salt, hashText] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const [N, r, p] = [nText, rText, pText].map(Number) as [number, number, number];
  const validCost = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0 && N <= 2 ** 20;
  if (
    !validCost ||
    !Number.isInteger(r) ||
    r < 1 ||
    r > 64 ||
    !Number.isInteger(p) ||
    p < 1 ||
    p > 64
  ) {
    throw new PasswordHashError(`Invalid scrypt parameters N=${nText} r=${rText} p=${pText}.`);
  }
  const hash = Buffer.from(hashText, "base64");
  if (salt === "" || hash.length === 0) throw new PasswordHashError("Empty scrypt salt or hash.");
  return { algorithm: SCRYPT_ALGORITHM, N, r, p, salt, hash };
}

/**
 * Whether `encoded` is a real password hash (not `null`, not an unusable `!…` marker).
 *
 * @example
 * isPasswordUsable(await makePassword(null)); // false
 */
export function isPasswordUsable(encoded: string | null | undefined): boolean {
  return typeof encoded === "string" && !encoded.startsWith(UNUSABLE_PASSWORD_PREFIX);
}

/**
 * A fresh unusable password value: `!` and 40 random characters (random, so two users with
 * unusable passwords never share a session auth hash).
 *
 * @example
 * user.password = unusablePassword();
 */
export function unusablePassword(): string {
  return (
    UNUSABLE_PASSWORD_PREFIX +
    randomBytes(30).toString("base64url").slice(0, UNUSABLE_SUFFIX_LENGTH)
  );
}

/**
 * Hashes a password for storage: `scrypt$16384$8$1$<salt>$<base64 hash>`. `null` gives an
 * unusable password (`!` and random characters), as Django's `make_password(None)`.
 *
 * @example
 * user.password = await makePassword("correct horse battery staple");
 */
export async function makePassword(password: string | null, salt?: string): Promise<string> {
  if (password === null) return unusablePassword();
  if (typeof password !== "string") {
    throw new TypeError(`Password must be a string or null, not ${typeof password}.`);
  }
  const useSalt = salt ?? randomBytes(16).toString("base64url");
  if (useSalt.includes("$")) throw new PasswordHashError('A salt must not contain "$".');
  const { N, r, p, keyLength } = SCRYPT_PARAMETERS;
  const hash = await deriveKey(password, useSalt, N, r, p, keyLength);
  return [SCRYPT_ALGORITHM, N, r, p, useSalt, hash.toString("base64")].join("$");
}

/**
 * Checks `password` against a stored hash in constant time. A stored hash with older
 * parameters is replaced through `setter` after a successful check. Unusable, empty or
 * malformed stored values never match (no exception: a login form must not crash).
 *
 * @example
 * if (await checkPassword(form.password, user.password)) { ... }
 */
export async function checkPassword(
  password: string | null | undefined,
  encoded: string | null | undefined,
  setter?: (password: string) => Promise<void> | void,
): Promise<boolean> {
  if (typeof password !== "string" || !isPasswordUsable(encoded)) return false;
  let parsed: ScryptHash;
  try {
    parsed = parsePasswordHash(encoded as string);
  } catch {
    return false;
  }
  const candidate = await deriveKey(
    password,
    parsed.salt,
    parsed.N,
    parsed.r,
    parsed.p,
    parsed.hash.length,
  );
  const matches = timingSafeEqual(candidate, parsed.hash);
  if (matches && setter !== undefined && mustUpdate(parsed)) await setter(password);
  return matches;
}

/** Whether a parsed hash was made with other parameters than today's. */
function mustUpdate(parsed: ScryptHash): boolean {
  const { N, r, p, keyLength } = SCRYPT_PARAMETERS;
  return parsed.N !== N || parsed.r !== r || parsed.p !== p || parsed.hash.length !== keyLength;
}
