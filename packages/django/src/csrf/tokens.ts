// CSRF tokens as Django makes them: a 32-character secret kept in the cookie, and 64-character
// masked tokens in pages (a random mask plus the secret shifted by it), so the token in the
// HTML changes on every render and BREACH-style compression attacks learn nothing.
import { randomInt, timingSafeEqual } from "node:crypto";

export const CSRF_SECRET_LENGTH = 32;
export const CSRF_TOKEN_LENGTH = 64;
const CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** A token has the wrong length or characters; `reason` completes Django's messages. */
export class InvalidTokenFormat extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * A fresh random secret of 32 letters and digits.
 *
 * @example
 * newCsrfSecret().length; // 32
 */
export function newCsrfSecret(): string {
  let out = "";
  for (let i = 0; i < CSRF_SECRET_LENGTH; i++) out += CHARS[randomInt(CHARS.length)];
  return out;
}

/**
 * Masks a secret: 32 random characters, then each secret character shifted by the mask's.
 *
 * @example
 * unmaskCsrfToken(maskCsrfSecret(secret)) === secret; // true
 */
export function maskCsrfSecret(secret: string): string {
  const mask = newCsrfSecret();
  let cipher = "";
  for (let i = 0; i < CSRF_SECRET_LENGTH; i++) {
    cipher += CHARS[(CHARS.indexOf(secret[i]!) + CHARS.indexOf(mask[i]!)) % CHARS.length];
  }
  return mask + cipher;
}

/** The secret inside a 64-character masked token. */
export function unmaskCsrfToken(token: string): string {
  const mask = token.slice(0, CSRF_SECRET_LENGTH);
  const cipher = token.slice(CSRF_SECRET_LENGTH);
  let secret = "";
  for (let i = 0; i < CSRF_SECRET_LENGTH; i++) {
    const index = CHARS.indexOf(cipher[i]!) - CHARS.indexOf(mask[i]!);
    secret += CHARS[(index + CHARS.length) % CHARS.length];
  }
  return secret;
}

/** Throws {@link InvalidTokenFormat} unless `token` is 32 or 64 letters and digits. */
export function checkTokenFormat(token: string): void {
  if (token.length !== CSRF_SECRET_LENGTH && token.length !== CSRF_TOKEN_LENGTH) {
    throw new InvalidTokenFormat("has incorrect length");
  }
  if (!/^[a-zA-Z0-9]+$/.test(token)) throw new InvalidTokenFormat("has invalid characters");
}

/**
 * True when a (masked or bare) request token carries `secret`; compared in constant time.
 *
 * @example
 * tokenMatchesSecret(maskCsrfSecret(secret), secret); // true
 */
export function tokenMatchesSecret(token: string, secret: string): boolean {
  const candidate = token.length === CSRF_TOKEN_LENGTH ? unmaskCsrfToken(token) : token;
  const a = Buffer.from(candidate);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}
