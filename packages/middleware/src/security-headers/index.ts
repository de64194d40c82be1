import { hasHeader } from "@tsgi/core";
import type { App, HeaderList } from "@tsgi/core";
import { MiddlewareOptionError } from "../errors.ts";
import { checkApp, checkOptionsObject, headerValueOption } from "../_internal/options.ts";

/** A header's value, or false to leave the header out. */
export type HeaderSetting = string | false;

/** Options of {@link securityHeaders}: each header's value, or false to leave it out. */
export interface SecurityHeadersOptions {
  /** Default off (a policy must fit the app); e.g. `"default-src 'self'"`. */
  contentSecurityPolicy?: HeaderSetting;
  /** Default `max-age=15552000; includeSubDomains`, sent on https requests only. */
  strictTransportSecurity?: HeaderSetting;
  /** Default `nosniff`. */
  xContentTypeOptions?: HeaderSetting;
  /** Default `SAMEORIGIN`. */
  xFrameOptions?: HeaderSetting;
  /** Default `no-referrer`. */
  referrerPolicy?: HeaderSetting;
  /** Default `same-origin`. */
  crossOriginOpenerPolicy?: HeaderSetting;
  /** Default `same-origin`. */
  crossOriginResourcePolicy?: HeaderSetting;
  /** Default `?1`. */
  originAgentCluster?: HeaderSetting;
  /** Default `off`. */
  xDnsPrefetchControl?: HeaderSetting;
  /** Default `none`. */
  xPermittedCrossDomainPolicies?: HeaderSetting;
}

const NAME = "securityHeaders";

// Option name → header name and default value (helmet's defaults, less the CSP).
const HEADERS: readonly [keyof SecurityHeadersOptions, string, HeaderSetting][] = [
  ["contentSecurityPolicy", "Content-Security-Policy", false],
  ["strictTransportSecurity", "Strict-Transport-Security", "max-age=15552000; includeSubDomains"],
  ["xContentTypeOptions", "X-Content-Type-Options", "nosniff"],
  ["xFrameOptions", "X-Frame-Options", "SAMEORIGIN"],
  ["referrerPolicy", "Referrer-Policy", "no-referrer"],
  ["crossOriginOpenerPolicy", "Cross-Origin-Opener-Policy", "same-origin"],
  ["crossOriginResourcePolicy", "Cross-Origin-Resource-Policy", "same-origin"],
  ["originAgentCluster", "Origin-Agent-Cluster", "?1"],
  ["xDnsPrefetchControl", "X-DNS-Prefetch-Control", "off"],
  ["xPermittedCrossDomainPolicies", "X-Permitted-Cross-Domain-Policies", "none"],
];

/**
 * Adds protective response headers, as helmet does: nosniff, frame and referrer policies,
 * cross-origin isolation, HSTS (on https only — browsers ignore it over http, and sending it
 * from a dev server on localhost would pin that host to https), and a Content-Security-Policy
 * when you give one. A header the app set itself is left as the app set it: the app knows
 * better for that response.
 *
 * @throws MiddlewareOptionError (`TSGI_E_MW_INVALID_OPTION`) for an unknown option or a value
 * that is not a valid header value (or false).
 *
 * @example
 * import { securityHeaders } from "@tsgi/middleware/security-headers";
 * const app = securityHeaders(myApp, {
 *   contentSecurityPolicy: "default-src 'self'; img-src 'self' data:",
 *   xFrameOptions: "DENY",
 * });
 */
export function securityHeaders(app: App, options: SecurityHeadersOptions = {}): App {
  checkApp(NAME, app);
  checkOptionsObject(NAME, options);
  const known = new Set(HEADERS.map(([option]) => option as string));
  for (const option of Object.keys(options)) {
    if (!known.has(option))
      throw new MiddlewareOptionError(NAME, option, "is not a known header option");
  }
  const always: HeaderList = [];
  let hsts: string | undefined;
  for (const [option, header, fallback] of HEADERS) {
    const value = options[option] ?? fallback;
    if (value === false) continue;
    headerValueOption(NAME, option, value);
    if (option === "strictTransportSecurity") hsts = value;
    else always.push([header, value]);
  }

  return (environ, startResponse) => {
    const secure = environ["tsgi.url_scheme"] === "https";
    return app(environ, (status, headers, excInfo) => {
      const out: HeaderList = [...headers];
      for (const header of always) if (!hasHeader(headers, header[0])) out.push(header);
      if (secure && hsts !== undefined && !hasHeader(headers, "strict-transport-security")) {
        out.push(["Strict-Transport-Security", hsts]);
      }
      return startResponse(status, out, excInfo);
    });
  };
}
