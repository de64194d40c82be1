/**
 * Password hashes in werkzeug's format, `method$salt$hash`, so a database written by the Python
 * tutorial works here and the other way round. New hashes use scrypt (werkzeug 3's default,
 * `scrypt:32768:8:1`); checking also accepts werkzeug's older `pbkdf2:<digest>:<iterations>`
 * hashes, which the tutorial's test data (`tests/data.sql`) still contains.
 *
 * node:crypto's async scrypt and pbkdf2 run on the libuv thread pool, so hashing (about 100 ms
 * and 32 MiB for scrypt's default cost) never blocks the event loop that serves other requests.
 */
import { pbkdf2, randomInt, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: string,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;
const pbkdf2Async = promisify(pbkdf2);

/** werkzeug's salt alphabet: letters and digits. */
const SALT_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** werkzeug 3's scrypt parameters: N = 2^15, r = 8, p = 1 (as `hashlib.scrypt` with 64 bytes). */
export const DEFAULT_SCRYPT = { N: 32768, r: 8, p: 1 } as const;

const SCRYPT_KEY_LENGTH = 64;
// Python's hashlib.scrypt needs maxmem above 128·N·r·p; werkzeug passes 132·N·r·p, and so do we
// (node's own default, 32 MiB, is exactly too small for N = 2^15, r = 8).
const scryptMaxmem = (N: number, r: number, p: number) => 132 * N * r * p;

/**
 * Hashes `password` as werkzeug's `generate_password_hash` does by default:
 * `scrypt:32768:8:1$<16 random letters and digits>$<128 hex digits>`.
 *
 * @example
 * const stored = await generatePasswordHash("s3cret");
 * stored.startsWith("scrypt:32768:8:1$"); // true
 * await checkPasswordHash(stored, "s3cret"); // true
 */
export async function generatePasswordHash(
  password: string,
  options: { N?: number; r?: number; p?: number; saltLength?: number } = {},
): Promise<string> {
  const N = options.N ?? DEFAULT_SCRYPT.N;
  const r = options.r ?? DEFAULT_SCRYPT.r;
  const p = options.p ?? DEFAULT_SCRYPT.p;
  const salt = generateSalt(options.saltLength ?? 16);
  const key = await scryptAsync(password, salt, SCRYPT_KEY_LENGTH, {
    N,
    r,
    p,
    maxmem: scryptMaxmem(N, r, p),
  });
  return `scrypt:${N}:${r}:${p}$${salt}$${key.toString("hex")}`;
}

/**
 * Whether `password` matches `stored` (a `scrypt:N:r:p$salt$hash` or
 * `pbkdf2:<digest>:<iterations>$salt$hash` string), compared in constant time. A malformed or
 * unsupported hash is simply no match: a broken row must not turn a login into an error page.
 *
 * @example
 * await checkPasswordHash("pbkdf2:sha256:50000$TCI4GzcX$0de171a4…", "test"); // true
 * await checkPasswordHash("garbage", "test"); // false
 */
export async function checkPasswordHash(stored: string, password: string): Promise<boolean> {
  const [method, salt, expected, ...rest] = stored.split("$");
  if (method === undefined || salt === undefined || expected === undefined || rest.length > 0) {
    return false;
  }
  if (!/^(?:[0-9a-f]{2})+$/.test(expected)) return false;
  let actual: Buffer | undefined;
  try {
    actual = await derive(method, salt, password, expected.length / 2);
  } catch (_error) {
    // Parameters node refuses (N not a power of two, an unknown digest) mean a bad hash.
    return false;
  }
  if (actual === undefined) return false;
  const wanted = Buffer.from(expected, "hex");
  return wanted.length === actual.length && timingSafeEqual(wanted, actual);
}

async function derive(
  method: string,
  salt: string,
  password: string,
  keyLength: number,
): Promise<Buffer | undefined> {
  const [kind, ...args] = method.split(":");
  if (kind === "scrypt") {
    const [N, r, p] =
      args.length === 0 ? [DEFAULT_SCRYPT.N, DEFAULT_SCRYPT.r, 1] : args.map(Number);
    if (args.length !== 0 && args.length !== 3) return undefined;
    if (!isPositiveInteger(N) || !isPositiveInteger(r) || !isPositiveInteger(p)) return undefined;
    return scryptAsync(password, salt, keyLength, { N, r, p, maxmem: scryptMaxmem(N, r, p) });
  }
  if (kind === "pbkdf2") {
    const [digest, iterationsText] = args;
    const iterations = Number(iterationsText);
    if (digest === undefined || args.length !== 2 || !isPositiveInteger(iterations)) {
      return undefined;
    }
    return pbkdf2Async(password, salt, iterations, keyLength, digest);
  }
  return undefined;
}

function isPositiveInteger(value: number | undefined): value is number {
  return value !== undefined && Number.isSafeInteger(value) && value > 0;
}

function generateSalt(length: number): string {
  if (!Number.isInteger(length) || length <= 0) {
    throw new RangeError(`salt length must be a positive integer, got ${length}`);
  }
  let salt = "";
  for (let index = 0; index < length; index++) salt += SALT_CHARS[randomInt(SALT_CHARS.length)];
  return salt;
}
