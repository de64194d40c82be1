/**
 * The all-in-one server end to end, as a user meets it: the real `tsgi serve` on the `node`
 * server and on the `cluster` server (two workers), driven by Chromium (Debian's
 * /usr/bin/chromium through playwright-core). From the landing page it follows every app's
 * link and completes one real action in each — the hello form, an Express upload, a Fastify
 * upload, register + log in + post in the blog, a vote in a poll — and checks that every page
 * the browser lands on stays under that app's prefix.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { MOUNTS } from "../src/mounts.ts";
import { killAll, startSite, type RunningSite } from "./_server.ts";

const CHROMIUM = "/usr/bin/chromium";
// Listed, never silently dropped: without Debian's chromium the browser tests cannot run.
const skip = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is not installed (apt-get install chromium)`;

const SERVERS: readonly [string, readonly string[]][] = [
  ["node", []],
  ["cluster", ["--workers", "2"]],
];

after(killAll);

for (const [server, flags] of SERVERS) {
  describe(`all-in-one in Chromium on the ${server} server`, { skip, timeout: 240_000 }, () => {
    it("follows every app's link and completes one action in each, under its prefix", async () => {
      const instanceDir = mkdtempSync(join(tmpdir(), "all-in-one-e2e-"));
      const userDataDir = mkdtempSync(join(tmpdir(), "all-in-one-chromium-"));
      let site: RunningSite | undefined;
      let context: BrowserContext | undefined;
      try {
        site = await startSite(server, instanceDir, flags);
        assert.equal(site.serverName, server);
        context = await chromium.launchPersistentContext(userDataDir, {
          executablePath: CHROMIUM,
          args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        });
        const page = context.pages()[0] ?? (await context.newPage());
        await tour(page, site.url, server);
      } catch (error) {
        const log = site === undefined ? "" : `\n--- tsgi output ---\n${site.output()}`;
        throw new Error(`${String(error)}${log}`, { cause: error });
      } finally {
        await context?.close();
        const stopped = site === undefined ? undefined : await site.stop();
        rmSync(userDataDir, { recursive: true, force: true });
        rmSync(instanceDir, { recursive: true, force: true });
        if (stopped !== undefined) {
          assert.equal(stopped.code, 0, "the server stops cleanly on SIGTERM");
        }
      }
    });
  });
}

/** Every URL the page's main frame lands on, in order (redirect targets included). */
function recordNavigations(page: Page): string[] {
  const visited: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) visited.push(frame.url());
  });
  return visited;
}

/** Asserts that every URL visited since `from` has a path under `prefix`. */
function assertUnder(visited: readonly string[], from: number, prefix: string): void {
  const urls = visited.slice(from);
  assert.ok(urls.length > 0, `the browser visited pages under ${prefix}`);
  for (const url of urls) {
    const path = new URL(url).pathname;
    assert.ok(path === prefix || path.startsWith(`${prefix}/`), `${url} is under ${prefix}`);
  }
}

/** Opens the landing page and clicks the link to `prefix`'s home; returns the visited index. */
async function enterApp(page: Page, base: string, visited: string[], prefix: string) {
  await page.goto(`${base}/`);
  const mount = MOUNTS.find((candidate) => candidate.prefix === prefix);
  assert.ok(mount, `${prefix} is mounted`);
  const from = visited.length;
  await Promise.all([
    page.waitForURL(`${base}${mount.home}`),
    page.click(`a.home[href="${mount.home}"]`),
  ]);
  return from;
}

async function tour(page: Page, base: string, server: string): Promise<void> {
  const visited = recordNavigations(page);

  // The landing page: the server's name and a green panel for every app.
  await page.goto(`${base}/`);
  assert.equal(await page.textContent("#server"), server);
  await page.waitForSelector('#panel[data-done="true"]');
  for (const mount of MOUNTS) {
    const row = page.locator(`#panel tr[data-prefix="${mount.prefix}"]`);
    assert.equal(await row.getAttribute("class"), "ok", `${mount.health} is healthy`);
    assert.equal(await row.locator("td").nth(1).textContent(), "200");
  }

  // hello: its home page; then, from the landing page, its form, posted and echoed back.
  let from = await enterApp(page, base, visited, "/hello");
  assert.match((await page.textContent("body")) ?? "", /Hello, World!/);
  assertUnder(visited, from, "/hello");
  await page.goto(`${base}/`);
  from = visited.length;
  await Promise.all([page.waitForURL(`${base}/hello/form`), page.click('a[href="/hello/form"]')]);
  await page.fill('input[name="name"]', "Grace");
  await Promise.all([page.waitForLoadState("load"), page.click("button")]);
  await page.waitForSelector("text=Grace");
  assertUnder(visited, from, "/hello");

  // Express: upload a file through multer; the answer names it with its size.
  const file = join(tmpdir(), `all-in-one-upload-${process.pid}.txt`);
  writeFileSync(file, "uploaded through the all-in-one server\n");
  try {
    for (const prefix of ["/express", "/fastify"]) {
      from = await enterApp(page, base, visited, prefix);
      await page.setInputFiles('input[type="file"]', file);
      await Promise.all([page.waitForURL(`${base}${prefix}/upload`), page.click("button")]);
      const answer = JSON.parse((await page.textContent("body")) ?? "{}") as {
        name?: string;
        size?: number;
      };
      assert.equal(answer.name, file.split("/").at(-1));
      assert.equal(answer.size, 39);
      assertUnder(visited, from, prefix);
    }
  } finally {
    rmSync(file, { force: true });
  }

  // Flask: register, log in, create a post; it shows on the index.
  from = await enterApp(page, base, visited, "/flask");
  await Promise.all([page.waitForURL(`${base}/flask/auth/register`), page.click("text=Register")]);
  await page.fill("#username", "ada");
  await page.fill("#password", "lovelace");
  await Promise.all([
    page.waitForURL(`${base}/flask/auth/login`),
    page.click('input[type="submit"]'),
  ]);
  await page.fill("#username", "ada");
  await page.fill("#password", "lovelace");
  await Promise.all([page.waitForURL(`${base}/flask/`), page.click('input[type="submit"]')]);
  await Promise.all([page.waitForURL(`${base}/flask/create`), page.click("text=New")]);
  await page.fill("#title", "Mounted at /flask");
  await page.fill("#body", "Every URL stays under the prefix.");
  await Promise.all([page.waitForURL(`${base}/flask/`), page.click('input[type="submit"]')]);
  assert.match((await page.textContent("body")) ?? "", /Mounted at \/flask/);
  assertUnder(visited, from, "/flask");

  // Django: open the first question, vote, land on its results.
  from = await enterApp(page, base, visited, "/django");
  await Promise.all([page.waitForURL(`${base}/django/polls/1/`), page.click("text=What's new?")]);
  await page.check("#choice1");
  await Promise.all([
    page.waitForURL(`${base}/django/polls/1/results/`),
    page.click('input[type="submit"]'),
  ]);
  assert.match((await page.textContent("body")) ?? "", /1 vote\b/);
  assertUnder(visited, from, "/django");
}
