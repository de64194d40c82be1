import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Signs and verifies cookie values with HMAC-SHA256, the job itsdangerous'
 * `URLSafeTimedSerializer` does for Flask. A token is `payload.timestamp.signature`, all
 * base64url; the signature covers payload and timestamp, so neither can be changed, and
 * comparison is constant-time (`crypto.timingSafeEqual`).
 *
 * Keys are derived per purpose (`salt`), so a signature made for the session cookie is not
 * valid anywhere else the same secret is used.
 *
 * @example
 * const signer = new TimestampSigner(["new-secret", "old-secret"], "cookie-session");
 * const token = signer.sign('{"user":1}');
 * signer.unsign(token, 3600); // '{"user":1}'
 */
export class TimestampSigner {
  readonly #keys: Buffer[];
  readonly #now: () => number;

  /** `secrets[0]` signs; every secret verifies (key rotation: newest first, as `SECRET_KEY_FALLBACKS`). */
  constructor(secrets: readonly string[], salt: string, options: { now?: () => number } = {}) {
    if (secrets.length === 0 || secrets.some((secret) => secret === "")) {
      throw new TypeError("a TimestampSigner needs at least one non-empty secret");
    }
    this.#keys = secrets.map((secret) =>
      createHmac("sha256", secret).update(`tsgi-flask|${salt}|signer`).digest(),
    );
    this.#now = options.now ?? Date.now;
  }

  /** Signs `payload` with the first secret and the current time. */
  sign(payload: string): string {
    const body = `${base64url(payload)}.${Math.floor(this.#now() / 1000).toString(36)}`;
    return `${body}.${this.#signature(this.#keys[0]!, body).toString("base64url")}`;
  }

  /**
   * The payload when the signature matches one of the secrets and the token is at most
   * `maxAgeSeconds` old; `undefined` otherwise (tampered, expired, malformed, from the future).
   */
  unsign(token: string, maxAgeSeconds?: number): string | undefined {
    const parts = token.split(".");
    if (parts.length !== 3) return undefined;
    const [payload, stamp, signature] = parts as [string, string, string];
    if (!/^[0-9a-z]+$/.test(stamp) || !/^[A-Za-z0-9_-]+$/.test(signature)) return undefined;
    const given = Buffer.from(signature, "base64url");
    const body = `${payload}.${stamp}`;
    const valid = this.#keys.some((key) => {
      const expected = this.#signature(key, body);
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    if (!valid) return undefined;
    const issued = parseInt(stamp, 36);
    const age = Math.floor(this.#now() / 1000) - issued;
    if (age < -60) return undefined; // signed in the future: a clock skew beyond reason
    if (maxAgeSeconds !== undefined && age > maxAgeSeconds) return undefined;
    try {
      return Buffer.from(payload, "base64url").toString("utf8");
    } catch {
      return undefined;
    }
  }

  #signature(key: Buffer, body: string): Buffer {
    return createHmac("sha256", key).update(body).digest();
  }
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}
