import type { ServeOptions } from "./types.ts";

/** One finished (or aborted) request, as the access log sees it. */
export interface AccessLogEntry {
  /** Client address (`%(h)s`): REMOTE_ADDR after proxy resolution; "-" when unknown. */
  remoteAddr: string | undefined;
  /** When the request arrived (`%(t)s`): a Date or epoch milliseconds. */
  time: Date | number;
  method: string;
  /** The request target exactly as sent, e.g. "/a?b=1". */
  target: string;
  /** "HTTP/1.1", "HTTP/1.0". */
  protocol: string;
  /** Status sent to the client; `undefined` when no response was sent (client gone first). */
  status: number | undefined;
  /** Body bytes sent (`%(b)s`); 0 is logged as "-", as in the Common Log Format. */
  bytes: number;
  /** Raw `Authorization` header, to log the Basic-auth user name (`%(u)s`) as gunicorn does. */
  authorization?: string | undefined;
  referer?: string | undefined;
  userAgent?: string | undefined;
  /** Time taken to serve the request in ms (`T`, `D`, `M`, `L`); "-" when absent. */
  durationMs?: number | undefined;
  /**
   * Request headers by lower-case name, as node's `req.headers` (`%({name}i)s`; also the
   * fallback for `authorization`, `referer` and `userAgent`).
   */
  requestHeaders?: Readonly<Record<string, string | readonly string[] | undefined>> | undefined;
  /** Response headers as sent, flat: `[name, value, name, value, …]` (`%({name}o)s`). */
  responseHeaders?: readonly string[] | undefined;
  /** The request's environ (`%({KEY}e)s`). */
  environ?: Readonly<Record<string, unknown>> | undefined;
}

/** Turns one entry into one access-log line (no trailing newline). */
export type AccessLogFormatter = (entry: AccessLogEntry) => string;

/**
 * gunicorn's default `access_log_format` (Apache's combined format).
 *
 * @example
 * compileAccessLogFormat(`${DEFAULT_ACCESS_LOG_FORMAT} %(M)sms`);
 */
export const DEFAULT_ACCESS_LOG_FORMAT =
  '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"';

type Atom = (entry: AccessLogEntry) => string;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const PLACEHOLDER = /%\((\{[^}]*\}[ioe]|[A-Za-z])\)[sd]|%%/g;

/**
 * Compiles a gunicorn-style access-log format once, into a function that formats entries.
 * Atoms are written `%(X)s` (or `%(X)d`); `%%` is a percent sign. The atoms, with gunicorn's
 * meanings:
 *
 * | atom | value |
 * | --- | --- |
 * | `h` | remote address (REMOTE_ADDR, after trusted proxies) |
 * | `l` | `-` |
 * | `u` | user name from `Authorization: Basic`, else `-` |
 * | `t` | `[25/Nov/2026:12:47:41 +0000]`: arrival time, local time with offset |
 * | `r` | request line: `GET /a?b=1 HTTP/1.1` |
 * | `s` | status, `-` when none was sent |
 * | `m` | method |
 * | `U` | URL path without the query string (as sent, still percent-encoded) |
 * | `q` | query string (empty when there is none) |
 * | `H` | protocol |
 * | `b` | body bytes sent, `-` for none (CLF) |
 * | `B` | body bytes sent |
 * | `f` | Referer, `a` User-Agent (`-` when absent) |
 * | `T` | time taken, whole seconds; `D` microseconds; `M` milliseconds; `L` decimal seconds |
 * | `p` | `<pid>` |
 * | `{name}i` / `{name}o` | a request / response header (case-insensitive) |
 * | `{KEY}e` | an environ value (`{REMOTE_PORT}e`, `{tsgi.peer_addr}e`) |
 *
 * Unknown atoms and missing values print `-`, as in gunicorn. Quotes, backslashes and control
 * characters in values are escaped (Apache's rule), so a request can never forge a log line.
 *
 * @example
 * const format = compileAccessLogFormat('%(h)s "%(r)s" %(s)s %(M)sms %({x-request-id}i)s');
 * format({
 *   remoteAddr: "127.0.0.1", time: Date.now(), method: "GET", target: "/", protocol: "HTTP/1.1",
 *   status: 200, bytes: 2, durationMs: 3.2, requestHeaders: { "x-request-id": "abc" },
 * });
 * // '127.0.0.1 "GET / HTTP/1.1" 200 3ms abc'
 */
