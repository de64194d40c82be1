/**
 * How each kind of option value is read: from text (a flag or an environment variable) and
 * from a config module (typed values). Pure: no I/O. A parser throws {@link BadValue} with
 * what it expected; the caller adds where the value came from.
 */
import { isIP } from "node:net";
import { parseBind } from "../node/index.ts";
import { ForwardedAllowIpsError, parseForwardedAllowIps } from "../proxy/index.ts";
import type { CliErrorCode } from "./errors.ts";

/**
 * A value the parser cannot accept; the message says what a good one looks like.
 *
 * @example
 * try {
 *   bytes().fromText("10xb");
 * } catch (error) {
 *   if (error instanceof BadValue) console.log(`expected ${error.message}`);
 * }
 */
export class BadValue extends Error {
  constructor(expected: string) {
    super(expected);
    this.name = "BadValue";
  }
}

/**
 * Reads one kind of value. Flags and environment variables are text in the units the help
 * shows (seconds, bytes with suffixes); config modules hold typed values in `serve()`'s
 * units (milliseconds, bytes), so a config object and `serve()` options read the same.
 *
 * @example
 * const workers = integer({ min: 1 });
 * workers.fromText("4"); // 4
 * workers.fromConfig(4); // 4
 * workers.fromText("four"); // throws BadValue("an integer ≥ 1")
 */
export interface ValueParser<T> {
  /** Error code when the value is bad (default `TSGI_E_CLI_BAD_VALUE`). */
  readonly code?: CliErrorCode;
  /** What a good flag or environment value looks like, for messages. */
  readonly expected: string;
  /** What a good config value looks like (when it differs from {@link expected}). */
  readonly expectedInConfig?: string;
  fromText(text: string): T;
  fromConfig(value: unknown): T;
}

const DIGITS = /^\d+$/;
const DECIMAL = /^\d+(?:\.\d+)?$/;

/** Non-negative integers, from plain decimal digits only (`Number("1e3")` would be 1000). */
export function integer(bounds: { min: number; max?: number }): ValueParser<number> {
  const { min, max = Number.MAX_SAFE_INTEGER } = bounds;
  const expected =
    max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
  const check = (value: number) => {
    if (!Number.isSafeInteger(value) || value < min || value > max) throw new BadValue(expected);
    return value;
  };
  return {
    expected,
    fromText: (text) => check(DIGITS.test(text) ? Number(text) : Number.NaN),
    fromConfig: (value) => check(typeof value === "number" ? value : Number.NaN),
  };
}

/**
 * Durations: seconds on the command line (decimals allowed, as `0.5`), milliseconds in a
 * config module (as in `serve()`). The result is always milliseconds.
 */
export function duration(options: { allowZero: boolean }): ValueParser<number> {
  const lowest = options.allowZero ? "≥ 0" : "> 0";
  const check = (ms: number, expected: string) => {
    if (!Number.isSafeInteger(ms) || ms < 0 || (ms === 0 && !options.allowZero)) {
      throw new BadValue(expected);
    }
    return ms;
  };
  const expected = `seconds ${lowest}, e.g. 30 or 0.5`;
  const expectedInConfig = `milliseconds ${lowest} (a number, e.g. 30000)`;
  return {
    expected,
    expectedInConfig,
    fromText: (text) =>
      check(DECIMAL.test(text) ? Math.round(Number(text) * 1000) : Number.NaN, expected),
    fromConfig: (value) =>
      check(typeof value === "number" ? Math.round(value) : Number.NaN, expectedInConfig),
  };
}

// Binary multiples, as nginx's client_max_body_size reads them: 1k = 1024 bytes.
const SIZE_UNITS: Readonly<Record<string, number>> = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};
const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/;

/**
 * Sizes in bytes: `1048576`, or with a binary suffix `512k`/`512kb`, `10m`/`10mb`, `1g`/`1gb`
 * (1k = 1024). Config modules may give a number of bytes or the same strings.
 *
 * @example
 * bytes().fromText("10mb"); // 10485760
 */
