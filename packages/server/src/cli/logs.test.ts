import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { openLogs } from "./logs.ts";

const scratch = mkdtempSync(join(tmpdir(), "tsgi-logs-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

const ignore = () => {};

describe("openLogs", () => {
  it('sends "-" to stdout for the access log and leaves stderr to the server', () => {
    const lines: string[] = [];
    const logs = openLogs(
      { accessLog: "-", errorLog: "-" },
      scratch,
      (line) => lines.push(line),
      ignore,
    );
    assert.equal(typeof logs.accessLog, "function");
    (logs.accessLog as (line: string) => void)("GET / 200");
    assert.deepEqual(lines, ["GET / 200"]);
    assert.equal(logs.errorLog, undefined, "the server's default, stderr");
    logs.close();
  });

  it("turns the access log off with false, and passes functions through", () => {
    const sink = () => {};
    assert.equal(
      openLogs({ accessLog: false, errorLog: sink }, scratch, ignore, ignore).accessLog,
      false,
    );
    const logs = openLogs({ accessLog: sink, errorLog: sink }, scratch, ignore, ignore);
    assert.equal(logs.accessLog, sink);
    assert.equal(logs.errorLog, sink);
  });

  it("appends to files relative to cwd, one line per access-log entry", () => {
    writeFileSync(join(scratch, "access.log"), "earlier line\n");
    const logs = openLogs(
      { accessLog: "access.log", errorLog: "errors.log" },
      scratch,
      ignore,
      ignore,
    );
    (logs.accessLog as (line: string) => void)("first");
    (logs.accessLog as (line: string) => void)("second");
    logs.errorLog?.("Traceback: boom\n");
    logs.close();
    (logs.accessLog as (line: string) => void)("after close is dropped");
    assert.equal(
      readFileSync(join(scratch, "access.log"), "utf8"),
      "earlier line\nfirst\nsecond\n",
    );
    assert.equal(readFileSync(join(scratch, "errors.log"), "utf8"), "Traceback: boom\n");
  });

  it("opens one file once when both logs name it", () => {
    const logs = openLogs(
      { accessLog: "both.log", errorLog: join(scratch, "both.log") },
      scratch,
      ignore,
      ignore,
    );
    (logs.accessLog as (line: string) => void)("access");
    logs.errorLog?.("error\n");
    logs.close();
    assert.equal(readFileSync(join(scratch, "both.log"), "utf8"), "access\nerror\n");
  });

  it("reports a file that cannot be opened as a usage error naming the option", () => {
    assert.throws(
      () =>
        openLogs({ accessLog: "missing-dir/access.log", errorLog: "-" }, scratch, ignore, ignore),
      {
        code: "TSGI_E_CLI_LOG_FILE",
        message: 'cannot open --access-log file "missing-dir/access.log": ENOENT',
      },
    );
    assert.throws(
      () => openLogs({ accessLog: false, errorLog: scratch }, scratch, ignore, ignore),
      {
        code: "TSGI_E_CLI_LOG_FILE",
      },
    );
  });
});
