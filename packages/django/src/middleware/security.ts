import { HttpResponsePermanentRedirect } from "../http/response-types.ts";
import type { MiddlewareFactory } from "./types.ts";

/**
 * Django's `SecurityMiddleware`: redirects HTTP to HTTPS when `SECURE_SSL_REDIRECT` (except
 * `SECURE_REDIRECT_EXEMPT` paths), and adds `Strict-Transport-Security` (HTTPS only, when
 * `SECURE_HSTS_SECONDS`), `X-Content-Type-Options: nosniff`, `Referrer-Policy` and
 * `Cross-Origin-Opener-Policy` unless the view set them.
 *
 * @example
 * MIDDLEWARE: [SecurityMiddleware, SessionMiddleware, CommonMiddleware]
 */
export const SecurityMiddleware: MiddlewareFactory = (getResponse) => async (request) => {
  const settings = request.settings;
  if (settings.SECURE_SSL_REDIRECT && !request.isSecure()) {
    const path = request.path.replace(/^\/+/, "");
    const exempt = settings.SECURE_REDIRECT_EXEMPT.some((pattern) =>
      new RegExp(pattern).test(path),
    );
    if (!exempt) {
      const host = settings.SECURE_SSL_HOST ?? request.getHost();
      return new HttpResponsePermanentRedirect(`https://${host}${request.getFullPath()}`);
    }
  }
  const response = await getResponse(request);
  if (settings.SECURE_HSTS_SECONDS > 0 && request.isSecure()) {
    let value = `max-age=${settings.SECURE_HSTS_SECONDS}`;
    if (settings.SECURE_HSTS_INCLUDE_SUBDOMAINS) value += "; includeSubDomains";
    if (settings.SECURE_HSTS_PRELOAD) value += "; preload";
    response.headers.setDefault("Strict-Transport-Security", value);
  }
  if (settings.SECURE_CONTENT_TYPE_NOSNIFF) {
    response.headers.setDefault("X-Content-Type-Options", "nosniff");
  }
  if (settings.SECURE_REFERRER_POLICY) {
    response.headers.setDefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY);
  }
  if (settings.SECURE_CROSS_ORIGIN_OPENER_POLICY) {
    response.headers.setDefault(
      "Cross-Origin-Opener-Policy",
      settings.SECURE_CROSS_ORIGIN_OPENER_POLICY,
    );
  }
  return response;
};
