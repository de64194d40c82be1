/**
 * The polls project as a library, for a host that mounts it beside other apps (apps/all-in-one):
 * the same settings as mysite/settings.ts with the database at a path the host chooses, the
 * `migrate` + `loadsamples --if-empty` of `npm start` as one function, and the TSGI
 * application. The ORM's connections are process-wide (as in Django), so one process hosts one
 * polls database.
 *
 * @example
 * import { createPollsApplication, preparePollsDatabase } from "@tsgi/django-polls";
 * await preparePollsDatabase("/srv/data/polls.sqlite3");
 * const polls = createPollsApplication("/srv/data/polls.sqlite3"); // mount it at "/django"
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { Writable } from "node:stream";
import type { App } from "@tsgi/core";
import { getTsgiApplication } from "@tsgi/django";
import { defineSettings, type Settings } from "@tsgi/django/conf";
import { executeFromCommandLine } from "@tsgi/django/management";
import { settings as projectSettings } from "./settings.ts";

/**
 * The project's settings with `DATABASES.default` at `databasePath` (an SQLite file) and,
 * if given, another `STATIC_URL`. The environment was applied once already by settings.ts, so
 * it is not read again here: a `DATABASE_URL` meant for the standalone project must not move
 * the host's database.
 *
 * @example
 * pollsSettings("/tmp/polls.sqlite3").DATABASES.default; // { ENGINE: "sqlite", NAME: "/tmp/…" }
 */
export function pollsSettings(databasePath: string, staticUrl?: string): Settings {
  if (databasePath === "") throw new TypeError("the polls database path must not be empty");
  return defineSettings(
    {
      ...projectSettings,
      DATABASES: { default: { ENGINE: "sqlite", NAME: databasePath } },
      ...(staticUrl === undefined ? {} : { STATIC_URL: staticUrl }),
    },
    { env: false },
  );
}

/** Options of {@link preparePollsDatabase}. */
export interface PrepareOptions {
  /** Where the commands' output goes (default: nowhere; their errors are thrown). */
  log?: (text: string) => void;
}

/**
 * Creates (or brings up to date) the polls database at `databasePath` and, when it has no
 * question yet, fills it with the sample questions: `manage migrate` then
 * `manage loadsamples --if-empty`, in-process. Safe to run on every start. Throws when a
 * command fails, with its output in the message.
 *
 * @example
 * await preparePollsDatabase("instance/polls.sqlite3");
 */
export async function preparePollsDatabase(
  databasePath: string,
  options: PrepareOptions = {},
): Promise<void> {
  mkdirSync(dirname(databasePath), { recursive: true });
  const settings = pollsSettings(databasePath);
  for (const argv of [["migrate"], ["loadsamples", "--if-empty"]]) {
    let output = "";
    const sink = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        output += String(chunk);
        done();
      },
    });
    const code = await executeFromCommandLine(argv, { settings, stdout: sink, stderr: sink });
    if (code !== 0) {
      throw new Error(`manage ${argv.join(" ")} failed (exit code ${code}):\n${output}`);
    }
    options.log?.(output);
  }
}

/** Options of {@link createPollsApplication}. */
export interface PollsApplicationOptions {
  /**
   * The prefix a host mounts the application at ("/django"; default "": the root). URLs from
   * `reverse`, `{% url %}` and redirects follow SCRIPT_NAME by themselves; this is for the
   * static files' URLs (see below).
   */
  mountPrefix?: string;
}

/**
 * The polls project's TSGI application on the database at `databasePath` (run
 * {@link preparePollsDatabase} first).
 *
 * `{% static %}` in @tsgi/django writes STATIC_URL ("static/") as "/static/…" without the
 * SCRIPT_NAME that Django puts in front of a relative STATIC_URL, so a mounted polls page would
 * link its stylesheet outside the mount. Under a `mountPrefix` the pages therefore get an
 * absolute STATIC_URL inside the mount ("/django/static/"), and the files themselves are served
 * (in DEBUG, as runserver does) by a second application on the project's own settings, whose
 * STATIC_URL matches the PATH_INFO the dispatcher hands over ("/static/…").
 *
 * @example
 * const app = createPollsApplication("instance/polls.sqlite3", { mountPrefix: "/django" });
 */
export function createPollsApplication(
  databasePath: string,
  options: PollsApplicationOptions = {},
): App {
  const prefix = options.mountPrefix ?? "";
  if (prefix === "") return getTsgiApplication({ settings: pollsSettings(databasePath) });
  if (!/^\/[^?#]*[^/]$/.test(prefix)) {
    throw new TypeError(
      `mountPrefix must look like "/django" (a leading slash, no trailing one): ${prefix}`,
    );
  }
  const files = getTsgiApplication({ settings: pollsSettings(databasePath) });
  // Built last: getTsgiApplication also makes its settings the process-wide ones.
  const pages = getTsgiApplication({
    settings: pollsSettings(databasePath, `${prefix}/static/`),
    serveStatic: false,
  });
  return (environ, startResponse) =>
    (environ.PATH_INFO.startsWith("/static/") ? files : pages)(environ, startResponse);
}
