import { DisallowedHost } from "../core/exceptions.ts";
import { wrapView } from "../core/_wrap-view.ts";
import { isSameDomain } from "../http/hosts.ts";
import type { HttpRequest } from "../http/request.ts";
import { HttpHeaders } from "../http/request-headers.ts";
import { patchVaryHeaders } from "../http/vary.ts";
import type { MiddlewareFactory } from "../middleware/types.ts";
import type { ViewFunction } from "../urls/types.ts";
import { csrfFailureResponse } from "./failure.ts";
import {
  checkTokenFormat,
  InvalidTokenFormat,
  maskCsrfSecret,
  newCsrfSecret,
  tokenMatchesSecret,
  unmaskCsrfToken,
  CSRF_TOKEN_LENGTH,
} from "./tokens.ts";

/**
 * Django's reason texts, kept word for word (tests and logs grep for them).
 *
 * @example
 * assert.match(response.text, new RegExp(CSRF_REASONS.CSRF_TOKEN_MISSING));
 */
export const CSRF_REASONS = {
  NO_REFERER: "Referer checking failed - no Referer.",
  MALFORMED_REFERER: "Referer checking failed - Referer is malformed.",
  INSECURE_REFERER: "Referer checking failed - Referer is insecure while host is secure.",
  NO_CSRF_COOKIE: "CSRF cookie not set.",
  CSRF_TOKEN_MISSING: "CSRF token missing.",
  badOrigin: (origin: string) =>
    `Origin checking failed - ${origin} does not match any trusted origins.`,
  badReferer: (referer: string) =>
    `Referer checking failed - ${referer} does not match any trusted origins.`,
} as const;

/**
 * The environ key the test client sets to skip the checks (as Django's test client does).
 *
 * @example
 * await client.post("/vote/", { extraEnviron: { [DONT_ENFORCE_CSRF_CHECKS]: true } });
 */
export const DONT_ENFORCE_CSRF_CHECKS = "django.dont_enforce_csrf_checks";

const COOKIE_KEY = "CSRF_COOKIE";
const NEEDS_UPDATE_KEY = "CSRF_COOKIE_NEEDS_UPDATE";
const PROCESSING_DONE = "csrfProcessingDone";
const EXEMPT = Symbol.for("tsgi.django.csrf_exempt");
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

class RejectRequest extends Error {}

function addNewCsrfCookie(request: HttpRequest): string {
  const secret = newCsrfSecret();
  request.META[COOKIE_KEY] = secret;
  request.META[NEEDS_UPDATE_KEY] = true;
  return secret;
}

/**
 * The CSRF token for a form or an `X-CSRFToken` header (Django's `get_token`): a freshly
 * masked token for the request's secret, creating the secret (and the `csrftoken` cookie on
 * the response) when the client has none. `{% csrf_token %}` renders this value.
 *
 * @example
 * const token = getToken(request);
 * return new JsonResponse({ csrfToken: token });
 */
export function getToken(request: HttpRequest): string {
  const existing = request.META[COOKIE_KEY];
  let secret: string;
  if (typeof existing === "string") {
    secret = existing;
    request.META[NEEDS_UPDATE_KEY] = true;
  } else {
    secret = addNewCsrfCookie(request);
  }
  return maskCsrfSecret(secret);
}

/**
 * Replaces the CSRF secret (Django's `rotate_token`; call it on login).
 *
 * @example
 * rotateToken(request);
 */
export function rotateToken(request: HttpRequest): void {
  addNewCsrfCookie(request);
}

function secretFromCookie(request: HttpRequest): string | undefined {
  const value = request.COOKIES[request.settings.CSRF_COOKIE_NAME];
  if (value === undefined) return undefined;
  checkTokenFormat(value);
  return value.length === CSRF_TOKEN_LENGTH ? unmaskCsrfToken(value) : value;
}

function originVerified(request: HttpRequest, origin: string): boolean {
  let goodHost: string;
  try {
    goodHost = request.getHost();
  } catch (error) {
    if (error instanceof DisallowedHost) return false;
    throw error;
  }
  if (origin === `${request.isSecure() ? "https" : "http"}://${goodHost}`) return true;
  const trusted = request.settings.CSRF_TRUSTED_ORIGINS;
  if (trusted.filter((item) => !item.includes("*")).includes(origin)) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return trusted
    .filter((item) => item.includes("*"))
    .some((item) => {
      const [scheme, netloc = ""] = item.split("://");
      return (
        `${scheme}:` === parsed.protocol && isSameDomain(parsed.host, netloc.replace(/^\*/, ""))
      );
    });
}

function checkReferer(request: HttpRequest): void {
  const referer = request.META.HTTP_REFERER;
  if (typeof referer !== "string") throw new RejectRequest(CSRF_REASONS.NO_REFERER);
  let parsed: URL;
  try {
    parsed = new URL(referer);
  } catch {
    throw new RejectRequest(CSRF_REASONS.MALFORMED_REFERER);
  }
  if (parsed.host === "") throw new RejectRequest(CSRF_REASONS.MALFORMED_REFERER);
  if (parsed.protocol !== "https:") throw new RejectRequest(CSRF_REASONS.INSECURE_REFERER);
  const trustedHosts = request.settings.CSRF_TRUSTED_ORIGINS.filter((origin) =>
    origin.startsWith("https://"),
  ).map((origin) => origin.slice("https://".length));
  if (trustedHosts.some((host) => isSameDomain(parsed.host, host))) return;
  let goodReferer = request.settings.CSRF_COOKIE_DOMAIN;
  if (goodReferer === undefined) {
    try {
      goodReferer = request.getHost();
    } catch (error) {
      if (error instanceof DisallowedHost)
        throw new RejectRequest(CSRF_REASONS.badReferer(referer));
      throw error;
    }
  } else {
    const port = request.getPort();
    if (port !== "443" && port !== "80") goodReferer = `${goodReferer}:${port}`;
  }
  if (!isSameDomain(parsed.host, goodReferer))
    throw new RejectRequest(CSRF_REASONS.badReferer(referer));
}