export function bytes(): ValueParser<number> {
  const expected = "bytes ≥ 1, e.g. 1048576, 512kb, 10mb or 1gb (1kb = 1024)";
  const fromText = (text: string) => {
    const match = SIZE.exec(text.trim().toLowerCase());
    const unit = match === null ? undefined : SIZE_UNITS[match[2] ?? ""];
    const size = match === null || unit === undefined ? Number.NaN : Number(match[1]) * unit;
    const whole = Math.floor(size);
    if (!Number.isSafeInteger(whole) || whole < 1) throw new BadValue(expected);
    return whole;
  };
  return {
    expected,
    expectedInConfig: `${expected}; a number is bytes`,
    fromText,
    fromConfig: (value) => {
      if (typeof value === "string") return fromText(value);
      if (typeof value === "number" && Number.isSafeInteger(value) && value >= 1) return value;
      throw new BadValue(`${expected}; a number is bytes`);
    },
  };
}

const TRUE_WORDS = new Set(["1", "true", "yes", "on"]);
const FALSE_WORDS = new Set(["0", "false", "no", "off"]);

/** `true`/`false` words in the environment (flags are `--dev` / `--no-dev`). */
export function boolean(): ValueParser<boolean> {
  const expected = "1/0, true/false, yes/no or on/off";
  return {
    code: "TSGI_E_CLI_BAD_BOOLEAN",
    expected,
    expectedInConfig: "true or false",
    fromText: (text) => {
      const word = text.trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      throw new BadValue(expected);
    },
    fromConfig: (value) => {
      if (typeof value === "boolean") return value;
      throw new BadValue("true or false");
    },
  };
}

/** Any non-empty text without line breaks (a server name, a log format). */
export function text(what: string): ValueParser<string> {
  const check = (value: unknown) => {
    if (typeof value !== "string" || value.trim() === "" || /[\r\n]/.test(value)) {
      throw new BadValue(what);
    }
    return value;
  };
  return { expected: what, fromText: check, fromConfig: check };
}

/** A host name or address to bind: anything non-empty without spaces; listen() judges it. */
export function host(): ValueParser<string> {
  const expected = "a host name or IP address, e.g. 127.0.0.1, 0.0.0.0 or ::1";
  const check = (value: unknown) => {
    if (typeof value !== "string" || value === "" || /\s/.test(value)) {
      throw new BadValue(expected);
    }
    return value;
  };
  return { code: "TSGI_E_CLI_BAD_HOST", expected, fromText: check, fromConfig: check };
}

/** A TCP port, 0–65535 (0 picks a free port). */
export function port(): ValueParser<number> {
  return { ...integer({ min: 0, max: 65535 }), code: "TSGI_E_CLI_BAD_PORT" };
}

/** A file path: non-empty. Whether it exists is checked when it is used. */
export function filePath(): ValueParser<string> {
  return text("a file path");
}

/**
 * Checks one `--bind` address: `HOST:PORT`, `HOST` (port 8000), `[IPv6]:PORT`, `:PORT` (every
 * interface) or `unix:/path/to.sock`. The node server's own `parseBind` has the last word, so
 * the CLI never accepts what the server would refuse; before it, two typos get a hint: a bare
 * port (`8000`) and an IPv6 address without brackets (`::1:8000` is a valid address, not
 * `::1` port 8000). Returned as written: the server parses it.
 *
 * @example
 * checkBindAddress("[::1]:8000"); // "[::1]:8000"
 * checkBindAddress("::1:8000"); // throws: IPv6 addresses go in brackets
 */
export function checkBindAddress(address: string): string {
  const expected = "HOST:PORT, [IPv6]:PORT, :PORT or unix:/path/to.sock";
  if (/^\d+$/.test(address)) throw new BadValue(`${expected}: write :${address} for a port`);
  if (!address.startsWith("unix:") && !address.startsWith("[")) {
    if (address.split(":").length > 2) {
      throw new BadValue(`${expected}: IPv6 addresses go in brackets, as [::1]:8000`);
    }
  }
  if (/\s/.test(address.trim())) throw new BadValue(`${expected}: no spaces`);
  if (address.startsWith("[")) {
    const literal = /^\[([^\]]*)\]/.exec(address)?.[1] ?? "";
    if (isIP(literal) !== 6) throw new BadValue(`${expected}: [${literal}] is no IPv6 address`);
  }
  try {
    parseBind(address);
  } catch (error) {
    // "bind \"x\": why" → why
    const why = error instanceof Error ? error.message.replace(/^bind ".*?": /, "") : String(error);
    throw new BadValue(`${expected}: ${why}`);
  }
  return address;
}

