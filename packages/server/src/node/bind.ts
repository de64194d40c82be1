import { lstat, unlink } from "node:fs/promises";
import { connect } from "node:net";
import type { AddressInfo, Server as NetServer } from "node:net";
import type { ServerAddress } from "../types.ts";
import { codedError } from "./errors.ts";

/** One address to listen on, read from a `bind` entry. */
export type BindAddress =
  | {
      kind: "tcp";
      /** undefined: every interface (":8000") */ host: string | undefined;
      port: number;
    }
  | { kind: "unix"; path: string };

/**
 * Reads one `bind` entry, gunicorn's forms: "HOST:PORT", "HOST" (default port), "[::1]:PORT",
 * ":PORT" (every interface, IPv6 and IPv4 where the system allows), "unix:/path/to.sock". An
 * IPv6 address needs brackets when a port follows; a bare "::1" is a host.
 *
 * @throws Error with code `TSGI_E_INVALID_BIND` for anything else.
 *
 * @example
 * parseBind("[::1]:8080"); // { kind: "tcp", host: "::1", port: 8080 }
 * parseBind("unix:/run/app.sock"); // { kind: "unix", path: "/run/app.sock" }
 */
export function parseBind(entry: string, defaultPort = 8000): BindAddress {
  const text = entry.trim();
  if (text.startsWith("unix:")) {
    const path = text.slice(5);
    if (path === "") throw invalidBind(entry, "a unix socket needs a path");
    return { kind: "unix", path };
  }
  let host: string | undefined;
  let portText: string | undefined;
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close === -1) throw invalidBind(entry, "missing ]");
    host = text.slice(1, close);
    const rest = text.slice(close + 1);
    if (rest !== "") {
      if (!rest.startsWith(":")) throw invalidBind(entry, "expected :PORT after ]");
      portText = rest.slice(1);
    }
  } else {
    const colon = text.indexOf(":");
    if (colon === -1 || text.indexOf(":", colon + 1) !== -1) {
      host = text; // a name, IPv4, or a bare IPv6 address
    } else {
      host = text.slice(0, colon);
      portText = text.slice(colon + 1);
    }
  }
  if (host === "" && portText === undefined) throw invalidBind(entry, "empty address");
  let port = defaultPort;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
      throw invalidBind(entry, "the port must be 0-65535");
    }
    port = Number(portText);
  }
  return { kind: "tcp", host: host === "" ? undefined : host, port };
}

function invalidBind(entry: string, why: string): Error {
  return codedError(Error, "TSGI_E_INVALID_BIND", `bind ${JSON.stringify(entry)}: ${why}`);
}

/**
 * Makes a unix socket path bindable: a socket file left by a process that died is removed
 * (nothing answers on it), a live one is refused with EADDRINUSE, and anything that is not a
 * socket is never deleted.
 */
export async function clearStaleSocket(path: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = (await lstat(path)).isSocket();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  if (!isSocket) {
    throw codedError(Error, "TSGI_E_INVALID_BIND", `${path} exists and is not a unix socket`);
  }
  if (await answers(path)) {
    throw Object.assign(new Error(`another server listens on ${path}`), { code: "EADDRINUSE" });
  }
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
}

function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
}

/** Removes a unix socket file after its server closed (libuv usually did already). */
export async function removeSocketFile(path: string): Promise<void> {
  await unlink(path).catch(() => {});
}

/** Listens and resolves once bound; rejects with the listen error (EADDRINUSE, EACCES…). */
export function listenOn(server: NetServer, address: BindAddress): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    const done = (): void => {
      server.off("error", reject);
      resolve();
    };
    if (address.kind === "unix") server.listen(address.path, done);
    else if (address.host === undefined) server.listen(address.port, done);
    else server.listen(address.port, address.host, done);
  });
}

/** The {@link ServerAddress} of a listening server. */
export function addressOf(server: NetServer, bound: BindAddress): ServerAddress {
  if (bound.kind === "unix") {
    return { host: `unix:${bound.path}`, port: 0, url: `unix:${bound.path}` };
  }
  const info = server.address() as AddressInfo;
  let urlHost = info.address;
  // A wildcard bind is reachable on loopback; that is the URL a local client can use.
  if (urlHost === "0.0.0.0") urlHost = "127.0.0.1";
  else if (urlHost === "::") urlHost = "::1";
  if (urlHost.includes(":")) urlHost = `[${urlHost}]`;
  return { host: info.address, port: info.port, url: `http://${urlHost}:${info.port}` };
}
