/**
 * The shape of a `tsgi.config.ts` module (`tsgi serve --config tsgi.config.ts`): option values
 * under `serve()`'s names and units, plus gunicorn-style lifecycle hooks. Types only and one
 * identity helper, so a config module can import this cheaply.
 */
import type { ServeOptions, ServerHooks } from "../types.ts";

/** Options a config module sets exactly as `serve()` takes them (durations in ms). */
type PlainOptions =
  | "host"
  | "port"
  | "workers"
  | "maxRequests"
  | "maxRequestsJitter"
  | "workerTimeout"
  | "gracefulTimeout"
  | "maxHeaderCount"
  | "headersTimeout"
  | "requestTimeout"
  | "keepAliveTimeout"
  | "maxConcurrentRequests"
  | "dev"
  | "certfile"
  | "keyfile"
  | "accessLogFormat";

/**
 * What a config module exports (as `default` or as `config`). Every key is optional; a key
 * the CLI does not know stops it with exit status 2, so a typo never goes unnoticed.
 * Precedence: command-line flag > environment variable > config module > default.
 *
 * Durations are **milliseconds** and sizes **bytes**, as in `serve()`; sizes may also be
 * strings such as `"10mb"` (1mb = 1024 × 1024 bytes). The command line takes seconds instead,
 * as gunicorn's does.
 *
 * @example
 * // tsgi.config.ts
 * import { defineConfig } from "@tsgi/server/cli";
 * export default defineConfig({
 *   server: "cluster",
 *   workers: 4,
 *   bind: ["0.0.0.0:8000", "unix:/run/app.sock"],
 *   maxBodySize: "10mb",
 *   gracefulTimeout: 10_000,
 *   whenReady(handle) {
 *     console.log(`ready on ${handle.addresses.map((address) => address.url).join(", ")}`);
 *   },
 * });
 */
export interface TsgiConfig extends Pick<ServeOptions, PlainOptions>, ServerHooks {
  /** Which registered server hosts the app: "node", "cluster", "http2", … (default "node"). */
  server?: string;
  /** Addresses to bind instead of host/port: "HOST:PORT", "[::1]:PORT", ":PORT", "unix:/path". */
  bind?: string | string[];
  /** Largest request body: bytes, or "10mb"-style text (default 1 GiB) → 413. */
  maxBodySize?: number | string;
  /** Longest request line: bytes or "4kb"-style text (default 4094) → 414. */
  maxRequestLineSize?: number | string;
  /** Longest header field: bytes or "8kb"-style text (default 8190) → 431. */
  maxHeaderFieldSize?: number | string;
  /** Proxies trusted for X-Forwarded-* and Forwarded: IPs, CIDR ranges or "*". */
  forwardedAllowIps?: string | string[];
  /** Restart the server when source files change (implies `dev`). */
  reload?: boolean;
  /** `true` or "-" → stdout, `false` → off, a path → appended to that file, or a function. */
  accessLog?: boolean | string | ((line: string) => void);
  /** "-" → stderr, a path → appended to that file, or a function. */
  errorLog?: string | ((text: string) => void);
}

/**
 * gunicorn's server hooks in TypeScript dress, as a config module may define them.
 *
 * @example
 * HOOK_NAMES.includes("preRequest"); // true
 */
export const HOOK_NAMES = [
  "onStarting",
  "whenReady",
  "preRequest",
  "postRequest",
  "workerExit",
] as const satisfies readonly (keyof ServerHooks)[];

/**
 * Returns `config` unchanged: its only job is to give editors the {@link TsgiConfig} type, so
 * option names and hook signatures are completed and checked as you type.
 *
 * @example
 * // tsgi.config.ts
 * import { defineConfig } from "@tsgi/server/cli";
 * export default defineConfig({
 *   workers: 2,
 *   preRequest(environ) {
 *     environ["app.started"] = Date.now();
 *   },
 * });
 */
export function defineConfig(config: TsgiConfig): TsgiConfig {
  return config;
}