/**
 * Addresses to bind: repeated `--bind` flags, or a comma-separated environment variable, or
 * a string or an array in a config module.
 */
export function bindList(): ValueParser<string[]> {
  const expected = "HOST:PORT, [IPv6]:PORT, :PORT or unix:/path/to.sock, comma-separated";
  return {
    expected,
    fromText: (value) => atLeastOne(splitList(value)).map(checkBindAddress),
    fromConfig: (value) =>
      atLeastOne(typeof value === "string" ? splitList(value) : stringArray(value, expected)).map(
        checkBindAddress,
      ),
  };
}

/**
 * Trusted proxy addresses: IPs, CIDR ranges or `*`, comma-separated. An empty flag value
 * (`--forwarded-allow-ips=`) trusts no one.
 */
export function ipList(): ValueParser<string[]> {
  const expected = 'IP addresses, CIDR ranges (10.0.0.0/8) or "*", comma-separated';
  // The proxy resolver's own parser decides, so the CLI accepts exactly what servers accept.
  const check = (items: string[]) => {
    for (const item of items) {
      try {
        parseForwardedAllowIps([item]);
      } catch (error) {
        if (!(error instanceof ForwardedAllowIpsError)) throw error;
        throw new BadValue(`${expected}; "${item}" is not one`);
      }
    }
    return items;
  };
  return {
    expected,
    fromText: (value) => check(splitList(value)),
    fromConfig: (value) =>
      check(typeof value === "string" ? splitList(value) : stringArray(value, expected)),
  };
}

/** Where the access log goes: `false` (off), `"-"` (stdout), a file path, or a function. */
export type AccessLogTarget = false | string | ((line: string) => void);
/** Where the error log goes: `"-"` (stderr), a file path, or a function. */
export type ErrorLogTarget = string | ((text: string) => void);

/**
 * `--access-log -|FILE` and `TSGI_ACCESS_LOG`: "-" is stdout, a boolean word turns the
 * stdout log on or off (the variable's older meaning), anything else is a file.
 */
export function accessLogTarget(): ValueParser<AccessLogTarget> {
  const expected = '"-" (stdout), a file path, or on/off';
  const fromText = (value: string): AccessLogTarget => {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return "-";
    if (FALSE_WORDS.has(word)) return false;
    if (value.trim() === "") throw new BadValue(expected);
    return value;
  };
  return {
    expected,
    expectedInConfig: 'true, false, "-" (stdout), a file path, or a function (line) => void',
    fromText,
    fromConfig: (value) => {
      if (value === true) return "-";
      if (value === false) return false;
      if (typeof value === "function") return value as (line: string) => void;
      if (typeof value === "string" && value.trim() !== "") return value;
      throw new BadValue('true, false, "-", a file path, or a function (line) => void');
    },
  };
}

/** `--error-log -|FILE`: "-" is stderr, anything else a file. */
export function errorLogTarget(): ValueParser<ErrorLogTarget> {
  const expected = '"-" (stderr) or a file path';
  return {
    expected,
    expectedInConfig: '"-" (stderr), a file path, or a function (text) => void',
    fromText: (value) => {
      if (value.trim() === "") throw new BadValue(expected);
      return value;
    },
    fromConfig: (value) => {
      if (typeof value === "function") return value as (text: string) => void;
      if (typeof value === "string" && value.trim() !== "") return value;
      throw new BadValue('"-", a file path, or a function (text) => void');
    },
  };
}

function atLeastOne(addresses: string[]): string[] {
  if (addresses.length === 0) throw new BadValue("at least one address to bind");
  return addresses;
}

function splitList(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function stringArray(value: unknown, expected: string): string[] {
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) {
    return value.map((item: string) => item.trim());
  }
  throw new BadValue(`${expected} (a string or an array of strings)`);
}
