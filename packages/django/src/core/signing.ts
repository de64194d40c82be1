// Django's django.core.signing, re-written: HMAC-SHA256 signatures keyed by SECRET_KEY and a
// salt (so a session cookie cannot be replayed as a messages cookie), optional timestamps for
// expiry, and `dumps`/`loads` for signed, URL-safe JSON.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { deflateSync, inflateSync } from "node:zlib";
import { DjangoError, ImproperlyConfigured } from "./exceptions.ts";

/**
 * A signature did not verify (tampered, wrong key or salt): callers treat the value as absent.
 *
 * @example
 * try { loads(cookie, { key, salt }); } catch (error) { if (error instanceof BadSignature) …; }
 */
export class BadSignature extends DjangoError {
  constructor(message: string) {
    super("DJANGO_E_BAD_SIGNATURE", message);
  }
}

/**
 * The signature is valid but older than `maxAge`.
 *
 * @example
 * if (error instanceof SignatureExpired) console.log("session expired");
 */
export class SignatureExpired extends BadSignature {}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function base62Encode(value: number): string {
  if (value === 0) return "0";
  let out = "";
  for (let n = value; n > 0; n = Math.floor(n / 62)) out = BASE62[n % 62] + out;
  return out;
}

function base62Decode(text: string): number {
  let value = 0;
  for (const char of text) {
    const digit = BASE62.indexOf(char);
    if (digit === -1) throw new BadSignature("Bad timestamp");
    value = value * 62 + digit;
  }
  return value;
}

/**
 * HMAC-SHA256 of `value` with a key derived from `salt` and `secret` (Django's
 * `salted_hmac`), so each use of SECRET_KEY gets its own key.
 *
 * @example
 * saltedHmac("my-salt", "value", "secret").length; // 32
 */
export function saltedHmac(salt: string, value: string, secret: string): Buffer {
  if (secret === "") throw new ImproperlyConfigured("The SECRET_KEY setting must not be empty.");
  const key = createHash("sha256")
    .update(salt + secret)
    .digest();
  return createHmac("sha256", key).update(value).digest();
}

/** Options of {@link Signer}. */
export interface SignerOptions {
  /** The secret (SECRET_KEY). */
  key: string;
  /** Namespaces signatures, so one use cannot stand in for another. */
  salt?: string;
  /** Add a timestamp, checked against `maxAge` by `unsign`. */
  timestamp?: boolean;
}

/**
 * Signs strings: `value:signature` (or `value:timestamp:signature`).
 *
 * @example
 * const signer = new Signer({ key: "secret", salt: "greeting" });
 * const signed = signer.sign("hello");
 * signer.unsign(signed); // "hello"
 */
export class Signer {
  readonly #key: string;
  readonly #salt: string;
  readonly #timestamp: boolean;

  constructor(options: SignerOptions) {
    this.#key = options.key;
    this.#salt = options.salt ?? "django.core.signing";
    this.#timestamp = options.timestamp ?? false;
  }

  #signature(value: string): string {
    return saltedHmac(this.#salt + "signer", value, this.#key).toString("base64url");
  }

  /** `value` with its signature appended. */
  sign(value: string): string {
    const stamped = this.#timestamp
      ? `${value}:${base62Encode(Math.floor(Date.now() / 1000))}`
      : value;
    return `${stamped}:${this.#signature(stamped)}`;
  }

  /** The original value; `BadSignature` when tampered, `SignatureExpired` when too old. */
  unsign(signed: string, maxAge?: number): string {
    const cut = signed.lastIndexOf(":");
    if (cut === -1) throw new BadSignature("No ':' found in value");
    const stamped = signed.slice(0, cut);
    const given = Buffer.from(signed.slice(cut + 1));
    const expected = Buffer.from(this.#signature(stamped));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new BadSignature(`Signature "${signed.slice(cut + 1)}" does not match`);
    }
    if (!this.#timestamp) return stamped;
    const stampCut = stamped.lastIndexOf(":");
    if (stampCut === -1) throw new BadSignature("No timestamp found in value");
    const age = Date.now() / 1000 - base62Decode(stamped.slice(stampCut + 1));
    if (maxAge !== undefined && age > maxAge) {
      throw new SignatureExpired(`Signature age ${Math.floor(age)} > ${maxAge} seconds`);
    }
    return stamped.slice(0, stampCut);
  }
}

/** Options of {@link dumps} and {@link loads}. */
export interface DumpsOptions {
  key: string;
  salt?: string;
  /** Deflate the JSON when that makes it shorter (prefix "."). */
  compress?: boolean;
}

/**
 * Signed, timestamped, URL-safe JSON (Django's `signing.dumps`), for cookies and tokens.
 *
 * @example
 * const token = dumps({ user: 1 }, { key: "secret", salt: "reset" });
 * loads(token, { key: "secret", salt: "reset", maxAge: 3600 }); // { user: 1 }
 */
export function dumps(value: unknown, options: DumpsOptions): string {
  let data = Buffer.from(JSON.stringify(value));
  let prefix = "";
  if (options.compress) {
    const compressed = deflateSync(data);
    if (compressed.length < data.length - 1) {
      data = compressed;
      prefix = ".";
    }
  }
  const signer = new Signer({
    key: options.key,
    salt: options.salt ?? "django.core.signing",
    timestamp: true,
  });
  return signer.sign(prefix + data.toString("base64url"));
}

/**
 * Reverses {@link dumps}; `BadSignature` for anything tampered or malformed,
 * `SignatureExpired` when older than `maxAge` seconds.
 *
 * @example
 * loads(token, { key: settings.SECRET_KEY, salt: "reset", maxAge: 3600 });
 */
export function loads(
  signed: string,
  options: Omit<DumpsOptions, "compress"> & { maxAge?: number },
): unknown {
  const signer = new Signer({
    key: options.key,
    salt: options.salt ?? "django.core.signing",
    timestamp: true,
  });
  const payload = signer.unsign(signed, options.maxAge);
  try {
    const compressed = payload.startsWith(".");
    const bytes = Buffer.from(compressed ? payload.slice(1) : payload, "base64url");
    return JSON.parse((compressed ? inflateSync(bytes) : bytes).toString("utf8"));
  } catch (error) {
    throw new BadSignature(`Signed value is not valid data: ${(error as Error).message}`);
  }
}
