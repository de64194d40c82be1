/**
 * The one table of `tsgi serve` options. The parser, `--help`, the config-key check and the
 * README's table all come from it, so an option cannot exist in one and be missing in another.
 */
import { DEFAULT_ACCESS_LOG_FORMAT } from "../access-log.ts";
import { DEFAULT_WORKER_TIMEOUT_MS } from "../cluster/index.ts";
import { NODE_SERVER_DEFAULTS } from "../node/index.ts";
import { DEFAULT_FORWARDED_ALLOW_IPS } from "../proxy/index.ts";
import type { ExtraOption, OptionTable } from "./option-types.ts";
import {
  accessLogTarget,
  bindList,
  boolean,
  bytes,
  duration,
  errorLogTarget,
  filePath,
  host,
  integer,
  ipList,
  port,
  text,
} from "./values.ts";

export {
  OPTION_GROUPS,
  type ExtraOption,
  type OptionGroup,
  type OptionKey,
  type OptionSpec,
  type OptionTable,
  type ResolvedOptions,
} from "./option-types.ts";

// The help shows the servers' own defaults, read from their constants so it cannot drift.
const SERVER = NODE_SERVER_DEFAULTS;
const inSeconds = (ms: number) => String(ms / 1000);
const inBytes = (size: number) => {
  for (const [unit, factor] of [
    ["gb", 1024 ** 3],
    ["mb", 1024 ** 2],
    ["kb", 1024],
  ] as const) {
    if (size >= factor && size % factor === 0) return `${size / factor}${unit}`;
  }
  return String(size);
};

const seconds = duration({ allowZero: false });
const secondsOrZero = duration({ allowZero: true });
const CLUSTER = ["cluster"];

/**
 * The options table.
 *
 * @example
 * import { OPTIONS } from "@tsgi/server/cli";
 * OPTIONS.workers.env; // ["TSGI_WORKERS"]
 */
