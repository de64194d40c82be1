import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseAddrPort } from "./addrport.ts";
import { CommandError } from "./command.ts";

const defaults = { host: "127.0.0.1", port: 8000 };

describe("parseAddrPort", () => {
  it("uses the defaults without an argument", () => {
    assert.deepEqual(parseAddrPort(undefined, defaults), defaults);
  });
  it("reads a port alone, an address:port pair, a name and an IPv6 literal", () => {
    assert.deepEqual(parseAddrPort("9000", defaults), { host: "127.0.0.1", port: 9000 });
    assert.deepEqual(parseAddrPort("0.0.0.0:8080", defaults), { host: "0.0.0.0", port: 8080 });
    assert.deepEqual(parseAddrPort("localhost:0", defaults), { host: "localhost", port: 0 });
    assert.deepEqual(parseAddrPort("[::1]:8001", defaults), { host: "::1", port: 8001 });
    assert.deepEqual(parseAddrPort("[::1]", defaults), { host: "::1", port: 8000 });
    assert.deepEqual(parseAddrPort("0.0.0.0", defaults), { host: "0.0.0.0", port: 8000 });
  });
  it("refuses what is neither a port nor an address:port pair, as Django words it", () => {
    for (const bad of ["abc:def", "1.2.3.4:99999", "host name:80", "[zz]:80"]) {
      assert.throws(
        () => parseAddrPort(bad, defaults),
        (error: unknown) =>
          error instanceof CommandError &&
          error.message === `"${bad}" is not a valid port number or address:port pair.`,
      );
    }
  });
});
