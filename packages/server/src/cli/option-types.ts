/**
 * The types behind the option table: which keys exist, what each resolves to, and how one
 * option is described. option-table.ts holds the values.
 */
import type { ServerHooks } from "../types.ts";
import type { TsgiConfig } from "./config.ts";
import type { AccessLogTarget, ErrorLogTarget, ValueParser } from "./values.ts";

/** Every option a config module may set: its keys, except the hooks. */
export type OptionKey = Exclude<keyof TsgiConfig, keyof ServerHooks>;

/**
 * Every option after flags, environment and config module were read. `undefined` leaves the
 * choice to the server, whose default the help shows. Durations are ms, sizes bytes.
 */
export interface ResolvedOptions {
  server: string;
  host: string;
  port: number;
  bind: string[] | undefined;
  workers: number | undefined;
  maxRequests: number | undefined;
  maxRequestsJitter: number | undefined;
  workerTimeout: number | undefined;
  gracefulTimeout: number;
  maxBodySize: number | undefined;
  maxRequestLineSize: number | undefined;
  maxHeaderFieldSize: number | undefined;
  maxHeaderCount: number | undefined;
  maxConcurrentRequests: number | undefined;
  headersTimeout: number | undefined;
  requestTimeout: number | undefined;
  keepAliveTimeout: number | undefined;
  forwardedAllowIps: string[] | undefined;
  certfile: string | undefined;
  keyfile: string | undefined;
  accessLog: AccessLogTarget;
  accessLogFormat: string | undefined;
  errorLog: ErrorLogTarget;
  reload: boolean;
  dev: boolean;
}

// Fails to compile when the config type and the resolved options stop naming the same keys.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameKeys: SameKeys<keyof ResolvedOptions, OptionKey> = true;

/**
 * Headings of `--help`, in order.
 *
 * @example
 * OPTION_GROUPS[0]; // "Server"
 */
export const OPTION_GROUPS = [
  "Server",
  "Workers (cluster server)",
  "Limits",
  "Timeouts",
  "Proxies",
  "TLS (http2 server)",
  "Logging",
  "Development",
] as const;
export type OptionGroup = (typeof OPTION_GROUPS)[number];

/** One option: its flag, environment variables, value parser, default and help. */
export interface OptionSpec<T> {
  /** The long flag without dashes ("max-body-size"). */
  readonly flag: string;
  /** The value in help ("<n>"); undefined for on/off flags (`--dev` / `--no-dev`). */
  readonly placeholder: string | undefined;
  /** Environment variables, first set one wins (TSGI_HOST before HOST). */
  readonly env: readonly string[];
  readonly parser: ValueParser<Exclude<T, undefined>>;
  readonly default: T;
  /** The default as `--help` shows it (the server's own default when `default` is undefined). */
  readonly defaultText: string;
  readonly group: OptionGroup;
  readonly description: string;
  /** The servers it applies to; undefined: every server. */
  readonly servers?: readonly string[];
  /** May be given several times (`--bind a --bind b`). */
  readonly repeatable?: boolean;
  /** A value option that also has a `--no-<flag>` form. */
  readonly negatable?: boolean;
}

/** The options of `tsgi serve` that map to a config key, in `--help` order. */
export type OptionTable = { readonly [K in OptionKey]: OptionSpec<ResolvedOptions[K]> };

/** Flags that are not option values: they choose what the CLI does, or where config is. */
export interface ExtraOption {
  readonly flag: string;
  readonly short?: string;
  readonly placeholder: string | undefined;
  readonly env: readonly string[];
  readonly defaultText: string;
  readonly description: string;
}
