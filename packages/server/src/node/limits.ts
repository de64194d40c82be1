import type { Server } from "node:http";
import type { ServeOptions } from "../types.ts";
import { codedError } from "./errors.ts";

/**
 * Defaults of the node request pipeline (gunicorn's and waitress' where they have one).
 * Sizes are bytes, durations milliseconds; for every limit, 0 means "no limit".
 *
 * @example
 * await nodeServer.listen(app, { maxBodySize: NODE_SERVER_DEFAULTS.maxBodySize / 1024 });
 */
export const NODE_SERVER_DEFAULTS = Object.freeze({
  /** Above the 60 s idle timeout of common load balancers, so they never reuse a closed socket. */
  keepAliveTimeout: 75_000,
  headersTimeout: 60_000,
  /** node's own default. */
  requestTimeout: 300_000,
  gracefulTimeout: 30_000,
  /** gunicorn's limit_request_line. */
  maxRequestLineSize: 4094,
  /** gunicorn's limit_request_field_size. */
  maxHeaderFieldSize: 8190,
  /** gunicorn's limit_request_fields. */
  maxHeaderCount: 100,
  /** waitress' max_request_body_size (1 GiB). */
  maxBodySize: 1024 ** 3,
  maxConcurrentRequests: 0,
});

/**
 * Ceiling for node's own header limit (`maxHeaderSize`, which counts the request target and
 * every header name and value together). Below it, the per-line and per-field limits decide
 * (414/431 with a reason); beyond it node answers 431 on its own. 1 MiB holds gunicorn's
 * worst case at the defaults (4094 + 100 × 8190 bytes) and bounds what one connection may
 * make the parser buffer before its headers are complete.
 *
 * @example
 * nodeHttpSettings({ maxHeaderFieldSize: 0 }).maxHeaderSize === MAX_PARSER_HEADER_BYTES; // true
 */
export const MAX_PARSER_HEADER_BYTES = 1024 * 1024;

/** The request limits the pipeline checks itself, with `Infinity` for "no limit". */
export interface RequestLimits {
  readonly requestLine: number;
  readonly headerField: number;
  readonly headerCount: number;
  readonly body: number;
  readonly concurrentRequests: number;
}

type LimitOptions = Pick<
  ServeOptions,
  | "maxRequestLineSize"
  | "maxHeaderFieldSize"
  | "maxHeaderCount"
  | "maxBodySize"
  | "maxConcurrentRequests"
>;

/** Options {@link applyServerSettings} applies to a node:http server. */
export type ServerSettingsOptions = LimitOptions &
  Pick<ServeOptions, "keepAliveTimeout" | "headersTimeout" | "requestTimeout">;

/**
 * Reads the limit options (0 → no limit), refusing values that are not whole numbers ≥ 0.
 *
 * @throws Error with code `TSGI_E_INVALID_OPTION`.
 *
 * @example
 * requestLimits({ maxBodySize: 0 }).body; // Infinity
 */
export function requestLimits(options: LimitOptions = {}): RequestLimits {
  const d = NODE_SERVER_DEFAULTS;
  return {
    requestLine: limit("maxRequestLineSize", options.maxRequestLineSize, d.maxRequestLineSize),
    headerField: limit("maxHeaderFieldSize", options.maxHeaderFieldSize, d.maxHeaderFieldSize),
    headerCount: limit("maxHeaderCount", options.maxHeaderCount, d.maxHeaderCount),
    body: limit("maxBodySize", options.maxBodySize, d.maxBodySize),
    concurrentRequests: limit(
      "maxConcurrentRequests",
      options.maxConcurrentRequests,
      d.maxConcurrentRequests,
    ),
  };
}

/** The settings node's parser and connection checker enforce, derived from the options. */
export interface NodeHttpSettings {
  maxHeaderSize: number;
  /** 0: node keeps every header (the count limit is then off too). */
  maxHeadersCount: number;
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  connectionsCheckingInterval: number;
}

/**
 * Derives node:http's own settings from the options:
 *
 * - `maxHeaderSize` (node's single 16 KiB limit by default) becomes request line + field size
 *   × field count, capped at {@link MAX_PARSER_HEADER_BYTES}, so that the finer limits decide.
 * - `maxHeadersCount` is one above the count limit: node would silently drop headers past
 *   2000; this way the count check sees that there were too many.
 * - `headersTimeout` is kept ≤ `requestTimeout`, which node requires. In Node 20 it runs from
 *   the first byte of each request (or the connection's start), never over a keep-alive
 *   pause, so it need not exceed `keepAliveTimeout`.
 * - `connectionsCheckingInterval` (how often node looks for expired requests, 30 s by
 *   default) is a quarter of the shortest timeout, so a timeout fires within 25 % of its value.
 *
 * @example
 * createServer(nodeHttpSettings({ headersTimeout: 10_000 })); // maxHeaderSize 823094, …
 */
export function nodeHttpSettings(options: ServerSettingsOptions = {}): NodeHttpSettings {
  const limits = requestLimits(options);
  const d = NODE_SERVER_DEFAULTS;
  const requestTimeout = limit("requestTimeout", options.requestTimeout, d.requestTimeout, 0);
  let headersTimeout = limit("headersTimeout", options.headersTimeout, d.headersTimeout, 0);
  if (requestTimeout > 0 && headersTimeout > requestTimeout) headersTimeout = requestTimeout;
  const keepAliveTimeout = limit(
    "keepAliveTimeout",
    options.keepAliveTimeout,
    d.keepAliveTimeout,
    0,
  );
  const headerBytes = limits.requestLine + limits.headerField * limits.headerCount;
  const shortest = Math.min(headersTimeout || Infinity, requestTimeout || Infinity);
  return {
    maxHeaderSize: Math.min(headerBytes, MAX_PARSER_HEADER_BYTES),
    maxHeadersCount: limits.headerCount === Infinity ? 0 : limits.headerCount + 1,
    headersTimeout,
    requestTimeout,
    keepAliveTimeout,
    connectionsCheckingInterval:
      shortest === Infinity ? 30_000 : Math.max(10, Math.min(30_000, Math.floor(shortest / 4))),
  };
}

/**
 * Applies {@link nodeHttpSettings} to a node:http server. Call it before `listen()`: node
 * starts its connection checker then. A `maxHeaderSize` the server was created with is kept.
 *
 * @example
 * const server = createServer();
 * applyServerSettings(server, { headersTimeout: 10_000, maxHeaderCount: 50 });
 */
export function applyServerSettings(server: Server, options: ServerSettingsOptions = {}): void {
  const settings = nodeHttpSettings(options);
  // These are read per connection (maxHeaderSize, maxHeadersCount) or when listening starts
  // (connectionsCheckingInterval), so setting them on a created server works.
  const tunable = server as Server & {
    maxHeaderSize?: number;
    connectionsCheckingInterval?: number;
  };
  tunable.maxHeaderSize ??= settings.maxHeaderSize;
  server.maxHeadersCount = settings.maxHeadersCount;
  server.requestTimeout = settings.requestTimeout;
  server.headersTimeout = settings.headersTimeout;
  server.keepAliveTimeout = settings.keepAliveTimeout;
  tunable.connectionsCheckingInterval = settings.connectionsCheckingInterval;
}

function limit(name: string, value: number | undefined, fallback: number, zero = Infinity): number {
  if (value === undefined) return fallback === 0 ? zero : fallback;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw codedError(
      RangeError,
      "TSGI_E_INVALID_OPTION",
      `${name} must be a whole number ≥ 0 (0: no limit), got ${String(value)}`,
    );
  }
  return value === 0 ? zero : value;
}
