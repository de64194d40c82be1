import { AnonymousUser } from "../auth/user.ts";
import { ImproperlyConfigured } from "../core/exceptions.ts";
import { getToken } from "../csrf/middleware.ts";
import type { HttpRequest } from "../http/request.ts";
import { DEFAULT_TAGS } from "../messages/constants.ts";
import { getMessages } from "../messages/api.ts";
import type { ContextProcessor, ContextProcessorEntry } from "./context-processors.ts";

/**
 * `perms` in templates until issue 7 brings permissions: `perms.has("polls.add_choice")`
 * asks `request.user.hasPerm`.
 *
 * @example
 * new PermWrapper(request).has("polls.vote"); // false for an AnonymousUser
 */
export class PermWrapper {
  constructor(private readonly request: HttpRequest) {}
  has(perm: string): boolean | Promise<boolean> {
    return this.request.hasUser() ? this.request.user.hasPerm(perm) : false;
  }
}

const request: ContextProcessor = (req) => ({ request: req });
const debug: ContextProcessor = (req) => (req.settings.DEBUG ? { debug: true } : {});
// Lazy, as Django's: the token (and the csrftoken cookie) only when a template uses it.
const csrf: ContextProcessor = (req) => ({ csrf_token: () => getToken(req) });
const auth: ContextProcessor = (req) => ({
  user: req.hasUser() ? req.user : new AnonymousUser(),
  perms: new PermWrapper(req),
});
const messages: ContextProcessor = (req) => ({
  messages: getMessages(req),
  DEFAULT_MESSAGE_LEVELS: Object.fromEntries(
    Object.entries(DEFAULT_TAGS).map(([level, tag]) => [tag.toUpperCase(), Number(level)]),
  ),
});
const staticProcessor: ContextProcessor = (req) => ({ STATIC_URL: req.settings.STATIC_URL });
const tz: ContextProcessor = (req) => ({ TIME_ZONE: req.settings.TIME_ZONE });

const BUILTIN: Record<string, ContextProcessor> = {
  request,
  debug,
  csrf,
  auth,
  messages,
  static: staticProcessor,
  tz,
};

const DJANGO_NAMES: Record<string, string> = {
  "django.template.context_processors.request": "request",
  "django.template.context_processors.debug": "debug",
  "django.template.context_processors.csrf": "csrf",
  "django.template.context_processors.static": "static",
  "django.template.context_processors.tz": "tz",
  "django.contrib.auth.context_processors.auth": "auth",
  "django.contrib.messages.context_processors.messages": "messages",
};

/**
 * The function for a `context_processors` entry: a function as is, or one of the built-in
 * names ("request", "debug", "csrf", "auth", "messages", "static", "tz", or Django's dotted
 * names for them).
 *
 * @example
 * resolveContextProcessor("django.template.context_processors.request")(request); // { request }
 */
export function resolveContextProcessor(entry: ContextProcessorEntry): ContextProcessor {
  if (typeof entry === "function") return entry;
  const processor = BUILTIN[DJANGO_NAMES[entry] ?? entry];
  if (processor === undefined) {
    throw new ImproperlyConfigured(
      `context processor "${entry}" is unknown; use a function or one of ${Object.keys(BUILTIN).join(", ")}`,
    );
  }
  return processor;
}

/** The csrf processor, always on (Django adds it to every RequestContext). */
export const csrfContextProcessor: ContextProcessor = csrf;
