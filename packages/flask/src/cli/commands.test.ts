import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CommandRegistry } from "./commands.ts";
import { FlaskCliError } from "./errors.ts";

describe("CommandRegistry (app.cli)", () => {
  it("registers commands with their help and lists them by name", () => {
    const cli = new CommandRegistry();
    const initDb = () => undefined;
    cli.command("init-db", initDb, { help: "Clear the existing data and create new tables." });
    cli.command("create-user", () => 0);
    assert.equal(cli.get("init-db")?.handler, initDb);
    assert.equal(cli.get("init-db")?.help, "Clear the existing data and create new tables.");
    assert.deepEqual(
      cli.list().map((command) => command.name),
      ["create-user", "init-db"],
    );
    assert.equal(cli.get("missing"), undefined);
  });

  it("refuses a name taken twice, a built-in name and a malformed name", () => {
    const cli = new CommandRegistry().command("init-db", () => undefined);
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof FlaskCliError ? error.code : String(error);
      }
      return "no error";
    };
    assert.equal(
      codeOf(() => cli.command("init-db", () => undefined)),
      "FLASK_E_CLI_COMMAND_EXISTS",
    );
    assert.equal(
      codeOf(() => cli.command("run", () => undefined)),
      "FLASK_E_CLI_COMMAND_NAME",
    );
    assert.equal(
      codeOf(() => cli.command("Init DB", () => undefined)),
      "FLASK_E_CLI_COMMAND_NAME",
    );
    assert.equal(
      codeOf(() => cli.command("--x", () => undefined)),
      "FLASK_E_CLI_COMMAND_NAME",
    );
  });
});