export const OPTIONS: OptionTable = {
  server: {
    flag: "server",
    placeholder: "<name>",
    env: ["TSGI_SERVER"],
    parser: text("a server name"),
    default: "node",
    defaultText: "node",
    group: "Server",
    description: "server that hosts the app",
  },
  host: {
    flag: "host",
    placeholder: "<host>",
    env: ["TSGI_HOST", "HOST"],
    parser: host(),
    default: "127.0.0.1",
    defaultText: "127.0.0.1",
    group: "Server",
    description: "interface to bind (0.0.0.0 for every IPv4 interface)",
  },
  port: {
    flag: "port",
    placeholder: "<port>",
    env: ["TSGI_PORT", "PORT"],
    parser: port(),
    default: 8000,
    defaultText: "8000",
    group: "Server",
    description: "port to bind, 0-65535 (0 picks a free port)",
  },
  bind: {
    flag: "bind",
    placeholder: "<addr>",
    env: ["TSGI_BIND"],
    parser: bindList(),
    default: undefined,
    defaultText: "--host:--port",
    group: "Server",
    description:
      "address to bind instead of --host/--port: HOST:PORT, HOST (port 8000), [::1]:PORT, " +
      ":PORT (every interface) or unix:/path.sock; repeat for several (comma-separated in the " +
      "variable)",
    repeatable: true,
  },
  workers: {
    flag: "workers",
    placeholder: "<n>",
    env: ["TSGI_WORKERS"],
    parser: integer({ min: 1 }),
    default: undefined,
    defaultText: "number of CPUs",
    group: "Workers (cluster server)",
    description: "worker processes",
    servers: CLUSTER,
  },
  maxRequests: {
    flag: "max-requests",
    placeholder: "<n>",
    env: ["TSGI_MAX_REQUESTS"],
    parser: integer({ min: 0 }),
    default: undefined,
    defaultText: "0 (never)",
    group: "Workers (cluster server)",
    description: "replace a worker after it served this many requests",
    servers: CLUSTER,
  },
  maxRequestsJitter: {
    flag: "max-requests-jitter",
    placeholder: "<n>",
    env: ["TSGI_MAX_REQUESTS_JITTER"],
    parser: integer({ min: 0 }),
    default: undefined,
    defaultText: "0",
    group: "Workers (cluster server)",
    description: "add 0..n random requests per worker, so workers do not all restart at once",
    servers: CLUSTER,
  },
  workerTimeout: {
    flag: "timeout",
    placeholder: "<s>",
    env: ["TSGI_TIMEOUT"],
    parser: secondsOrZero,
    default: undefined,
    defaultText: inSeconds(DEFAULT_WORKER_TIMEOUT_MS),
    group: "Workers (cluster server)",
    description: "kill and replace a worker busy on one request this long, in seconds (0: never)",
    servers: CLUSTER,
  },
  maxBodySize: {
    flag: "max-body-size",
    placeholder: "<bytes>",
    env: ["TSGI_MAX_BODY_SIZE"],
    parser: bytes(),
    default: undefined,
    defaultText: inBytes(SERVER.maxBodySize),
    group: "Limits",
    description: "largest request body → 413; suffixes k/kb, m/mb, g/gb (1kb = 1024)",
  },
  maxRequestLineSize: {
    flag: "max-request-line",
    placeholder: "<bytes>",
    env: ["TSGI_MAX_REQUEST_LINE"],
    parser: bytes(),
    default: undefined,
    defaultText: inBytes(SERVER.maxRequestLineSize),
    group: "Limits",
    description: "longest request line → 414",
  },
  maxHeaderFieldSize: {
    flag: "max-header-size",
    placeholder: "<bytes>",
    env: ["TSGI_MAX_HEADER_SIZE"],
    parser: bytes(),
    default: undefined,
    defaultText: inBytes(SERVER.maxHeaderFieldSize),
    group: "Limits",
    description: "longest header field, name and value → 431",
  },
  maxHeaderCount: {
    flag: "max-header-count",
    placeholder: "<n>",
    env: ["TSGI_MAX_HEADER_COUNT"],
    parser: integer({ min: 1 }),
    default: undefined,
    defaultText: String(SERVER.maxHeaderCount),
    group: "Limits",
    description: "most header fields in one request → 431",
  },
  maxConcurrentRequests: {
    flag: "max-concurrent",
    placeholder: "<n>",
    env: ["TSGI_MAX_CONCURRENT"],
    parser: integer({ min: 0 }),
    default: undefined,
    defaultText: `${SERVER.maxConcurrentRequests} (unlimited)`,
    group: "Limits",
    description: "requests served at once (per process); more get 503",
  },
  gracefulTimeout: {
    flag: "graceful-timeout",
    placeholder: "<s>",
    env: ["TSGI_GRACEFUL_TIMEOUT"],
    parser: secondsOrZero,
    default: SERVER.gracefulTimeout,
    defaultText: inSeconds(SERVER.gracefulTimeout),
    group: "Timeouts",
    description: "on shutdown (and --reload restarts), seconds in-flight requests get to finish",
  },
  headersTimeout: {
    flag: "headers-timeout",
    placeholder: "<s>",
    env: ["TSGI_HEADERS_TIMEOUT"],
    parser: seconds,
    default: undefined,
    defaultText: inSeconds(SERVER.headersTimeout),
    group: "Timeouts",
    description: "seconds a client gets to send its request headers → 408",
  },
  requestTimeout: {
    flag: "request-timeout",
    placeholder: "<s>",
    env: ["TSGI_REQUEST_TIMEOUT"],
    parser: secondsOrZero,
    default: undefined,
    defaultText: inSeconds(SERVER.requestTimeout),
    group: "Timeouts",
    description: "seconds a client gets to send a whole request → 408 (0: no limit)",
  },
  keepAliveTimeout: {
    flag: "keep-alive",
    placeholder: "<s>",
    env: ["TSGI_KEEP_ALIVE"],
    parser: seconds,
    default: undefined,
    defaultText: inSeconds(SERVER.keepAliveTimeout),
    group: "Timeouts",
    description: "seconds an idle keep-alive connection stays open (keep above your proxy's)",
  },
  forwardedAllowIps: {
    flag: "forwarded-allow-ips",
    placeholder: "<list>",
    env: ["TSGI_FORWARDED_ALLOW_IPS", "FORWARDED_ALLOW_IPS"],
    parser: ipList(),
    default: undefined,
    defaultText: DEFAULT_FORWARDED_ALLOW_IPS.join(","),
    group: "Proxies",
    description:
      'proxies whose X-Forwarded-* and Forwarded headers are trusted: IPs, CIDR ranges or "*", ' +
      "comma-separated (empty: none)",
  },
  certfile: {
    flag: "certfile",
    placeholder: "<file>",
    env: ["TSGI_CERTFILE"],
    parser: filePath(),
    default: undefined,
    defaultText: "none (h2c)",
    group: "TLS (http2 server)",
    description: "TLS certificate, PEM (with --keyfile: h2 and HTTPS)",
    servers: ["http2"],
  },
  keyfile: {
    flag: "keyfile",
    placeholder: "<file>",
    env: ["TSGI_KEYFILE"],
    parser: filePath(),
    default: undefined,
    defaultText: "none",
    group: "TLS (http2 server)",
    description: "TLS private key, PEM",
    servers: ["http2"],
  },
  accessLog: {
    flag: "access-log",
    placeholder: "-|<file>",
    env: ["TSGI_ACCESS_LOG"],
    parser: accessLogTarget(),
    default: "-",
    defaultText: "- (stdout)",
    group: "Logging",
    description: "one line per request to stdout (-) or appended to a file; --no-access-log: off",
    negatable: true,
  },
  accessLogFormat: {
    flag: "access-log-format",
    placeholder: "<fmt>",
    env: ["TSGI_ACCESS_LOG_FORMAT"],
    parser: text("a gunicorn-style format, e.g. '%(h)s \"%(r)s\" %(s)s %(M)s'"),
    default: undefined,
    defaultText: `gunicorn's: ${DEFAULT_ACCESS_LOG_FORMAT}`,
    group: "Logging",
    description: "access-log line format, gunicorn's %(name)s atoms",
  },
  errorLog: {
    flag: "error-log",
    placeholder: "-|<file>",
    env: ["TSGI_ERROR_LOG"],
    parser: errorLogTarget(),
    default: "-",
    defaultText: "- (stderr)",
    group: "Logging",
    description: "server errors and tsgi.errors output: stderr (-) or appended to a file",
  },
  reload: {
    flag: "reload",
    placeholder: undefined,
    env: ["TSGI_RELOAD"],
    parser: boolean(),
    default: false,
    defaultText: "off",
    group: "Development",
    description: "restart when a source file under the module's directory changes; implies --dev",
  },
  dev: {
    flag: "dev",
    placeholder: undefined,
    env: ["TSGI_DEV"],
    parser: boolean(),
    default: false,
    defaultText: "off",
    group: "Development",
    description: "an app error before headers shows an HTML traceback page (never in production)",
  },
};

/**
 * The keys of {@link OPTIONS}, in `--help` order.
 *
 * @example
 * OPTION_KEYS.filter((key) => OPTIONS[key].servers?.includes("cluster"));
 * // ["workers", "maxRequests", "maxRequestsJitter", "workerTimeout"]
 */
export const OPTION_KEYS = Object.keys(OPTIONS) as (keyof OptionTable)[];

/**
 * `--config` (read before every other option) and the two that answer at once.
 *
 * @example
 * EXTRA_OPTIONS.config.env; // ["TSGI_CONFIG"]
 */
export const EXTRA_OPTIONS = {
  config: {
    flag: "config",
    placeholder: "<file>",
    env: ["TSGI_CONFIG"],
    defaultText: "none",
    description:
      "a .ts/.mts/.js/.mjs module whose default (or `config`) export sets options and hooks",
  },
  help: {
    flag: "help",
    short: "h",
    placeholder: undefined,
    env: [],
    defaultText: "",
    description: "show this help",
  },
  version: {
    flag: "version",
    placeholder: undefined,
    env: [],
    defaultText: "",
    description: "print the version",
  },
} as const satisfies Record<string, ExtraOption>;
