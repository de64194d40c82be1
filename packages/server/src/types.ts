import type { App } from "@tsgi/core";

/** Where a server listens once started. */
export interface ServerAddress {
  host: string;
  port: number;
  /** A URL a client can use, e.g. "http://127.0.0.1:8000". */
  url: string;
}

/** Options every server understands; each has an environment variable in the CLI. */
export interface ServeOptions {
  /** Interface to bind (default "127.0.0.1"). */
  host?: string;
  /** Port to bind (default 8000; 0 picks a free port). */
  port?: number;
  /**
   * Access log in gunicorn's default format: `true` writes to stdout, a function receives
   * each line, `false` (the default for the library; the CLI turns it on) disables it.
   */
  accessLog?: boolean | ((line: string) => void);
  /** Where server errors and `tsgi.errors` go (default: stderr). */
  errorLog?: (text: string) => void;
  /** Idle keep-alive timeout in ms (default 75 s: above the usual 60 s load-balancer idle). */
  keepAliveTimeout?: number;
}

/** A started server. */
export interface ServerHandle {
  /** The server's name, as in `tsgi.server`. */
  readonly name: string;
  readonly address: ServerAddress;
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
