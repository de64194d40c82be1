/**
 * `manage test [label ...]`: runs the project's tests with node:test, through tsx.
 *
 * How it works, and where the "fresh test database" comes from:
 * 1. Labels pick the files: an app label or a directory (every test file under it), a file, or
 *    nothing (the whole project directory). Test files are `*.test.ts` (also `.mts`, `.js`,
 *    `.mjs`) and Django-style `tests.ts`; `node_modules` and dot-directories are skipped.
 * 2. One child process runs `node --import tsx --test <files>` in the project directory, with
 *    `DJANGO_SETTINGS_MODULE` set to this run's settings module and `DJANGO_TEST_RUN=1`, and
 *    its exit code becomes ours. node:test runs each file in a process of its own.
 * 3. The tests build their databases themselves: `describeTestCase` (from
 *    `@tsgi/django/test`) swaps `DATABASES` for a fresh in-memory SQLite database per test
 *    case, applies every migration of the installed apps to it, and rolls each test back.
 *    Nothing a test does ever reaches the development database, whether the tests run
 *    through `manage test`, `npm test` or a bare `node --test`.
 */
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { CommandError, defineCommand } from "../command.ts";
import { installedApps } from "../apps.ts";

const TEST_FILE = /(\.test\.(m?ts|m?js)|^tests\.(m?ts))$/;

/**
 * Every test file under `path` (a file is returned as is when it is a test file), sorted.
 *
 * @example
 * findTestFiles("/srv/mysite/polls"); // ["/srv/mysite/polls/tests.test.ts"]
 */
export function findTestFiles(path: string): string[] {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return [];
  if (stats.isFile()) return [path];
  const found: string[] = [];
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) found.push(...findTestFiles(child));
    else if (TEST_FILE.test(entry.name)) found.push(child);
  }
  return found.sort();
}

/**
 * `manage test [label ...] [--pattern REGEX]`.
 *
 * @example
 * await executeFromCommandLine(["test", "polls"]); // the polls app's tests
 */
export const testCommand = defineCommand({
  help: "Runs the project's tests (node:test through tsx), each test case on a fresh test database.",
  args: "[test_label ...]",
  options: {
    pattern: {
      type: "string",
      description: "only tests whose name matches this regular expression",
    },
  },
  async handle({ positionals, values }, context) {
    const { projectDir, stdout, stderr, settings } = context;
    const labels = positionals.length > 0 ? positionals : [projectDir];
    const appLabels = new Set(
      settings === undefined ? [] : installedApps(settings).map((app) => app.label),
    );
    const files: string[] = [];
    for (const label of labels) {
      const path = isAbsolute(label)
        ? label
        : resolve(appLabels.has(label) ? projectDir : context.cwd, label);
      const found = findTestFiles(path);
      if (found.length === 0) {
        throw new CommandError(`no test files found for label '${label}' (looked in ${path})`);
      }
      files.push(...found.filter((file) => !files.includes(file)));
    }
    stdout.write(`Found ${files.length} test file(s).\n`);
    const args = ["--import", "tsx", "--test"];
    if (typeof values.pattern === "string") args.push(`--test-name-pattern=${values.pattern}`);
    args.push(...files.map((file) => relative(projectDir, file)));
    const env: NodeJS.ProcessEnv = { ...context.env, DJANGO_TEST_RUN: "1" };
    // node:test marks its own children with this; a child that inherits it misreports.
    delete env.NODE_TEST_CONTEXT;
    if (context.settingsModule !== undefined) env.DJANGO_SETTINGS_MODULE = context.settingsModule;
    return new Promise<number>((resolvePromise) => {
      const child = spawn(process.execPath, args, {
        cwd: projectDir,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout.on("data", (chunk: Buffer) => stdout.write(chunk.toString("utf8")));
      child.stderr.on("data", (chunk: Buffer) => stderr.write(chunk.toString("utf8")));
      child.on("error", (error) => {
        stderr.write(`cannot start node --test: ${error.message}\n`);
        resolvePromise(1);
      });
      child.on("close", (code, signal) => resolvePromise(signal !== null ? 1 : (code ?? 1)));
    });
  },
});
