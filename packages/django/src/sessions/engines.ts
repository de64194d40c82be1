import type { Settings } from "../conf/global-settings.ts";
import { ImproperlyConfigured } from "../core/exceptions.ts";
import type { SessionBase } from "./session.ts";
import { SignedCookieSession } from "./signed-cookies.ts";

/** Creates a session for the key a client sent (or none). */
export type SessionStoreFactory = (
  sessionKey: string | undefined,
  settings: Settings,
) => SessionBase;

const engines = new Map<string, SessionStoreFactory>([
  ["django.contrib.sessions.backends.signed_cookies", (key, s) => new SignedCookieSession(key, s)],
  ["signed_cookies", (key, s) => new SignedCookieSession(key, s)],
]);

/**
 * Makes a session backend available under a `SESSION_ENGINE` name (a database backend in
 * issue 7 registers itself this way).
 *
 * @example
 * registerSessionEngine("db", (key, settings) => new DatabaseSession(key, settings));
 */
export function registerSessionEngine(name: string, factory: SessionStoreFactory): void {
  engines.set(name, factory);
}

/**
 * The session factory named by `SESSION_ENGINE`.
 *
 * @example
 * const session = sessionEngine(settings)(request.COOKIES.sessionid, settings);
 */
export function sessionEngine(settings: Settings): SessionStoreFactory {
  const factory = engines.get(settings.SESSION_ENGINE);
  if (factory === undefined) {
    throw new ImproperlyConfigured(
      `SESSION_ENGINE "${settings.SESSION_ENGINE}" is unknown; known: ${[...engines.keys()].join(", ")}`,
    );
  }
  return factory;
}
