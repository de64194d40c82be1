/**
 * The system check framework, small: each check looks at the settings and returns issues
 * (Django's `CheckMessage`: a level, a stable id such as `apps.E001`, a message, the object it
 * concerns and a hint). `manage check` prints them, and `runserver`/`migrate` run them first;
 * any ERROR stops the command, as Django's `SystemCheckError` does.
 */
import { statSync } from "node:fs";
import { getTsgiApplication } from "../handlers/index.ts";
import type { Settings } from "../conf/index.ts";
import { installedApps } from "./apps.ts";
import { CommandError } from "./command.ts";

/** One finding of a check. */
export interface CheckIssue {
  level: "ERROR" | "WARNING";
  /** Stable id, e.g. "settings.E001". */
  id: string;
  message: string;
  /** What the issue is about (an app label, a setting); "?" when nothing in particular. */
  obj?: string;
  hint?: string;
}

/** A check: settings in, issues out. */
export type Check = (settings: Record<string, unknown>) => CheckIssue[] | Promise<CheckIssue[]>;

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}

/** SECRET_KEY set, ROOT_URLCONF set, INSTALLED_APPS valid. */
export const settingsCheck: Check = (settings) => {
  const issues: CheckIssue[] = [];
  if (typeof settings.SECRET_KEY !== "string" || settings.SECRET_KEY === "") {
    issues.push({
      level: "ERROR",
      id: "settings.E001",
      obj: "SECRET_KEY",
      message: "The SECRET_KEY setting must not be empty.",
      hint: "Set SECRET_KEY in the settings module or the DJANGO_SECRET_KEY environment variable.",
    });
  }
  if (settings.ROOT_URLCONF === undefined) {
    issues.push({
      level: "ERROR",
      id: "urls.E001",
      obj: "ROOT_URLCONF",
      message: "ROOT_URLCONF is not set, so no URL can be resolved.",
    });
  }
  try {
    installedApps(settings);
  } catch (error) {
    issues.push({
      level: "ERROR",
      id: "apps.E000",
      obj: "INSTALLED_APPS",
      message: (error as Error).message,
    });
  }
  return issues;
};

/** Each app's `templatesDir` and `staticDir`, and each `TEMPLATES[].DIRS` entry, exist. */
export const directoriesCheck: Check = (settings) => {
  const issues: CheckIssue[] = [];
  let apps: ReturnType<typeof installedApps> = [];
  try {
    apps = installedApps(settings);
  } catch {
    return issues; // settingsCheck reports it
  }
  for (const app of apps) {
    for (const [key, path] of [
      ["templatesDir", app.templatesDir],
      ["staticDir", app.staticDir],
    ] as const) {
      if (path !== undefined && !isDirectory(path)) {
        issues.push({
          level: "ERROR",
          id: "apps.E001",
          obj: app.label,
          message: `${key} ${path} is not a directory.`,
        });
      }
    }
  }
  const templates = Array.isArray(settings.TEMPLATES)
    ? (settings.TEMPLATES as { DIRS?: unknown }[])
    : [];
  for (const engine of templates) {
    for (const dir of Array.isArray(engine.DIRS) ? (engine.DIRS as unknown[]) : []) {
      if (typeof dir === "string" && !isDirectory(dir)) {
        issues.push({
          level: "WARNING",
          id: "templates.W001",
          obj: "TEMPLATES",
          message: `The template directory ${dir} does not exist.`,
        });
      }
    }
  }
  return issues;
};

/**
 * The application can be built from the settings: middleware names resolve, the URLconf and
 * the template engine are accepted (what would otherwise fail on the first request).
 */
export const applicationCheck: Check = (settings) => {
  if (settings.ROOT_URLCONF === undefined) return []; // settingsCheck reports it
  try {
    getTsgiApplication({ settings: settings as Settings });
    return [];
  } catch (error) {
    return [
      {
        level: "ERROR",
        id: "handlers.E001",
        obj: "?",
        message: `The application cannot be built from the settings: ${(error as Error).message}`,
      },
    ];
  }
};

/**
 * The checks `manage check`, `runserver` and `migrate` run.
 *
 * @example
 * const issues = await runChecks(settings, projectChecks);
 */
export const projectChecks: readonly Check[] = [settingsCheck, directoriesCheck, applicationCheck];

/**
 * Runs `checks` (default: {@link projectChecks}) and returns every issue.
 *
 * @example
 * const issues = await runChecks(settings);
 * issues.filter((issue) => issue.level === "ERROR").length; // 0
 */
export async function runChecks(
  settings: Record<string, unknown>,
  checks: readonly Check[] = projectChecks,
): Promise<CheckIssue[]> {
  const issues: CheckIssue[] = [];
  for (const check of checks) issues.push(...(await check(settings)));
  return issues;
}

/**
 * Django's report: "System check identified no issues (0 silenced)." or the issues grouped by
 * level and a count.
 *
 * @example
 * formatCheckReport([]); // "System check identified no issues (0 silenced).\n"
 */
export function formatCheckReport(issues: readonly CheckIssue[]): string {
  if (issues.length === 0) return "System check identified no issues (0 silenced).\n";
  const lines = ["System check identified some issues:"];
  for (const [level, title] of [
    ["ERROR", "ERRORS"],
    ["WARNING", "WARNINGS"],
  ] as const) {
    const group = issues.filter((issue) => issue.level === level);
    if (group.length === 0) continue;
    lines.push("", `${title}:`);
    for (const issue of group) {
      lines.push(`${issue.obj ?? "?"}: (${issue.id}) ${issue.message}`);
      if (issue.hint !== undefined) lines.push(`\tHINT: ${issue.hint}`);
    }
  }
  const count = issues.length === 1 ? "1 issue" : `${issues.length} issues`;
  lines.push("", `System check identified ${count} (0 silenced).`);
  return `${lines.join("\n")}\n`;
}

/**
 * Runs the checks, writes the report, and throws (`SystemCheckError`, exit 1) when any issue
 * is an ERROR — what Django does before `runserver` and `migrate`.
 *
 * @example
 * await checkOrFail(settings, process.stdout, process.stderr);
 */
export async function checkOrFail(
  settings: Record<string, unknown>,
  stdout: { write(text: string): void },
  checks?: readonly Check[],
): Promise<void> {
  const issues = await runChecks(settings, checks);
  if (issues.some((issue) => issue.level === "ERROR")) {
    throw new SystemCheckError(formatCheckReport(issues).trimEnd());
  }
  stdout.write(formatCheckReport(issues));
}

/**
 * The checks found errors (printed as `SystemCheckError: …`, exit 1).
 *
 * @example
 * throw new SystemCheckError(formatCheckReport(issues));
 */
export class SystemCheckError extends CommandError {
  constructor(report: string) {
    super(report);
    this.name = "SystemCheckError";
  }
}
