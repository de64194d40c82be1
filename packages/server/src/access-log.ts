import type { ServeOptions } from "./types.ts";

/** One finished (or aborted) request, as the access log sees it. */
export interface AccessLogEntry {
  /** Client address (`%(h)s`); "-" when unknown. */
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
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

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
  const host = entry.remoteAddr === undefined || entry.remoteAddr === "" ? "-" : entry.remoteAddr;
  const user = basicAuthUser(entry.authorization);
  const request = `${entry.method} ${entry.target} ${entry.protocol}`;
  const status = entry.status === undefined ? "-" : String(entry.status);
  const bytes = entry.bytes > 0 ? String(entry.bytes) : "-";
  return (
    `${host} - ${user === undefined ? "-" : escape(user)} [${formatLogTime(entry.time)}] ` +
    `"${escape(request)}" ${status} ${bytes} "${quoted(entry.referer)}" "${quoted(entry.userAgent)}"`
  );
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

function quoted(value: string | undefined): string {
  return value === undefined || value === "" ? "-" : escape(value);
}

// Apache's rule: `"` and `\` are backslash-escaped, control and non-ASCII bytes become \xHH.
// eslint-disable-next-line no-control-regex
const UNSAFE = /["\\\x00-\x1f\x7f-\uffff]/g;

function escape(text: string): string {
  return text.replace(UNSAFE, (char) => {
    if (char === '"' || char === "\\") return `\\${char}`;
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`;
  });
}
