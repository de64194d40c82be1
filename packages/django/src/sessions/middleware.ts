import { patchVaryHeaders } from "../http/vary.ts";
import type { MiddlewareFactory } from "../middleware/types.ts";
import { sessionEngine } from "./engines.ts";

/**
 * Django's `SessionMiddleware`: loads `request.session` from the `SESSION_COOKIE_NAME`
 * cookie before the view and, afterwards, saves it and sets the cookie when it changed
 * (or on every request with SESSION_SAVE_EVERY_REQUEST), deletes the cookie when the session
 * became empty, and adds `Vary: Cookie` when the session was read. A 5xx response never
 * saves a session.
 *
 * @example
 * request.session.set("favouriteColour", "blue");
 */
export const SessionMiddleware: MiddlewareFactory = (getResponse) => async (request) => {
  const settings = request.settings;
  const cookieName = settings.SESSION_COOKIE_NAME;
  const session = sessionEngine(settings)(request.COOKIES[cookieName], settings);
  await session.load();
  request.session = session;

  const response = await getResponse(request);

  const empty = session.isEmpty();
  if (cookieName in request.COOKIES && empty) {
    response.deleteCookie(cookieName, {
      path: settings.SESSION_COOKIE_PATH,
      ...(settings.SESSION_COOKIE_DOMAIN === undefined
        ? {}
        : { domain: settings.SESSION_COOKIE_DOMAIN }),
      sameSite: settings.SESSION_COOKIE_SAMESITE,
    });
    patchVaryHeaders(response, ["Cookie"]);
    return response;
  }
  if (session.accessed) patchVaryHeaders(response, ["Cookie"]);
  if (
    (session.modified || settings.SESSION_SAVE_EVERY_REQUEST) &&
    !empty &&
    response.status < 500
  ) {
    await session.save();
    const atBrowserClose = session.getExpireAtBrowserClose();
    response.setCookie(cookieName, session.sessionKey!, {
      ...(atBrowserClose ? {} : { maxAge: session.getExpiryAge() }),
      path: settings.SESSION_COOKIE_PATH,
      ...(settings.SESSION_COOKIE_DOMAIN === undefined
        ? {}
        : { domain: settings.SESSION_COOKIE_DOMAIN }),
      secure: settings.SESSION_COOKIE_SECURE,
      httpOnly: settings.SESSION_COOKIE_HTTPONLY,
      sameSite: settings.SESSION_COOKIE_SAMESITE,
    });
  }
  return response;
};
