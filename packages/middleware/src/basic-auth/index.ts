import { createHash, timingSafeEqual } from "node:crypto";
import type { App, Environ } from "@tsgi/core";
import { MiddlewareOptionError } from "../errors.ts";
import { copyEnviron, requestHeader } from "../_internal/environ.ts";
import {
  checkApp,
  checkOptionsObject,
  functionOption,
  stringOption,
} from "../_internal/options.ts";
import { respond } from "../_internal/respond.ts";

/** Checks one user name and password; may be async (a database lookup). */
export type BasicAuthVerify = (
  user: string,
  password: string,
  environ: Environ,
) => boolean | Promise<boolean>;

/** Options of {@link basicAuth}. Give `users` or `verify`. */
export interface BasicAuthOptions {
  /** Passwords by user name, compared in constant time. */
  users?: Readonly<Record<string, string>>;
  /** Your own check, when users live elsewhere (compare secrets with `safeEqual`). */
  verify?: BasicAuthVerify;
  /** The realm shown by the browser's login prompt (default "Restricted"). */
  realm?: string;
}

const NAME = "basicAuth";

/**
 * HTTP Basic authentication (RFC 7617). Requests without valid credentials get
 * `401 Unauthorized` with `WWW-Authenticate: Basic realm="…", charset="UTF-8"`, and never reach
 * the app. Valid ones reach it with `REMOTE_USER` (the CGI variable frameworks read) and
 * `AUTH_TYPE: "Basic"` set. Passwords are compared in constant time, and an unknown user costs
 * the same as a wrong password, so timing reveals neither. Use it over HTTPS only.
 *
 * @throws MiddlewareOptionError (`TSGI_E_MW_INVALID_OPTION`) without users or verify, or for a
 * realm with quotes or control characters.
 *
 * @example
 * import { basicAuth } from "@tsgi/middleware/basic-auth";
 * const admin = basicAuth(adminApp, { users: { admin: process.env.ADMIN_PASSWORD! } });
 */
export function basicAuth(app: App, options: BasicAuthOptions): App {
  checkApp(NAME, app);
  checkOptionsObject(NAME, options, false);
  const realm = stringOption(NAME, "realm", options.realm, "Restricted");
  // eslint-disable-next-line no-control-regex
  if (/["\\\x00-\x1f\x7f]|[^\x00-\xff]/.test(realm)) {
    throw new MiddlewareOptionError(
      NAME,
      "realm",
      "must be Latin-1 without quotes, backslashes or control characters",
    );
  }
  let verify = functionOption<BasicAuthVerify | undefined>(
    NAME,
    "verify",
    options.verify,
    undefined,
  );
  if (options.users !== undefined) {
    checkOptionsObject(NAME, options.users, false);
    const users = new Map<string, string>();
    for (const [user, password] of Object.entries(options.users)) {
      if (typeof password !== "string" || user.includes(":")) {
        throw new MiddlewareOptionError(
          NAME,
          "users",
          "must map user names (without ':') to password strings",
        );
      }
      users.set(user, password);
    }
    const byTable: BasicAuthVerify = (user, password) => {
      const expected = users.get(user);
      // Compare against something even for an unknown user, so both paths take as long.
      const matches = safeEqual(password, expected ?? "\0unknown user\0");
      return matches && expected !== undefined;
    };
    const custom = verify;
    verify =
      custom === undefined
        ? byTable
        : async (user, password, environ) =>
            (await byTable(user, password, environ)) || (await custom(user, password, environ));
  }
  if (verify === undefined) throw new MiddlewareOptionError(NAME, "users", "or verify is required");
  const check = verify;
  const challenge = `Basic realm="${realm}", charset="UTF-8"`;

  return async (environ, startResponse) => {
    const credentials = parseBasic(requestHeader(environ, "authorization"));
    if (
      credentials !== undefined &&
      (await check(credentials.user, credentials.password, environ))
    ) {
      const inner = copyEnviron(environ);
      inner.REMOTE_USER = credentials.user;
      inner.AUTH_TYPE = "Basic";
      return app(inner, startResponse);
    }
    return respond(startResponse, 401, [["WWW-Authenticate", challenge]]);
  };
}

/**
 * Compares two strings in time that depends only on their hashes' length, never on where they
 * first differ (both are hashed with SHA-256 first, so lengths need not match).
 *
 * @example
 * safeEqual(given, process.env.API_TOKEN!); // true or false, in constant time
 */
export function safeEqual(a: string, b: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(a), digest(b));
}

function parseBasic(header: string | undefined): { user: string; password: string } | undefined {
  if (header === undefined) return undefined;
  const match = /^basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i.exec(header);
  if (match === null) return undefined;
  const decoded = new TextDecoder("utf-8", { fatal: false }).decode(
    Buffer.from(match[1]!, "base64"),
  );
  const colon = decoded.indexOf(":");
  if (colon === -1) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