export function compileAccessLogFormat(
  format: string = DEFAULT_ACCESS_LOG_FORMAT,
): AccessLogFormatter {
  const literals: string[] = [];
  const atoms: Atom[] = [];
  let literal = "";
  let last = 0;
  for (const match of format.matchAll(PLACEHOLDER)) {
    literal += format.slice(last, match.index);
    last = match.index + match[0].length;
    const name = match[1];
    if (name === undefined) {
      literal += "%";
      continue;
    }
    literals.push(literal);
    literal = "";
    atoms.push(atomFor(name));
  }
  literals.push(literal + format.slice(last));
  const head = literals[0]!;
  return (entry) => {
    let line = head;
    for (let i = 0; i < atoms.length; i++) line += atoms[i]!(entry) + literals[i + 1]!;
    return line;
  };
}

const defaultFormatter = compileAccessLogFormat(DEFAULT_ACCESS_LOG_FORMAT);

/**
 * Formats one line in gunicorn's default access-log format,
 * `%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"`, without a trailing newline.
 * The time is local time with its UTC offset, as gunicorn and Apache print it. Quotes,
 * backslashes and control characters in client-supplied fields are escaped, so a request can
 * never forge a log line.
 *
 * @example
 * formatAccessLogLine({
 *   remoteAddr: "127.0.0.1", time: Date.UTC(2026, 10, 25, 12, 47, 41), method: "GET",
 *   target: "/a?b=1", protocol: "HTTP/1.1", status: 200, bytes: 13, userAgent: "curl/8.5.0",
 * });
 * // '127.0.0.1 - - [25/Nov/2026:12:47:41 +0000] "GET /a?b=1 HTTP/1.1" 200 13 "-" "curl/8.5.0"'
 * // (with TZ=UTC; elsewhere the local time and offset)
 */
export function formatAccessLogLine(entry: AccessLogEntry): string {
  return defaultFormatter(entry);
}

/**
 * Turns the `accessLog` option into a line sink: `true` → stdout, a function → itself,
 * `false`/`undefined` → `undefined` (no access log, the library default).
 *
 * @example
 * const sink = accessLogSink((line) => console.log(line));
 * sink?.("127.0.0.1 - - [25/Nov/2026:12:47:41 +0000] \"GET / HTTP/1.1\" 200 2 \"-\" \"-\"");
 */
export function accessLogSink(
  option: ServeOptions["accessLog"],
): ((line: string) => void) | undefined {
  if (typeof option === "function") return option;
  if (option === true) return (line) => void process.stdout.write(line + "\n");
  return undefined;
}

/**
 * The `%(t)s` field without brackets: day/month/year:time and the local UTC offset.
 *
 * @example
 * formatLogTime(Date.UTC(2026, 10, 25, 12, 47, 41)); // "25/Nov/2026:12:47:41 +0000" with TZ=UTC
 */
export function formatLogTime(time: Date | number): string {
  const date = typeof time === "number" ? new Date(time) : time;
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return (
    `${pad(date.getDate())}/${MONTHS[date.getMonth()]}/${date.getFullYear()}:` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ` +
    `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
  );
}

function dash(): string {
  return "-";
}

