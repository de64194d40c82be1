/**
 * `runserver`'s `[addr:]port` argument, read as Django reads it: `8000`, `0.0.0.0:8000`,
 * `localhost:8000`, `[::1]:8000`, or an address alone (`0.0.0.0`, `[::1]`) with the default
 * port.
 */
import { CommandError } from "./command.ts";

/** Where runserver listens. */
export interface AddrPort {
  host: string;
  port: number;
}

/**
 * Parses `addrport`; `defaults` fill what it leaves out.
 *
 * @throws CommandError naming the bad value, as Django's `"…" is not a valid port number or address:port pair.`
 *
 * @example
 * parseAddrPort("0.0.0.0:8080", { host: "127.0.0.1", port: 8000 }); // { host: "0.0.0.0", port: 8080 }
 * parseAddrPort("9000", { host: "127.0.0.1", port: 8000 });         // { host: "127.0.0.1", port: 9000 }
 * parseAddrPort("[::1]:8000", { host: "127.0.0.1", port: 8000 });   // { host: "::1", port: 8000 }
 */
export function parseAddrPort(addrport: string | undefined, defaults: AddrPort): AddrPort {
  if (addrport === undefined || addrport === "") return { ...defaults };
  const invalid = () =>
    new CommandError(`"${addrport}" is not a valid port number or address:port pair.`);
  let host = defaults.host;
  let portText: string | undefined;
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(addrport);
  if (bracketed !== null) {
    host = bracketed[1]!;
    portText = bracketed[2];
  } else if (/^\d+$/.test(addrport)) {
    portText = addrport;
  } else {
    const colon = addrport.lastIndexOf(":");
    const address = colon === -1 ? addrport : addrport.slice(0, colon);
    portText = colon === -1 ? undefined : addrport.slice(colon + 1);
    if (!/^[A-Za-z0-9.-]+$/.test(address)) throw invalid();
    host = address;
  }
  if (portText === undefined) return { host, port: defaults.port };
  if (!/^\d+$/.test(portText)) throw invalid();
  const port = Number(portText);
  if (port > 65535) throw invalid();
  return { host, port };
}
