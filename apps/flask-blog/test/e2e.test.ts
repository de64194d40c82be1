/**
 * End to end: the blog's start command serves a fresh database on a free port, and headless
 * Chromium (Debian's /usr/bin/chromium, driven by playwright-core) goes through the tutorial's
 * story — register, log in, write a post, edit it, delete it, log out — checking the page
 * after every step, flashed errors included.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { killAll, startBlog, type RunningBlog } from "./_blog-server.ts";

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

const CHROMIUM = "/usr/bin/chromium";
// Listed, never silently dropped: without Debian's chromium (apt-get install chromium) the
// story cannot run, and the skip says why.
const skip = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is not installed (apt-get install chromium)`;

describe("the blog in a browser", { timeout: 120_000, skip }, () => {
  let blog: RunningBlog;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;

  before(async () => {
    blog = await startBlog("node");
    userDataDir = mkdtempSync(join(tmpdir(), "flaskr-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
  });

  after(async () => {
    await context?.close();
    if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
    if (blog !== undefined) {
      const exit = await blog.stop();
      assert.equal(exit.code, 0, `the server must stop cleanly:\n${exit.output}`);
    }
    killAll();
  });

  const path = () => new URL(page.url()).pathname;
  const flashes = () => page.locator(".flash").allTextContents();
  const postTitles = () => page.locator("article.post h1").allTextContents();

  it("shows an empty index to a visitor", async () => {
    await page.goto(`${blog.url}/`);
    assert.equal(await page.title(), "Posts - Flaskr");
    assert.equal(await page.locator("nav a", { hasText: "Log In" }).count(), 1);
    assert.equal(await page.locator("nav a", { hasText: "Register" }).count(), 1);
    assert.deepEqual(await postTitles(), []);
    // The stylesheet is served from /static and applied.
    const background = await page.evaluate(
      "getComputedStyle(document.documentElement).backgroundColor",
    );
    assert.equal(background, "rgb(238, 238, 238)");
  });

  it("registers a user, then refuses the same name again", async () => {
    await page.click("text=Register");
    assert.equal(path(), "/auth/register");
    await page.fill("#username", "ada");
    await page.fill("#password", "lovelace");
    await page.click("input[type=submit]");
    await page.waitForURL(`${blog.url}/auth/login`);
    assert.equal(await page.title(), "Log In - Flaskr");

    await page.goto(`${blog.url}/auth/register`);
    await page.fill("#username", "ada");
    await page.fill("#password", "another");
    await page.click("input[type=submit]");
    assert.deepEqual(await flashes(), ["User ada is already registered."]);
  });

  it("refuses a wrong password, then logs in", async () => {
    await page.goto(`${blog.url}/auth/login`);
    await page.fill("#username", "ada");
    await page.fill("#password", "wrong");
    await page.click("input[type=submit]");
    assert.deepEqual(await flashes(), ["Incorrect password."]);

    await page.fill("#username", "ada");
    await page.fill("#password", "lovelace");
    await page.click("input[type=submit]");
    await page.waitForURL(`${blog.url}/`);
    assert.equal(await page.locator("nav span").textContent(), "ada");
    assert.equal(await page.locator("nav a", { hasText: "Log Out" }).count(), 1);
  });

  it("creates a post (and insists on a title)", async () => {
    await page.click("text=New");
    assert.equal(path(), "/create");
    await page.fill("#body", "no title yet");
    await page.click("input[type=submit]");
    assert.deepEqual(await flashes(), ["Title is required."]);
    assert.equal(await page.inputValue("#body"), "no title yet", "the form keeps what was typed");

    await page.fill("#title", "Hello, TSGI");
    await page.fill("#body", "first line\nsecond line");
    const dayBefore = new Date().toISOString().slice(0, 10);
    await page.click("input[type=submit]");
    await page.waitForURL(`${blog.url}/`);
    assert.deepEqual(await postTitles(), ["Hello, TSGI"]);
    // SQLite stamps the post in UTC; around midnight the day may have turned meanwhile.
    const days = new Set([dayBefore, new Date().toISOString().slice(0, 10)]);
    const about = await page.locator("article .about").textContent();
    assert.ok(
      [...days].some((day) => about === `by ada on ${day}`),
      String(about),
    );
    assert.equal(await page.locator("article .body").textContent(), "first line\nsecond line");
  });

  it("edits the post", async () => {
    await page.click("article a.action:has-text('Edit')");
    assert.match(path(), /^\/\d+\/update$/);
    assert.equal(await page.title(), 'Edit "Hello, TSGI" - Flaskr');
    assert.equal(await page.inputValue("#title"), "Hello, TSGI");
    await page.fill("#title", "Hello again");
    await page.click("input[type=submit][value=Save]");
    await page.waitForURL(`${blog.url}/`);
    assert.deepEqual(await postTitles(), ["Hello again"]);
  });

  it("deletes the post after the confirmation dialog", async () => {
    await page.click("article a.action:has-text('Edit')");
    page.once("dialog", (dialog) => void dialog.accept());
    await page.click("input.danger[value=Delete]");
    await page.waitForURL(`${blog.url}/`);
    assert.deepEqual(await postTitles(), []);
  });

  it("logs out", async () => {
    await page.click("text=Log Out");
    await page.waitForURL(`${blog.url}/`);
    assert.equal(await page.locator("nav a", { hasText: "Log In" }).count(), 1);
    assert.equal(await page.locator("a.action", { hasText: "New" }).count(), 0);
  });
});
