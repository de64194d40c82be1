/**
 * The tutorial's `tests/conftest.py` as a helper: each test gets a fresh app on a temporary
 * database loaded with `data.sql`, a test client (cookies kept between requests), an auth
 * helper, and a runner for the app's commands.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Flask, FlaskClient, FlaskTestResponse } from "@tsgi/flask";
import { main } from "@tsgi/flask/cli";
import { createApp } from "../src/flaskr/index.ts";
import { getDb, initDb } from "../src/flaskr/db.ts";

/** The test data: users "test" (password "test") and "other", and post 1 by "test". */
export const DATA_SQL = readFileSync(new URL("./data.sql", import.meta.url), "utf8");

/** Logs the test client in and out (conftest's `AuthActions`). */
export class AuthActions {
  constructor(private readonly client: FlaskClient) {}

  login(username = "test", password = "test"): Promise<FlaskTestResponse> {
    return this.client.post("/auth/login", { data: { username, password } });
  }

  logout(): Promise<FlaskTestResponse> {
    return this.client.get("/auth/logout");
  }
}

/** What a command run produced (click's `Result`). */
export interface CommandResult {
  exitCode: number;
  output: string;
}

/**
 * Runs the app's commands through the real `tsgi-flask` code, in-process, on this app (Flask's
 * `app.test_cli_runner()`): output collected, exit status returned.
 */
export class CommandRunner {
  constructor(private readonly app: Flask) {}

  async invoke(args: string[]): Promise<CommandResult> {
    const lines: string[] = [];
    const write = (line: string) => void lines.push(line);
    const exitCode = await main(args, { app: this.app, env: {}, out: write, err: write });
    return { exitCode, output: lines.join("\n") };
  }
}

/** One test's world. */
export interface Fixture {
  app: Flask;
  client: FlaskClient;
  auth: AuthActions;
  runner: CommandRunner;
  /** The temporary database file. */
  database: string;
  /** Removes the temporary database. */
  cleanup(): void;
}

/**
 * Creates and configures a new app instance for a test: a temporary database, initialised and
 * loaded with the test data.
 *
 * @example
 * let fixture: Fixture;
 * beforeEach(async () => (fixture = await makeFixture()));
 * afterEach(() => fixture.cleanup());
 */
export async function makeFixture(): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), "flaskr-test-"));
  const database = join(dir, "flaskr.sqlite");
  const app = createApp({ TESTING: true, DATABASE: database });
  await app.appContext().run(() => {
    initDb();
    getDb().exec(DATA_SQL);
  });
  const client = app.testClient();
  return {
    app,
    client,
    auth: new AuthActions(client),
    runner: new CommandRunner(app),
    database,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs `fn` with this app's database, inside an app context (`with app.app_context():`). */
export function withDb<T>(app: Flask, fn: (db: ReturnType<typeof getDb>) => T): Promise<T> {
  return app.appContext().run(() => fn(getDb()));
}
