/**
 * Rules across options, applied once every value is resolved: TLS files come in pairs and
 * need a TLS-capable server; options the chosen server ignores are worth a warning.
 */
import { CliError } from "./errors.ts";
import { OPTION_KEYS, OPTIONS, type OptionKey } from "./option-table.ts";
import type { ServeCommandOptions } from "./options.ts";

/** Servers whose option support the CLI knows; options for others pass without warnings. */
const SERVERS_WITH_KNOWN_OPTIONS = ["node", "cluster", "http2"];

/**
 * Throws `TSGI_E_CLI_TLS` when only one of certfile/keyfile is set, or when they are set for a
 * server that speaks plain HTTP only.
 *
 * @example
 * checkTls({ ...options, certfile: "c.pem", keyfile: undefined }); // throws: needs --keyfile too
 */
export function checkTls(options: ServeCommandOptions): void {
  const { certfile, keyfile, sources } = options;
  if ((certfile === undefined) !== (keyfile === undefined)) {
    const [given, missing] =
      certfile === undefined
        ? (["keyfile", "certfile"] as const)
        : (["certfile", "keyfile"] as const);
    throw new CliError(
      "TSGI_E_CLI_TLS",
      `--${given} (from ${sources[given]}) needs --${missing} too: TLS takes a certificate and its key`,
    );
  }
  if (certfile !== undefined && ["node", "cluster"].includes(options.server)) {
    throw new CliError(
      "TSGI_E_CLI_TLS",
      `--certfile/--keyfile need the http2 server (--server http2); the ${options.server} server speaks plain HTTP`,
    );
  }
}

/**
 * One line per option the chosen server ignores, when it was set on purpose (flag or config
 * module). Variables from the environment are ambient — a deployment may set TSGI_WORKERS for
 * every service — so they do not warn. Also says when `bind` overrode a host or port.
 *
 * @example
 * warningsFor({ ...options, server: "node", workers: 4, sources: { ...sources, workers: "--workers" } });
 * // ["--workers applies to the cluster server only; the node server ignores it"]
 */
export function warningsFor(options: ServeCommandOptions): string[] {
  const warnings: string[] = [];
  if (!SERVERS_WITH_KNOWN_OPTIONS.includes(options.server)) return warnings;
  const onPurpose = (key: OptionKey) => {
    const source = options.sources[key];
    return source.startsWith("--") || source === options.config;
  };
  for (const key of OPTION_KEYS) {
    const servers = OPTIONS[key].servers;
    if (servers === undefined || servers.includes(options.server) || !onPurpose(key)) continue;
    const source = options.sources[key];
    const what = source.startsWith("--") ? source : `${key} (from ${source})`;
    warnings.push(
      `${what} applies to the ${servers.join("/")} server only; the ${options.server} server ignores it`,
    );
  }
  if (options.bind !== undefined) {
    const ignored = (["host", "port"] as const).filter((key) => options.sources[key] !== "default");
    if (ignored.length > 0) {
      const from = ignored.map((key) => `${options.sources[key]}`).join(", ");
      warnings.push(`--bind replaces --host/--port; ignoring ${from}`);
    }
  }
  return warnings;
}
