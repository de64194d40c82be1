import type { App, Environ } from "@tsgi/core";

/** Where a server listens once started. */
export interface ServerAddress {
  /** The bound host ("127.0.0.1", "::1"), or "unix:/path/to.sock" for a unix socket. */
  host: string;
  /** The bound port (0 for a unix socket). */
  port: number;
  /** A URL a client can use, e.g. "http://127.0.0.1:8000" (or "unix:/path" for a socket). */
  url: string;
}

/**
 * gunicorn-style lifecycle hooks (`--config tsgi.config.ts`). Every hook may be async; an
 * error in one is logged and does not stop the server (gunicorn does the same), except in
 * `onStarting`, where it aborts the start.
 */
export interface ServerHooks {
  /** Before the server binds (in the cluster server: once, in the primary). */
  onStarting?(info: { server: string; options: ServeOptions }): void | Promise<void>;
  /** Once every address is bound (in the cluster server: in the primary, after workers are up). */
  whenReady?(handle: ServerHandle): void | Promise<void>;
  /** Before the app is called, with the environ it will get (after proxy resolution). */
  preRequest?(environ: Environ): void | Promise<void>;
  /** After the response ended or was aborted. */
  postRequest?(
    environ: Environ,
    outcome: {
      status: number | undefined;
      bytesSent: number;
      durationMs: number;
      aborted: boolean;
    },
  ): void;
  /** A cluster worker exited (crash, timeout kill, max-requests recycle, shutdown). */
  workerExit?(worker: {
    id: number;
    pid: number;
    code: number | null;
    signal: string | null;
    reason: string;
  }): void;
}

/**
 * Options every server understands; each has a `TSGI_…` environment variable in the CLI.
 * Durations are milliseconds here (the CLI takes seconds, as gunicorn does), sizes bytes.
 */
export interface ServeOptions {
  /** Interface to bind (default "127.0.0.1"). */
  host?: string;
  /** Port to bind (default 8000; 0 picks a free port). */
  port?: number;
  /**
   * Addresses to bind instead of host/port: "HOST:PORT", "[::1]:PORT", ":PORT" (all
   * interfaces) or "unix:/path/to.sock". Several are allowed (gunicorn's repeated --bind).
   */
  bind?: string[];
  /**
   * Access log: `true` writes to stdout, a function receives each line, `false` (the default
   * for the library; the CLI turns it on) disables it.
   */
  accessLog?: boolean | ((line: string) => void);
  /** gunicorn-style format of access-log lines (default: gunicorn's default format). */
  accessLogFormat?: string;
  /** Where server errors and `tsgi.errors` go (default: stderr). */
  errorLog?: (text: string) => void;
  /** Idle keep-alive timeout in ms (default 75 s: above the usual 60 s load-balancer idle). */
  keepAliveTimeout?: number;
  /** Longest request line in bytes (default 4094, gunicorn's limit_request_line) → 414. */
  maxRequestLineSize?: number;
  /** Longest header line (`Name: value` plus CRLF, as gunicorn counts) in bytes (default 8190) → 431. */
  maxHeaderFieldSize?: number;
  /** Most header fields in one request (default 100, gunicorn's limit_request_fields) → 431. */
  maxHeaderCount?: number;
  /**
   * Largest request body in bytes (default 1 GiB, waitress' max_request_body_size) → 413:
   * before reading when Content-Length says so, mid-stream when chunked.
   */
  maxBodySize?: number;
  /** Time allowed to receive a request's headers, in ms (default 60 s) → 408 and close. */
  headersTimeout?: number;
  /** Time allowed to receive a whole request, in ms (default 300 s, node's) → 408 and close. */
  requestTimeout?: number;
  /** Requests served at once; more get 503 with Retry-After (default 0: unlimited). */
  maxConcurrentRequests?: number;
  /**
   * Peers whose X-Forwarded-For/-Proto/-Host and Forwarded headers are trusted: IPs, CIDR
   * ranges or "*" (default ["127.0.0.1", "::1"], gunicorn's forwarded_allow_ips).
   */
  forwardedAllowIps?: string[];
  /** Development mode: an app error before headers shows an HTML traceback page. */
  dev?: boolean;
  /** Lifecycle hooks (gunicorn's server hooks). */
  hooks?: ServerHooks;
  /** cluster: worker processes (default: the number of CPUs). */
  workers?: number;
  /** cluster: recycle a worker after this many requests (default 0: never). */
  maxRequests?: number;
  /** cluster: add 0..J random requests to maxRequests per worker, so they do not all recycle at once. */
  maxRequestsJitter?: number;
  /** cluster: kill and replace a worker busy on one request longer than this, in ms (default 30 s; 0 disables). */
  workerTimeout?: number;
  /** Graceful shutdown budget in ms before connections are forced closed (default 30 s). */
  gracefulTimeout?: number;
  /** http2: TLS certificate and key files (PEM); without them the http2 server speaks h2c. */
  certfile?: string;
  keyfile?: string;
}

/** A started server. */
export interface ServerHandle {
  /** The server's name, as in `tsgi.server`. */
  readonly name: string;
  /** The first bound address. */
  readonly address: ServerAddress;
  /** Every bound address (several with `bind`). */
  readonly addresses: readonly ServerAddress[];
  /**
   * Graceful shutdown: stop accepting, let in-flight requests finish, close idle
   * keep-alive connections; after `timeout` ms (default 30 s) force-close what is left.
   */
  close(options?: { timeout?: number }): Promise<void>;
}

/** One pluggable server: a name and a way to start it with an app. */
export interface TsgiServer {
  readonly name: string;
  listen(app: App, options?: ServeOptions): Promise<ServerHandle>;
}
