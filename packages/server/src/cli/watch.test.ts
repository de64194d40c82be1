import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { isIgnoredDirectory, isWatchedFile, watchSources, type SourceWatcher } from "./watch.ts";

const scratch = mkdtempSync(join(tmpdir(), "tsgi-watch-"));
const watchers: SourceWatcher[] = [];
after(() => {
  for (const watcher of watchers) watcher.close();
  rmSync(scratch, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh tree and a watcher on it that records each burst of changes. */
async function watchedTree(name: string) {
  const root = join(scratch, name);
  mkdirSync(join(root, "src", "routes"), { recursive: true });
  mkdirSync(join(root, "node_modules", "dep"), { recursive: true });
  writeFileSync(join(root, "src", "app.ts"), "export const v = 1;\n");
  const bursts: string[][] = [];
  const watcher = watchSources({ directories: [root], files: [] }, (paths) => bursts.push(paths), {
    debounceMs: 50,
  });
  watchers.push(watcher);
  await sleep(50); // let inotify settle before the first write
  return { root, bursts, watcher };
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe("watchSources", () => {
  it("reports a burst of writes once, after the quiet period", async () => {
    const { root, bursts } = await watchedTree("burst");
    writeFileSync(join(root, "src", "app.ts"), "export const v = 2;\n");
    writeFileSync(join(root, "src", "app.ts"), "export const v = 3;\n");
    writeFileSync(join(root, "src", "routes", "users.ts"), "export {};\n");
    await waitFor(() => bursts.length > 0, "a burst");
    await sleep(150);
    assert.equal(bursts.length, 1);
    assert.deepEqual(
      new Set(bursts[0]),
      new Set([join(root, "src", "app.ts"), join(root, "src", "routes", "users.ts")]),
    );
  });

  it("ignores node_modules, dotfiles, and files that are not sources", async () => {
    const { root, bursts } = await watchedTree("ignored");
    writeFileSync(join(root, "node_modules", "dep", "index.js"), "x\n");
    writeFileSync(join(root, "src", ".app.ts.swp"), "x\n");
    writeFileSync(join(root, "src", "app.ts~"), "x\n");
    writeFileSync(join(root, "src", "db.sqlite3"), "x\n");
    await sleep(300);
    assert.deepEqual(bursts, []);
  });

  it("watches directories created after it started", async () => {
    const { root, bursts } = await watchedTree("new-dir");
    mkdirSync(join(root, "src", "views"));
    await waitFor(() => bursts.length > 0, "the new directory");
    await sleep(100);
    writeFileSync(join(root, "src", "views", "page.html"), "<p>hi</p>\n");
    await waitFor(
      () => bursts.some((paths) => paths.includes(join(root, "src", "views", "page.html"))),
      "a file in it",
    );
  });

  it("watches single files by name, through their directory", async () => {
    const root = join(scratch, "single");
    mkdirSync(root);
    writeFileSync(join(root, "tsgi.config.ts"), "export default {};\n");
    const bursts: string[][] = [];
    watchers.push(
      watchSources(
        { directories: [], files: [join(root, "tsgi.config.ts")] },
        (paths) => bursts.push(paths),
        { debounceMs: 50 },
      ),
    );
    await sleep(50);
    writeFileSync(join(root, "other.ts"), "export {};\n");
    writeFileSync(join(root, "tsgi.config.ts"), "export default { workers: 2 };\n");
    await waitFor(() => bursts.length > 0, "the config change");
    assert.deepEqual(bursts[0], [join(root, "tsgi.config.ts")]);
  });

  it("stops reporting once closed", async () => {
    const { root, bursts, watcher } = await watchedTree("closed");
    watcher.close();
    writeFileSync(join(root, "src", "app.ts"), "export const v = 9;\n");
    await sleep(200);
    assert.deepEqual(bursts, []);
  });
});

describe("what the watcher counts", () => {
  it("counts code, JSON and HTML; skips dependencies, dot-directories and editor files", () => {
    for (const name of ["app.ts", "a.mts", "b.js", "c.mjs", "d.json", "e.html", "f.tsx"]) {
      assert.equal(isWatchedFile(name), true, name);
    }
    for (const name of [".app.ts.swp", "app.ts~", "4913", "db.sqlite3", "upload.png", ".env"]) {
      assert.equal(isWatchedFile(name), false, name);
    }
    for (const name of ["node_modules", ".git", ".turbo"])
      assert.equal(isIgnoredDirectory(name), true, name);
    assert.equal(isIgnoredDirectory("src"), false);
  });
});
