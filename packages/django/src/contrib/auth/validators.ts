// Input rules for users (Django's UnicodeUsernameValidator, BaseUserManager.normalize_email
// and a small default set of AUTH_PASSWORD_VALIDATORS), shared by the manager and commands.
import { ValidationError } from "../../db/index.ts";

/**
 * Django's username rule: letters, digits and `@ . + - _` (Unicode letters allowed).
 *
 * @example
 * USERNAME_PATTERN.test("jo.smith+test@x"); // true
 */
export const USERNAME_PATTERN = /^[\p{L}\p{N}_.@+-]+$/u;

/**
 * Django's message for a username that breaks {@link USERNAME_PATTERN}.
 *
 * @example
 * form.errors.username = [USERNAME_MESSAGE];
 */
export const USERNAME_MESSAGE =
  "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.";

/**
 * Field validator for `User.username`.
 *
 * @example
 * validateUsername("alice@example"); // ok
 * validateUsername("a b");           // throws ValidationError (code "invalid")
 */
export function validateUsername(value: string): void {
  if (!USERNAME_PATTERN.test(value))
    throw new ValidationError(USERNAME_MESSAGE, { code: "invalid" });
}

/**
 * NFKC-normalises a username, so look-alike forms cannot register twice (Django's
 * `AbstractBaseUser.normalize_username`).
 *
 * @example
 * normalizeUsername("ｂｏｂ"); // "bob"
 */
export function normalizeUsername(username: string): string {
  return username.normalize("NFKC");
}

/**
 * Lower-cases the domain part of an email address (Django's `normalize_email`); the local
 * part is case-sensitive in principle and kept as given.
 *
 * @example
 * normalizeEmail("Bob@Example.COM"); // "Bob@example.com"
 */
export function normalizeEmail(email: string | null | undefined): string {
  const value = (email ?? "").trim();
  const at = value.lastIndexOf("@");
  if (at < 0) return value;
  return value.slice(0, at) + "@" + value.slice(at + 1).toLowerCase();
}

/**
 * Minimum length enforced by {@link validatePassword} (Django's MinimumLengthValidator default).
 *
 * @example
 * `<input type="password" minlength="${MIN_PASSWORD_LENGTH}">`;
 */
export const MIN_PASSWORD_LENGTH = 8;

// A few of the most common passwords: enough to refuse the obvious ones without shipping
// Django's 20,000-entry list.
const COMMON_PASSWORDS = new Set([
  "password",
  "password1",
  "password123",
  "12345678",
  "123456789",
  "1234567890",
  "qwertyuiop",
  "iloveyou",
  "admin123",
  "letmein1",
  "welcome1",
  "abc12345",
  "passw0rd",
  "changeme",
]);

/**
 * Checks a password against the default rules (Django's four default validators, simplified):
 * at least 8 characters, not too similar to the username or email, not a common password, not
 * entirely numeric. Throws one ValidationError listing every broken rule.
 *
 * @example
 * validatePassword("1234", { username: "bob" });
 * // ValidationError: This password is too short. It must contain at least 8 characters. …
 */
export function validatePassword(
  password: string,
  user: { username?: string; email?: string } = {},
): void {
  const messages: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) {
    messages.push(
      `This password is too short. It must contain at least ${MIN_PASSWORD_LENGTH} characters.`,
    );
  }
  const lower = password.toLowerCase();
  for (const [label, value] of [
    ["username", user.username],
    ["email address", user.email?.split("@")[0]],
  ] as const) {
    if (
      value &&
      value.length >= 3 &&
      (lower.includes(value.toLowerCase()) || value.toLowerCase().includes(lower))
    ) {
      messages.push(`The password is too similar to the ${label}.`);
      break;
    }
  }
  if (COMMON_PASSWORDS.has(lower)) messages.push("This password is too common.");
  if (/^\d+$/.test(password)) messages.push("This password is entirely numeric.");
  if (messages.length > 0) throw new ValidationError(messages, { code: "password_invalid" });
}
