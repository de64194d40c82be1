import type { ValidationCode } from "./codes.ts";
import { describe } from "./error.ts";
import type { Reporter } from "./report.ts";

/** A rule for one environ key: what it must look like, and the code when it does not. */
interface KeyRule {
  code: ValidationCode;
  expected: string;
  valid(value: unknown): boolean;
}

// RFC 9110 token characters, minus lower-case letters: servers upper-case the method.
const METHOD = /^[!#$%&'*+\-.^_`|~0-9A-Z]+$/;
const DIGITS = /^[0-9]+$/;

const isString = (value: unknown): value is string => typeof value === "string";
const hasMethods = (value: unknown, names: readonly string[]): boolean =>
  typeof value === "object" &&
  value !== null &&
  names.every((name) => typeof (value as Record<string, unknown>)[name] === "function");

const flag: KeyRule = {
  code: "TSGI_E_ENVIRON_FLAG",
  expected: "true or false",
  valid: (value) => typeof value === "boolean",
};

const RULES: Readonly<Record<string, KeyRule>> = {
  REQUEST_METHOD: {
    code: "TSGI_E_ENVIRON_REQUEST_METHOD",
    expected: 'an upper-case method token such as "GET" or "POST"',
    valid: (value) => isString(value) && METHOD.test(value),
  },
  SCRIPT_NAME: {
    code: "TSGI_E_ENVIRON_SCRIPT_NAME",
    expected: '"" (app mounted at the root) or a path starting with "/"',
    valid: (value) => value === "" || (isString(value) && value.startsWith("/")),
  },
  PATH_INFO: {
    code: "TSGI_E_ENVIRON_PATH_INFO",
    expected: '"" or a path starting with "/"',
    valid: (value) => value === "" || (isString(value) && value.startsWith("/")),
  },
  CONTENT_LENGTH: {
    code: "TSGI_E_ENVIRON_CONTENT_LENGTH",
    expected: 'decimal digits such as "42" (leave the key out when there is no body length)',
    valid: (value) => isString(value) && DIGITS.test(value),
  },
  "tsgi.version": {
    code: "TSGI_E_ENVIRON_VERSION",
    expected: "the array [1, 0]",
    valid: (value) =>
      Array.isArray(value) && value.length === 2 && value[0] === 1 && value[1] === 0,
  },
  "tsgi.url_scheme": {
    code: "TSGI_E_ENVIRON_URL_SCHEME",
    expected: '"http" or "https"',
    valid: (value) => value === "http" || value === "https",
  },
  "tsgi.input": {
    code: "TSGI_E_ENVIRON_INPUT",
    expected: "an InputStream with read(), readline(), readlines() and [Symbol.asyncIterator]()",
    valid: (value) =>
      hasMethods(value, ["read", "readline", "readlines"]) &&
      typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === "function",
  },
  "tsgi.errors": {
    code: "TSGI_E_ENVIRON_ERRORS",
    expected: "an ErrorStream with write(), writelines() and flush()",
    valid: (value) => hasMethods(value, ["write", "writelines", "flush"]),
  },
  "tsgi.multithread": flag,
  "tsgi.multiprocess": flag,
  "tsgi.run_once": flag,
  "tsgi.signal": {
    code: "TSGI_E_ENVIRON_EXTENSION",
    expected: "an AbortSignal (or the key left out)",
    valid: (value) => value instanceof AbortSignal,
  },
  "tsgi.file_wrapper": {
    code: "TSGI_E_ENVIRON_EXTENSION",
    expected: "a function (path, options?) => FileBody (or the key left out)",
    valid: (value) => typeof value === "function",
  },
  "tsgi.server": {
    code: "TSGI_E_ENVIRON_EXTENSION",
    expected: 'the hosting server\'s name as a string, e.g. "node"',
    valid: isString,
  },
  "tsgi.request_target": {
    code: "TSGI_E_ENVIRON_EXTENSION",
    expected: "the raw request target as a string",
    valid: isString,
  },
};

/** Keys every environ has (PEP 3333's list, with the CGI keys types.ts makes required). */
export const REQUIRED_KEYS: readonly string[] = [
  "REQUEST_METHOD",
  "SCRIPT_NAME",
  "PATH_INFO",
  "QUERY_STRING",
  "SERVER_NAME",
  "SERVER_PORT",
  "SERVER_PROTOCOL",
  "tsgi.version",
  "tsgi.url_scheme",
  "tsgi.input",
  "tsgi.errors",
  "tsgi.multithread",
  "tsgi.multiprocess",
  "tsgi.run_once",
];

/**
 * Checks one environ value. Called for every data property up front, and for accessor
 * properties (a lazy `tsgi.signal`) only when the app reads them, so checking never defeats
 * the laziness the server chose.
 */
export function checkEnvironValue(key: string, value: unknown, reporter: Reporter): void {
  // Keys without a dot are CGI variables, and CGI variables are strings (as in wsgiref).
  if (!key.includes(".") && typeof value !== "string") {
    const hint = typeof value === "number" ? ` (use String(${value}))` : "";
    reporter.violation(
      "TSGI_E_ENVIRON_NOT_STRING",
      `The server gave environ["${key}"] ${describe(value)}; CGI values are always strings${hint}.`,
    );
    return;
  }
  const rule = RULES[key];
  if (rule && !rule.valid(value)) {
    reporter.violation(
      rule.code,
      `The server gave environ["${key}"] ${describe(value)}; expected ${rule.expected}.`,
    );
  }
}

/** Server-side checks of the environ as a whole; see {@link checkEnvironValue} for values. */
export function checkEnviron(environ: unknown, reporter: Reporter): environ is object {
  const prototype: unknown =
    typeof environ === "object" && environ !== null ? Object.getPrototypeOf(environ) : undefined;
  if (prototype !== Object.prototype && prototype !== null) {
    reporter.violation(
      "TSGI_E_ENVIRON_NOT_OBJECT",
      `The server called the app with ${describe(environ)} as environ; expected a plain object ({ REQUEST_METHOD: "GET", ... }).`,
    );
    return false;
  }
  const own = Object.getOwnPropertyDescriptors(environ);
  for (const key of REQUIRED_KEYS) {
    const descriptor = own[key];
    if (descriptor === undefined || ("value" in descriptor && descriptor.value === undefined)) {
      reporter.violation(
        "TSGI_E_ENVIRON_MISSING_KEY",
        `The server's environ has no "${key}" key; every environ must have ${REQUIRED_KEYS.join(", ")}.`,
      );
    }
  }
  for (const key of ["HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"]) {
    if (key in own) {
      const proper = key.slice("HTTP_".length);
      reporter.violation(
        "TSGI_E_ENVIRON_HTTP_CONTENT_HEADER",
        `The server's environ has "${key}"; this request header belongs in "${proper}" only.`,
      );
    }
  }
  const scriptName = own.SCRIPT_NAME?.value;
  const pathInfo = own.PATH_INFO?.value;
  // SCRIPT_NAME "/" is what shiftPathInfo leaves after consuming a trailing slash (PATH_INFO "");
  // anywhere else it is a server bug: an app at the root has SCRIPT_NAME "" and PATH_INFO "/".
  if (scriptName === "/" && pathInfo !== "") {
    reporter.violation(
      "TSGI_E_ENVIRON_SCRIPT_NAME",
      `The server gave SCRIPT_NAME "/" with PATH_INFO ${describe(pathInfo)}; an app mounted at the root has SCRIPT_NAME "" and PATH_INFO starting with "/".`,
    );
  }
  for (const [key, descriptor] of Object.entries(own)) {
    // Optional keys explicitly set to undefined count as absent (exactOptionalPropertyTypes is off).
    if (!("value" in descriptor) || descriptor.value === undefined) continue;
    checkEnvironValue(key, descriptor.value, reporter);
  }
  return true;
}

/** Whether a value passes its key's rule, without reporting anything. */
export function isValidEnvironValue(key: string, value: unknown): boolean {
  return RULES[key]?.valid(value) ?? true;
}
