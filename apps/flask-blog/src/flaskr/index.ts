/**
 * Flaskr, the blog of Flask's official tutorial, on @tsgi/flask: the application factory
 * (`flaskr/__init__.py`'s `create_app`).
 *
 * @example
 * // tsgi-flask --app src/flaskr run        (finds createApp and calls it)
 * const app = createApp({ TESTING: true, DATABASE: "/tmp/flaskr-test.sqlite" });
 * const response = await app.testClient().get("/hello");
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Flask, Rule } from "@tsgi/flask";
import * as auth from "./auth.ts";
import * as blog from "./blog.ts";
import * as db from "./db.ts";

declare module "@tsgi/flask" {
  interface Config {
    /** Path of the SQLite database file. */
    DATABASE: string;
  }
}

/**
 * The instance folder: beside the package, as Flask places `instance/` next to `flaskr/`. It
 * holds the database and an optional `config.json`, and is not under version control.
 *
 * @example
 * join(INSTANCE_PATH, "flaskr.sqlite"); // the default DATABASE
 */
export const INSTANCE_PATH = fileURLToPath(new URL("../../instance", import.meta.url));

/**
 * Creates and configures the app. Without `testConfig`, the instance folder's `config.json`
 * (if any) and then `FLASKR_*` environment variables (`FLASKR_DATABASE`, `FLASKR_SECRET_KEY`,
 * read by `config.fromPrefixedEnv`) override the defaults; with it, only `testConfig` does.
 *
 * @example
 * const app = createApp();                       // instance/flaskr.sqlite, created if missing
 * const testApp = createApp({ TESTING: true, DATABASE: tmpFile });
 */
export function createApp(testConfig?: Record<string, unknown>): Flask {
  const app = new Flask(import.meta.url, {
    name: "flaskr",
    instancePath: INSTANCE_PATH,
    instanceRelativeConfig: true,
  });
  app.config.fromMapping({
    // A default secret that should be overridden by instance config.
    SECRET_KEY: "dev",
    // Store the database in the instance folder.
    DATABASE: join(app.instancePath, "flaskr.sqlite"),
  });

  if (testConfig === undefined) {
    // Load the instance config, if it exists, when not testing.
    const instanceConfig = join(app.instancePath, "config.json");
    if (existsSync(instanceConfig)) {
      app.config.fromMapping(
        JSON.parse(readFileSync(instanceConfig, "utf8")) as Record<string, unknown>,
      );
    }
    app.config.fromPrefixedEnv("FLASKR");
  } else {
    // Load the test config if passed in.
    app.config.fromMapping(testConfig);
  }

  // Ensure the instance folder exists, and the database in it.
  mkdirSync(app.instancePath, { recursive: true });
  db.ensureDatabase(app.config.DATABASE);

  app.get("/hello", function hello() {
    return "Hello, World!";
  });

  // Not in the tutorial: what a load balancer (or the all-in-one landing page) polls.
  app.get("/health", function health() {
    return { app: "flask-blog", ok: true };
  });

  // Register the database commands.
  db.initApp(app);

  // Apply the blueprints to the app.
  app.registerBlueprint(auth.bp);
  app.registerBlueprint(blog.bp);

  // Make urlFor("index") == urlFor("blog.index"): in another app you might define a separate
  // main index here with app.route, while giving the blog blueprint a urlPrefix, but for the
  // tutorial the blog will be the main index. The tutorial's `app.add_url_rule("/",
  // endpoint="index")` adds a second rule for "/" that only ever builds (Werkzeug matches the
  // first); @tsgi/flask refuses duplicate rules, so this one says it is build-only.
  app.urlMap.add(new Rule("/", { endpoint: "index", methods: ["GET"], buildOnly: true }));

  // Python's datetime.strftime, which the tutorial's index page calls on `created`.
  app.templateFilter("strftime", strftime);

  return app;
}

/**
 * Formats a `Date` (in UTC, as SQLite stores `CURRENT_TIMESTAMP`) with strftime's %Y, %m, %d,
 * %H, %M, %S and %%.
 *
 * @example
 * strftime(new Date("2018-01-01T00:00:00Z"), "%Y-%m-%d"); // "2018-01-01"
 */
export function strftime(date: Date, format: string): string {
  const two = (value: number) => String(value).padStart(2, "0");
  const parts: Record<string, string> = {
    Y: String(date.getUTCFullYear()),
    m: two(date.getUTCMonth() + 1),
    d: two(date.getUTCDate()),
    H: two(date.getUTCHours()),
    M: two(date.getUTCMinutes()),
    S: two(date.getUTCSeconds()),
    "%": "%",
  };
  return format.replace(/%([YmdHMS%])/g, (_match, code: string) => parts[code] ?? "");
}
