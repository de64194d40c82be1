import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const PROJECT = fileURLToPath(new URL("../test/fixtures/project/", import.meta.url));
const TOUCHED = `${PROJECT}notes/_reload-probe-${process.pid}.ts`;

after(() => rmSync(TOUCHED, { force: true }));

/** Resolves once `predicate(output)` holds, polling the growing output. */
async function waitFor(
  read: () => string,
  predicate: (output: string) => boolean,
  what: string,
): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (predicate(read())) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}:\n${read()}`);
}

describe("runserver's autoreloader", () => {
  it(
    "restarts the server when a source file changes, and stops on SIGTERM",
    { timeout: 60_000 },
    async () => {
      const env = { ...process.env };
      delete env.NODE_TEST_CONTEXT;
      delete env.DJANGO_RUN_MAIN;
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "manage.ts", "runserver", "127.0.0.1:0"],
        {
          cwd: PROJECT,
          env,
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let output = "";
      child.stdout.setEncoding("utf8").on("data", (text: string) => (output += text));
      child.stderr.setEncoding("utf8").on("data", (text: string) => (output += text));
      const exited = new Promise<number | null>((resolve) =>
        child.on("close", (code) => resolve(code)),
      );
      const kill = setTimeout(() => child.kill("SIGKILL"), 55_000);
      const servers = () =>
        [...output.matchAll(/Starting development server at (http:\/\/\S+)/g)].map((m) => m[1]!);
      try {
        await waitFor(
          () => output,
          () => servers().length === 1,
          "the first server",
        );
        assert.match(output, /^Watching for file changes with the TSGI reloader\n/);
        writeFileSync(TOUCHED, "export const probe = 1;\n");
        await waitFor(
          () => output,
          () => servers().length === 2,
          "the restarted server",
        );
        assert.match(output, /notes\/_reload-probe-\d+\.ts changed, reloading\./);
        const response = await fetch(new URL("notes/bounce2/", servers()[1]), {
          redirect: "manual",
        });
        assert.equal(response.status, 302, "the restarted server answers");
        child.kill("SIGTERM");
        assert.equal(await exited, 0, output);
      } finally {
        clearTimeout(kill);
        child.kill("SIGKILL");
      }
    },
  );
});
