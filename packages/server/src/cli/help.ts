import {
  EXTRA_OPTIONS,
  OPTION_GROUPS,
  OPTION_KEYS,
  OPTIONS,
  type ExtraOption,
  type OptionGroup,
  type OptionSpec,
} from "./option-table.ts";

/** One option as `--help` and the README's options table show it. */
export interface OptionRow {
  /** "--port <port>", "--dev, --no-dev", "-h, --help". */
  flags: string;
  /** Environment variables, in precedence order. */
  env: readonly string[];
  defaultText: string;
  description: string;
  /** The config-module key, when there is one. */
  configKey: string | undefined;
  group: OptionGroup | "Config and help";
}

/**
 * Every option of `tsgi serve` as rows, from the one option table: what `--help` prints and
 * what the README's options table must list.
 *
 * @example
 * import { optionRows } from "@tsgi/server/cli";
 * optionRows().find((row) => row.configKey === "workers")?.env; // ["TSGI_WORKERS"]
 */
export function optionRows(): OptionRow[] {
  const rows: OptionRow[] = OPTION_KEYS.map((key) => {
    const spec = OPTIONS[key] as OptionSpec<unknown>;
    return {
      flags: flagsOf(spec),
      env: spec.env,
      defaultText: spec.defaultText,
      description: spec.description,
      configKey: key,
      group: spec.group,
    };
  });
  for (const extra of Object.values(EXTRA_OPTIONS) as ExtraOption[]) {
    rows.push({
      flags: flagsOf(extra),
      env: extra.env,
      defaultText: extra.defaultText,
      description: extra.description,
      configKey: undefined,
      group: "Config and help",
    });
  }
  return rows;
}

// Terminals are at least 80 columns; descriptions wrap to fit 100 with the flag column.
const HELP_WIDTH = 100;
const FLAG_COLUMN = 26;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  return [...lines, line];
}

function flagsOf(spec: {
  flag: string;
  placeholder: string | undefined;
  negatable?: boolean;
  short?: string;
}): string {
  const long = `--${spec.flag}`;
  if (spec.placeholder === undefined) {
    if (spec.short !== undefined) return `-${spec.short}, ${long}`;
    // help and version have no --no- form worth showing; on/off options do.
    return spec.flag === "help" || spec.flag === "version" ? long : `${long}, --no-${spec.flag}`;
  }
  const withValue = `${long} ${spec.placeholder}`;
  return spec.negatable === true ? `${withValue}, --no-${spec.flag}` : withValue;
}

/**
 * The `tsgi --help` text, built from the option table so every option is listed with its
 * environment variables and default, and the list cannot drift from the parser.
 *
 * @example
 * import { helpText } from "@tsgi/server/cli";
 * console.log(helpText(["node"]));
 */
export function helpText(knownServers: readonly string[]): string {
  const rows = optionRows();
  // Flags longer than the column get a line of their own, so descriptions keep their room.
  const width = Math.min(Math.max(...rows.map((row) => row.flags.length)), FLAG_COLUMN) + 3;
  const indent = " ".repeat(width + 2);
  const groups = [...OPTION_GROUPS, "Config and help"] as const;
  const sections = groups.flatMap((group) => [
    "",
    `${group}:`,
    ...rows
      .filter((row) => row.group === group)
      .flatMap((row) => {
        const description =
          row.configKey === "server"
            ? `${row.description}: ${knownServers.join(", ")}`
            : row.description;
        const details = [
          row.env.length > 0 ? `env ${row.env.join(", ")}` : "",
          row.defaultText !== "" ? `default ${row.defaultText}` : "",
        ].filter((part) => part !== "");
        const text = wrap(description, HELP_WIDTH - indent.length);
        const more =
          details.length === 0 ? [] : wrap(details.join("; "), HELP_WIDTH - indent.length);
        const head =
          row.flags.length < width
            ? [`  ${row.flags.padEnd(width)}${text.shift() ?? ""}`]
            : [`  ${row.flags}`];
        return [...head, ...[...text, ...more].map((line) => `${indent}${line}`)];
      }),
  ]);
  return [
    "Usage: tsgi serve <module>[:<export>] [options]",
    "",
    "Serves an app exported by a .ts, .mts, .js or .mjs module (path relative to the",
    'current directory, or absolute). <export> defaults to "app", then "default".',
    "The export may be a TSGI app, (environ, startResponse) => body, or a fetch handler,",
    "an object with a fetch(request) => Response method.",
    "",
    "A flag beats its environment variable, which beats the --config module, which beats",
    "the default. Durations are seconds (0.5 allowed); sizes are bytes or 512kb, 10mb, 1gb.",
    "An empty environment variable counts as unset.",
    ...sections,
    "",
    "SIGINT or SIGTERM shuts down gracefully (in-flight requests get --graceful-timeout to",
    "finish); a second one forces the exit.",
    "",
    "Exit status: 0 after a graceful shutdown, 1 on a failure while running (port in use,",
    "forced exit), 2 on a usage error, a bad value, or a module that cannot be loaded.",
    "",
    "Examples:",
    "  tsgi serve src/app.ts",
    "  tsgi serve apps/hello/src/app.ts:app --port 8123 --no-access-log",
    "  tsgi serve src/app.ts --reload",
    "  tsgi serve src/app.ts --server cluster --workers 4 --bind 0.0.0.0:8000",
    "  TSGI_SERVER=http2 PORT=0 tsgi serve ./server.mjs:default",
  ].join("\n");
}
