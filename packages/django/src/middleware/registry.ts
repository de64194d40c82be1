import { AuthenticationMiddleware } from "../auth/auth.ts";
import { ImproperlyConfigured } from "../core/exceptions.ts";
import { CsrfViewMiddleware } from "../csrf/middleware.ts";
import { MessageMiddleware } from "../messages/api.ts";
import { SessionMiddleware } from "../sessions/middleware.ts";
import { XFrameOptionsMiddleware } from "./clickjacking.ts";
import { CommonMiddleware } from "./common.ts";
import { SecurityMiddleware } from "./security.ts";
import type { MiddlewareEntry, MiddlewareFactory } from "./types.ts";

const registry = new Map<string, MiddlewareFactory>();

/**
 * Makes a middleware usable by name in MIDDLEWARE.
 *
 * @example
 * registerMiddleware("myproject.middleware.TimingMiddleware", timing);
 * MIDDLEWARE: ["django.middleware.security.SecurityMiddleware", "myproject.middleware.TimingMiddleware"]
 */
export function registerMiddleware(name: string, factory: MiddlewareFactory): void {
  registry.set(name, factory);
}

for (const [path, factory] of [
  ["django.middleware.security.SecurityMiddleware", SecurityMiddleware],
  ["django.contrib.sessions.middleware.SessionMiddleware", SessionMiddleware],
  ["django.middleware.common.CommonMiddleware", CommonMiddleware],
  ["django.middleware.csrf.CsrfViewMiddleware", CsrfViewMiddleware],
  ["django.contrib.auth.middleware.AuthenticationMiddleware", AuthenticationMiddleware],
  ["django.contrib.messages.middleware.MessageMiddleware", MessageMiddleware],
  ["django.middleware.clickjacking.XFrameOptionsMiddleware", XFrameOptionsMiddleware],
] as const) {
  registerMiddleware(path, factory);
  registerMiddleware(path.split(".").pop()!, factory);
}

/**
 * The MIDDLEWARE list of a new Django project (`startproject`), in its order.
 *
 * @example
 * defineSettings({ MIDDLEWARE: STARTPROJECT_MIDDLEWARE, ... });
 */
export const STARTPROJECT_MIDDLEWARE: readonly string[] = [
  "django.middleware.security.SecurityMiddleware",
  "django.contrib.sessions.middleware.SessionMiddleware",
  "django.middleware.common.CommonMiddleware",
  "django.middleware.csrf.CsrfViewMiddleware",
  "django.contrib.auth.middleware.AuthenticationMiddleware",
  "django.contrib.messages.middleware.MessageMiddleware",
  "django.middleware.clickjacking.XFrameOptionsMiddleware",
];

/**
 * The factory for a MIDDLEWARE entry (a factory is returned as is).
 *
 * @example
 * resolveMiddleware("CommonMiddleware") === CommonMiddleware; // true
 */
export function resolveMiddleware(entry: MiddlewareEntry): MiddlewareFactory {
  if (typeof entry === "function") return entry;
  const factory = registry.get(entry);
  if (factory === undefined) {
    throw new ImproperlyConfigured(
      `MIDDLEWARE entry "${entry}" is not a registered middleware; pass the factory itself or ` +
        "registerMiddleware(name, factory) first",
    );
  }
  return factory;
}
