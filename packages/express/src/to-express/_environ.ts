import type { IncomingMessage, ServerResponse } from "node:http";
import { buildEnviron, createInputStream, decodePath, fileWrapper } from "@tsgi/core";
import type { Environ, ErrorStream, InputStream } from "@tsgi/core";

/** What Express adds to node's request that the environ is built from. */
export type ExpressRequest = IncomingMessage & {
  baseUrl?: string;
  originalUrl?: string;
  ip?: string;
  protocol?: string;
  body?: unknown;
};

/**
 * Set (to true) on a request that arrived with `Expect: 100-continue` by a host that listens
 * for node's 'checkContinue': the 100 Continue is then sent when the app first reads.
 */
export const EXPECTS_CONTINUE = Symbol.for("tsgi.express.expects_continue");

export interface EnvironOptions {
  serverName: string;
  errors: ErrorStream;
  /** Aborts when the client goes away before the response finished (see signal.ts). */
  signal: () => AbortSignal;
}

/**
 * The environ for an Express request. SCRIPT_NAME is Express' mount (`req.baseUrl`),
 * PATH_INFO the rest, both decoded by core's rules; `tsgi.request_target` is the target as
 * the client sent it (`req.originalUrl`). REMOTE_ADDR and `tsgi.url_scheme` are Express'
 * own view (`req.ip`, `req.protocol`: they honour its `trust proxy` setting), and
 * `tsgi.peer_addr` the socket's peer.
 *
 * A body parser that ran before (`express.json()`, …) has consumed the stream: then
 * `tsgi.input` is empty and the parsed value is in `tsgi.express.body`.
 */
export function expressEnviron(
  req: ExpressRequest,
  res: ServerResponse,
  options: EnvironOptions,
): Environ {
  const socket = req.socket as IncomingMessage["socket"] & { encrypted?: boolean };
  const original = req.originalUrl ?? req.url ?? "/";
  const base = req.baseUrl ?? "";
  const url = req.url ?? "/";
  // The mount's rest as sent; when middleware rewrote req.url, what it rewrote it to.
  const rest = original.startsWith(base) && base !== "" ? original.slice(base.length) : url;
  const consumed = req.readableEnded || (req.body !== undefined && !req.readable);
  const environ = buildEnviron({
    method: req.method ?? "GET",
    target: base === "" ? (original === url ? original : url) : rest,
    headers: pairs(req.rawHeaders),
    protocol: req.httpVersionMajor === 2 ? "HTTP/2" : `HTTP/${req.httpVersion}`,
    scheme:
      (req.protocol ?? (socket.encrypted === true ? "https" : "http")) === "https"
        ? "https"
        : "http",
    serverName: serverNameOf(socket.localAddress),
    serverPort: socket.localPort ?? 80,
    remoteAddr: req.ip ?? socket.remoteAddress,
    remotePort: socket.remotePort,
    input: consumed ? createInputStream([]) : inputOf(req, res),
    errors: options.errors,
    server: options.serverName,
  });
  if (base !== "") environ.SCRIPT_NAME = decodePath(base);
  environ["tsgi.request_target"] = original;
  environ["tsgi.file_wrapper"] = fileWrapper;
  if (socket.remoteAddress !== undefined) environ["tsgi.peer_addr"] = socket.remoteAddress;
  if (req.body !== undefined) environ["tsgi.express.body"] = req.body;
  Object.defineProperty(environ, "tsgi.signal", {
    configurable: true,
    enumerable: true,
    get: options.signal,
  });
  return environ;
}

function inputOf(req: ExpressRequest, res: ServerResponse): InputStream {
  const length = req.headers["content-length"];
  const contentLength = length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
  const expectsContinue = (req as unknown as Record<symbol, unknown>)[EXPECTS_CONTINUE] === true;
  return createInputStream(req, {
    contentLength,
    // The express server defers 100 Continue until the app reads (node's 'checkContinue').
    onFirstRead: expectsContinue ? () => res.writeContinue() : undefined,
  });
}

function serverNameOf(local: string | undefined): string {
  if (local === undefined || local === "") return "localhost";
  if (local.startsWith("::ffff:") && local.includes(".")) return local.slice(7);
  return local.includes(":") ? `[${local}]` : local;
}

function* pairs(raw: string[]): Generator<readonly [string, string]> {
  for (let index = 0; index + 1 < raw.length; index += 2) yield [raw[index]!, raw[index + 1]!];
}
