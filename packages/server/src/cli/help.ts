import { OPTION_DOCS } from "./options.ts";

/**
 * The `tsgi --help` text, built from {@link OPTION_DOCS} so every option is listed with its
 * environment variable and default, and the list cannot drift from the parser.
 *
 * @example
 * import { helpText } from "@tsgi/server/cli";
 * console.log(helpText(["node"]));
 */
export function helpText(knownServers: readonly string[]): string {
  const width = Math.max(...OPTION_DOCS.map((option) => option.flag.length)) + 4;
  const options = OPTION_DOCS.flatMap((option) => {
    const description =
      option.env === "TSGI_SERVER"
        ? `${option.description}: ${knownServers.join(", ")}`
        : option.description;
    const lines = [`  ${option.flag.padEnd(width)}${description}`];
    if (option.env !== undefined) {
      const values = option.envValues === undefined ? "" : ` (${option.envValues})`;
      lines.push(`  ${"".padEnd(width)}env ${option.env}${values}, default ${option.default}`);
    }
    return lines;
  });
  return [
    "Usage: tsgi serve <module>[:<export>] [options]",
    "",
    "Serves an app exported by a .ts, .mts, .js or .mjs module (path relative to the",
    'current directory, or absolute). <export> defaults to "app", then "default".',
    "The export may be a TSGI app, (environ, startResponse) => body, or a fetch handler,",
    "an object with a fetch(request) => Response method.",
    "",
    "Options (a flag beats its environment variable, which beats the default):",
    ...options,
    "",
    "SIGINT or SIGTERM shuts down gracefully (in-flight requests finish); a second one",
    "forces the exit.",
    "",
    "Exit status: 0 after a graceful shutdown, 1 on a failure while running (port in use,",
    "forced exit), 2 on a usage error or a module that cannot be loaded as an app.",
    "",
    "Examples:",
    "  tsgi serve src/app.ts",
    "  tsgi serve apps/hello/src/app.ts:app --port 8123 --no-access-log",
    "  TSGI_SERVER=node PORT=0 tsgi serve ./server.mjs:default",
  ].join("\n");
}
