/**
 * Finds the demo apps: every workspace under apps/ whose package.json has a `start` script.
 * An app whose `start` is a framework's own development command (flask-blog's `tsgi-flask run`)
 * joins the matrix through its `serve` script, the production command, when that runs
 * `tsgi serve`.
 * The matrix runs what `npm start` runs, minus npm: npm would add a shell and an npm process
 * between the test and the server, and SIGTERM would then reach npm, not the server, so the
 * clean-exit check would test npm. The `tsgi serve <module>[:<export>]` arguments are read from
 * the start script itself, so an app that changes its entry point needs no matrix change.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** One demo app as the matrix starts it. */
export interface DemoApp {
  /** The folder name under apps/ ("hello", "express-demo"). */
  name: string;
  dir: string;
  /** The arguments after `tsgi serve` in its start script, or undefined if it runs no `tsgi serve`. */
  serveArgs: string[] | undefined;
  /** The start script as written, for messages. */
  start: string;
}

const TSGI_SERVE = /(?:^|&&|;)\s*(?:npx\s+)?tsgi\s+serve\s+([^;&|]+)/;

/** Every app under apps/ with a start script, sorted by name. */
export function findDemoApps(): DemoApp[] {
  const appsDir = join(ROOT, "apps");
  if (!existsSync(appsDir)) return [];
  const found: DemoApp[] = [];
  for (const entry of readdirSync(appsDir, { withFileTypes: true })) {
    const file = join(appsDir, entry.name, "package.json");
    if (!entry.isDirectory() || !existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { scripts?: Record<string, string> };
    const start = pkg.scripts?.start;
    if (start === undefined) continue;
    const serve = TSGI_SERVE.exec(start)?.[1] ?? TSGI_SERVE.exec(pkg.scripts?.serve ?? "")?.[1];
    found.push({
      name: entry.name,
      dir: join(appsDir, entry.name),
      serveArgs: serve?.trim().split(/\s+/),
      start,
    });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}
