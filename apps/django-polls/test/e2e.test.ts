/**
 * End to end, as a person would use it: the real server (the start script on the node server,
 * a free port, a temporary database with the sample questions) and Debian's Chromium, headless,
 * driven by playwright-core with a fresh profile. Open /polls/, click a question, pick a
 * choice, vote, and land on the results page with that choice's count one higher.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { chromium } from "playwright-core";
import { killAll, startPolls, tempDatabase } from "./_start.ts";

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

after(killAll);

describe("polls in a browser", () => {
  it(
    "votes in a poll and sees the count go up",
    { timeout: 120_000, skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed` },
    async () => {
      const database = tempDatabase();
      const profile = mkdtempSync(join(tmpdir(), "polls-chromium-"));
      const polls = await startPolls({ server: "node", databaseUrl: database.url });
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        args: CHROMIUM_ARGS,
        headless: true,
      });
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        await page.goto(`${polls.url}/polls/`);
        const firstQuestion = page.locator("li a").first();
        const questionText = (await firstQuestion.textContent())?.trim() ?? "";
        assert.notEqual(questionText, "", "the index lists questions");
        await firstQuestion.click();
        await page.waitForURL(/\/polls\/\d+\/$/);
        assert.equal((await page.locator("legend h1").textContent())?.trim(), questionText);

        const label = (await page.locator('label[for="choice1"]').textContent())?.trim() ?? "";
        await page.locator("#choice1").check();
        await page.getByRole("button", { name: "Vote" }).click();
        await page.waitForURL(/\/polls\/\d+\/results\/$/);

        const items = await page.locator("li").allTextContents();
        const line = items
          .map((item) => item.trim())
          .find((item) => item.startsWith(`${label} --`));
        assert.equal(line, `${label} -- 1 vote`, `results: ${JSON.stringify(items)}`);

        // Vote again: the count goes to 2 (and "votes" takes its plural).
        await page.getByRole("link", { name: "Vote again?" }).click();
        await page.locator("#choice1").check();
        await page.getByRole("button", { name: "Vote" }).click();
        await page.waitForURL(/\/results\/$/);
        const again = (await page.locator("li").allTextContents()).map((item) => item.trim());
        assert.ok(again.includes(`${label} -- 2 votes`), `results: ${JSON.stringify(again)}`);
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