function badTokenMessage(reason: string, source: string): string {
  const where =
    source === "POST"
      ? "POST"
      : `the '${HttpHeaders.nameFromEnvironKey(source) ?? source}' HTTP header`;
  return `CSRF token from ${where} ${reason}.`;
}

function checkToken(request: HttpRequest): void {
  let secret: string | undefined;
  try {
    secret = secretFromCookie(request);
  } catch (error) {
    if (error instanceof InvalidTokenFormat)
      throw new RejectRequest(`CSRF cookie ${error.reason}.`);
    throw error;
  }
  if (secret === undefined) throw new RejectRequest(CSRF_REASONS.NO_CSRF_COOKIE);
  let token = request.method === "POST" ? request.POST.get("csrfmiddlewaretoken", "") : "";
  let source = "POST";
  if (token === "") {
    const headerName = request.settings.CSRF_HEADER_NAME;
    const header = request.META[headerName];
    if (typeof header !== "string") throw new RejectRequest(CSRF_REASONS.CSRF_TOKEN_MISSING);
    token = header;
    source = headerName;
  }
  try {
    checkTokenFormat(token);
  } catch (error) {
    if (error instanceof InvalidTokenFormat)
      throw new RejectRequest(badTokenMessage(error.reason, source));
    throw error;
  }
  if (!tokenMatchesSecret(token, secret))
    throw new RejectRequest(badTokenMessage("incorrect", source));
}

function accept(request: HttpRequest): null {
  request.state[PROCESSING_DONE] = true;
  return null;
}

/**
 * Django's `CsrfViewMiddleware`: a POST, PUT, PATCH or DELETE must carry the token of the
 * `csrftoken` cookie in the `csrfmiddlewaretoken` form field or the `X-CSRFToken` header;
 * a request with an `Origin` must come from this site or `CSRF_TRUSTED_ORIGINS`, and an HTTPS
 * request without Origin needs a same-site `Referer`. Otherwise 403, with Django's reason.
 * Views marked with {@link csrfExempt} are not checked.
 *
 * @example
 * <form method="post">{% csrf_token %}<button>Vote</button></form>
 */
export const CsrfViewMiddleware: MiddlewareFactory = (getResponse) =>
  Object.assign(
    async (request: HttpRequest) => {
      try {
        const secret = secretFromCookie(request);
        if (secret !== undefined) request.META[COOKIE_KEY] = secret;
      } catch (error) {
        if (!(error instanceof InvalidTokenFormat)) throw error;
        addNewCsrfCookie(request);
      }
      const response = await getResponse(request);
      if (request.META[NEEDS_UPDATE_KEY] === true) {
        const settings = request.settings;
        response.setCookie(settings.CSRF_COOKIE_NAME, String(request.META[COOKIE_KEY]), {
          maxAge: settings.CSRF_COOKIE_AGE,
          ...(settings.CSRF_COOKIE_DOMAIN === undefined
            ? {}
            : { domain: settings.CSRF_COOKIE_DOMAIN }),
          path: settings.CSRF_COOKIE_PATH,
          secure: settings.CSRF_COOKIE_SECURE,
          httpOnly: settings.CSRF_COOKIE_HTTPONLY,
          sameSite: settings.CSRF_COOKIE_SAMESITE,
        });
        patchVaryHeaders(response, ["Cookie"]);
        request.META[NEEDS_UPDATE_KEY] = false;
      }
      return response;
    },
    {
      processView(request: HttpRequest, view: ViewFunction) {
        if (request.state[PROCESSING_DONE] === true) return null;
        if ((view as unknown as Record<symbol, unknown>)[EXEMPT] === true) return null;
        if (SAFE_METHODS.has(request.method)) return accept(request);
        if (request.META[DONT_ENFORCE_CSRF_CHECKS] === true) return accept(request);
        try {
          const origin = request.META.HTTP_ORIGIN;
          if (typeof origin === "string") {
            if (!originVerified(request, origin))
              throw new RejectRequest(CSRF_REASONS.badOrigin(origin));
          } else if (request.isSecure()) {
            checkReferer(request);
          }
          checkToken(request);
        } catch (error) {
          if (!(error instanceof RejectRequest)) throw error;
          request.META["tsgi.errors"]?.write(`Forbidden (${error.message}): ${request.path}\n`);
          return csrfFailureResponse(request, error.message);
        }
        return accept(request);
      },
    },
  );

/**
 * Skips the CSRF checks for a view (Django's `@csrf_exempt`): for webhooks and APIs that
 * authenticate otherwise.
 *
 * @example
 * path("webhook/", csrfExempt(webhook));
 */
export function csrfExempt<V extends ViewFunction>(view: V): V {
  return wrapView(view, (...args) => view(...args), { [EXEMPT]: true });
}

/**
 * Makes sure the response sets the CSRF cookie even when the page renders no form (Django's
 * `@ensure_csrf_cookie`), for pages whose script posts with `X-CSRFToken`.
 *
 * @example
 * path("app/", ensureCsrfCookie(spaShell));
 */
export function ensureCsrfCookie<V extends ViewFunction>(view: V): V {
  return wrapView(view, (request, ...rest) => {
    getToken(request);
    return view(request, ...rest);
  });
}
