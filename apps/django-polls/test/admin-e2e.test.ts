/**
 * The admin end to end, as a person would use it: the real server (the start script on the
 * node server, a free port, a temporary database), a superuser made with
 * `manage createsuperuser --noinput` and the DJANGO_SUPERUSER_* variables, and Debian's
 * Chromium, headless. Log into /admin/, add a question with two choices, find it with the
 * search box, then vote on it in /polls/ and see the result.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { chromium } from "playwright-core";
import { APP_DIR, killAll, startPolls, tempDatabase } from "./_start.ts";

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
const USERNAME = "admin";
const PASSWORD = "e2e-admin-password";
const QUESTION = "Which colour is best (e2e)?";

after(killAll);

/** `manage createsuperuser --noinput` against the test database, as Django documents it. */
function createSuperuser(databaseUrl: string): void {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith("TSGI_") || name.startsWith("DJANGO_") || name === "NODE_TEST_CONTEXT") {
      delete env[name];
    }
  }
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "manage.ts", "createsuperuser", "--noinput"],
    {
      cwd: APP_DIR,
      encoding: "utf8",
      timeout: 60_000,
      env: {
        ...env,
        DATABASE_URL: databaseUrl,
        DJANGO_SUPERUSER_USERNAME: USERNAME,
        DJANGO_SUPERUSER_PASSWORD: PASSWORD,
        DJANGO_SUPERUSER_EMAIL: "admin@example.org",
      },
    },
  );
  assert.equal(result.status, 0, `createsuperuser failed:\n${result.stdout}${result.stderr}`);
}

describe("the admin in a browser", () => {
  it(
    "logs in, adds a question with two choices, finds it, and votes on it",
    { timeout: 150_000, skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed` },
    async () => {
      const database = tempDatabase();
      const profile = mkdtempSync(join(tmpdir(), "polls-admin-chromium-"));
      const polls = await startPolls({ server: "node", databaseUrl: database.url });
      createSuperuser(database.url);
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        args: CHROMIUM_ARGS,
        headless: true,
      });
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        // Not logged in: /admin/ sends us to the login page.
        await page.goto(`${polls.url}/admin/`);
        await page.waitForURL(/\/admin\/login\/\?next=\/admin\/$/);
        await page.locator("#id_username").fill(USERNAME);
        await page.locator("#id_password").fill(PASSWORD);
        await page.getByRole("button", { name: "Log in" }).click();
        await page.waitForURL(/\/admin\/$/);
        assert.equal(
          (await page.locator("h1").last().textContent())?.trim(),
          "Site administration",
        );

        // Add a question, published a minute ago, with two choices in the inline rows.
        await page.getByRole("link", { name: "Questions" }).click();
        await page.waitForURL(/\/admin\/polls\/question\/$/);
        await page.getByRole("link", { name: "Add question" }).click();
        await page.waitForURL(/\/admin\/polls\/question\/add\/$/);
        const published = new Date(Date.now() - 60_000);
        await page.locator("#id_questionText").fill(QUESTION);
        await page
          .locator("#id_pubDate")
          .fill(published.toISOString().slice(0, 19).replace("T", " "));
        await page.locator('input[name="choiceSet-0-choiceText"]').fill("Red");
        await page.locator('input[name="choiceSet-1-choiceText"]').fill("Blue");
        await page.getByRole("button", { name: "Save", exact: true }).click();
        await page.waitForURL(/\/admin\/polls\/question\/$/);
        const message = (await page.locator(".messagelist li").textContent())?.trim();
        assert.equal(message, `The question \u201c${QUESTION}\u201d was added successfully.`);

        // Find it with the search box.
        await page.locator("#searchbar").fill("colour (e2e)");
        await page.getByRole("button", { name: "Search" }).click();
        await page.waitForURL(/\?q=colour/);
        const rows = (await page.locator("#result_list tbody th").allTextContents()).map((text) =>
          text.trim(),
        );
        assert.deepEqual(rows, [QUESTION]);
        assert.equal((await page.locator(".result-count").textContent())?.trim(), "1 question");

        // Vote for "Blue" on the polls site.
        await page.goto(`${polls.url}/polls/`);
        await page.getByRole("link", { name: QUESTION }).click();
        await page.waitForURL(/\/polls\/\d+\/$/);
        await page.getByLabel("Blue").check();
        await page.getByRole("button", { name: "Vote" }).click();
        await page.waitForURL(/\/polls\/\d+\/results\/$/);
        const results = (await page.locator("li").allTextContents()).map((item) => item.trim());
        assert.ok(results.includes("Blue -- 1 vote"), `results: ${JSON.stringify(results)}`);
        assert.ok(results.includes("Red -- 0 votes"), `results: ${JSON.stringify(results)}`);
      } catch (error) {
        throw new Error(`${String(error)}\n--- server output ---\n${polls.output()}`, {
          cause: error,
        });
      } finally {
        await context.close();
        await polls.stop();
        rmSync(profile, { recursive: true, force: true });
        database.cleanup();
      }
    },
  );
});
