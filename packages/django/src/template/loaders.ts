/**
 * Template loaders: where `engine.getTemplate(name)` looks. The engine asks each loader, in
 * order, for candidate origins (file paths for the filesystem loader) and reads the first
 * that exists. This is the only file of the engine that touches the filesystem.
 */
import { readFile } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";

/**
 * A source of templates.
 *
 * @example
 * const loader: Loader = {
 *   getTemplateSources: (name) => [`db:${name}`],
 *   getContents: async (origin) => rows.get(origin),
 * };
 */
export interface Loader {
  /** Candidate origins for `name`, in search order (e.g. one path per directory). */
  getTemplateSources(name: string): string[];
  /** The source text at `origin`, or `undefined` when there is none. */
  getContents(origin: string): Promise<string | undefined>;
}

/**
 * Joins `name` to `directory`, refusing names that would leave it (`../secret`, `/etc/x`)
 * — Django's `safe_join`. Returns `undefined` for such names.
 *
 * @example
 * safeJoin("/srv/templates", "../etc/passwd"); // undefined
 */
export function safeJoin(directory: string, name: string): string | undefined {
  const base = resolve(directory);
  const full = resolve(base, name);
  const inside = relative(base, full);
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) return undefined;
  return full;
}

const missingFileCodes = new Set(["ENOENT", "ENOTDIR", "EISDIR"]);

/**
 * Loads `name` from each directory in turn (Django's filesystem and app_directories loaders).
 *
 * @example
 * new FileSystemLoader(["/srv/site/templates"]).getTemplateSources("polls/index.html");
 * // ["/srv/site/templates/polls/index.html"]
 */
export class FileSystemLoader implements Loader {
  readonly directories: readonly string[];
  constructor(directories: readonly string[]) {
    this.directories = directories;
  }
  getTemplateSources(name: string): string[] {
    return this.directories.flatMap((directory) => safeJoin(directory, name) ?? []);
  }
  async getContents(origin: string): Promise<string | undefined> {
    try {
      return await readFile(origin, "utf8");
    } catch (error) {
      if (missingFileCodes.has((error as NodeJS.ErrnoException).code ?? "")) return undefined;
      throw error;
    }
  }
}

/**
 * Templates held in memory, keyed by name (Django's locmem loader) — handy in tests.
 *
 * @example
 * new Engine({ loaders: [new MemoryLoader({ "base.html": "<h1>{% block t %}{% endblock %}</h1>" })] });
 */
export class MemoryLoader implements Loader {
  private readonly templates: Map<string, string>;
  constructor(templates: Record<string, string>) {
    this.templates = new Map(Object.entries(templates));
  }
  getTemplateSources(name: string): string[] {
    return [`memory:${name}`];
  }
  async getContents(origin: string): Promise<string | undefined> {
    return this.templates.get(origin.slice("memory:".length));
  }
}