function atomFor(name: string): Atom {
  if (name.startsWith("{")) {
    const key = name.slice(1, -2);
    switch (name[name.length - 1]) {
      case "i": {
        const lower = key.toLowerCase();
        return (entry) => text(joined(entry.requestHeaders?.[lower]));
      }
      case "o": {
        const lower = key.toLowerCase();
        return (entry) => text(responseHeader(entry.responseHeaders, lower));
      }
      default:
        return (entry) => text(environValue(entry.environ, key));
    }
  }
  switch (name) {
    case "h":
      return (entry) => text(entry.remoteAddr);
    case "l":
      return dash;
    case "u":
      return (entry) =>
        text(basicAuthUser(entry.authorization ?? joined(entry.requestHeaders?.authorization)));
    case "t":
      return (entry) => `[${formatLogTime(entry.time)}]`;
    case "r":
      return (entry) => escape(`${entry.method} ${entry.target} ${entry.protocol}`);
    case "s":
      return (entry) => (entry.status === undefined ? "-" : String(entry.status));
    case "m":
      return (entry) => escape(entry.method);
    case "U":
      return (entry) => escape(splitTarget(entry.target)[0]);
    case "q":
      return (entry) => escape(splitTarget(entry.target)[1]);
    case "H":
      return (entry) => escape(entry.protocol);
    case "b":
      return (entry) => (entry.bytes > 0 ? String(entry.bytes) : "-");
    case "B":
      return (entry) => String(entry.bytes);
    case "f":
      return (entry) => text(entry.referer ?? joined(entry.requestHeaders?.referer));
    case "a":
      return (entry) => text(entry.userAgent ?? joined(entry.requestHeaders?.["user-agent"]));
    case "T":
      return duration((ms) => String(Math.floor(ms / 1000)));
    case "D":
      return duration((ms) => String(Math.floor(ms * 1000)));
    case "M":
      return duration((ms) => String(Math.floor(ms)));
    case "L":
      return duration((ms) => (ms / 1000).toFixed(6));
    case "p": {
      const pid = `<${process.pid}>`;
      return () => pid;
    }
    default:
      return dash;
  }
}

function duration(render: (ms: number) => string): Atom {
  return (entry) => (entry.durationMs === undefined ? "-" : render(Math.max(0, entry.durationMs)));
}

function text(value: string | undefined): string {
  return value === undefined || value === "" ? "-" : escape(value);
}

function joined(value: string | readonly string[] | undefined): string | undefined {
  if (value === undefined || typeof value === "string") return value;
  return value.join(", ");
}

function responseHeader(headers: readonly string[] | undefined, lower: string): string | undefined {
  if (headers === undefined) return undefined;
  let found: string | undefined;
  for (let i = 0; i + 1 < headers.length; i += 2) {
    if (headers[i]!.length === lower.length && headers[i]!.toLowerCase() === lower) {
      found = found === undefined ? headers[i + 1]! : `${found}, ${headers[i + 1]!}`;
    }
  }
  return found;
}

// gunicorn matches `{var}e` case-insensitively; environ keys are CGI upper case or tsgi.* lower.
function environValue(
  environ: Readonly<Record<string, unknown>> | undefined,
  key: string,
): string | undefined {
  if (environ === undefined) return undefined;
  const value = environ[key] ?? environ[key.toUpperCase()] ?? environ[key.toLowerCase()];
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function splitTarget(target: string): [path: string, query: string] {
  const question = target.indexOf("?");
  return question === -1 ? [target, ""] : [target.slice(0, question), target.slice(question + 1)];
}

function pad(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

function basicAuthUser(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1]!, "base64").toString("latin1");
  const colon = decoded.indexOf(":");
  const user = colon === -1 ? decoded : decoded.slice(0, colon);
  return user === "" ? undefined : user;
}

// Apache's rule: `"` and `\` are backslash-escaped, control and non-ASCII bytes become \xHH.
// eslint-disable-next-line no-control-regex
const UNSAFE = /["\\\x00-\x1f\x7f-\uffff]/g;

function escape(value: string): string {
  return value.replace(UNSAFE, (char) => {
    if (char === '"' || char === "\\") return `\\${char}`;
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`;
  });
}
