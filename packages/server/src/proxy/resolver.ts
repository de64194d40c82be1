import type { Environ } from "@tsgi/core";
import { DEFAULT_FORWARDED_ALLOW_IPS, parseForwardedAllowIps } from "./allow-ips.ts";
import type { TrustedProxies } from "./allow-ips.ts";
import { parseForwarded, parseForwardedNode, parseHostAndPort } from "./forwarded.ts";
import type { ForwardedElement, ForwardedNode } from "./forwarded.ts";

/**
 * Applies forwarding headers to an environ in place. `peerAddress` is the TCP peer's address
 * (`undefined` on a unix socket).
 */
export type ProxyResolver = (environ: Environ, peerAddress: string | undefined) => void;

/**
 * Builds the function that lets trusted proxies tell the server who the client is.
 *
 * Always: `tsgi.peer_addr` is set to the TCP peer's address (when there is one), so the
 * direct peer stays known after REMOTE_ADDR was replaced.
 *
 * Only when the peer is trusted (`allowIps` lists it, "*" is given, or the connection came
 * over a unix socket, which only local processes can reach — gunicorn trusts those too):
 *
 * - `X-Forwarded-For` is read right to left: entries that are trusted proxies are skipped,
 *   the first one that is not is the client → REMOTE_ADDR (its port, if the entry has one,
 *   → REMOTE_PORT, otherwise REMOTE_PORT is removed: the proxy's port means nothing). If
 *   every entry is trusted, the leftmost is the client. Taking the leftmost entry outright
 *   would let any client choose its address (uvicorn #590).
 * - `X-Forwarded-Proto` → `tsgi.url_scheme`, only "http" or "https"; `X-Forwarded-Host` →
 *   HTTP_HOST, SERVER_NAME and SERVER_PORT (the host's port, else 443 for https, 80 for
 *   http). When a list was sent, the rightmost value counts: it is the one the nearest
 *   trusted proxy wrote.
 * - RFC 7239 `Forwarded` is read right to left the same way by each element's `for=`; the
 *   element of the client (the first whose `for` is not a trusted address, or has no usable
 *   address) supplies the address, and its `proto=` and `host=` are applied as above: they
 *   describe the request as the first proxy received it from the client.
 *
 * Precedence: when any X-Forwarded-For/-Proto/-Host header is present, those are used and
 * `Forwarded` is ignored; `Forwarded` is used only without them. Most proxies (nginx, cloud
 * load balancers) set X-Forwarded-* and pass a client's own `Forwarded` through untouched, so
 * preferring `Forwarded` would let clients spoof it. A proxy that speaks only `Forwarded`
 * must strip X-Forwarded-* from client requests. The two styles are never mixed.
 *
 * A malformed value is ignored (the environ keeps the socket's view), never half-applied.
 * An obfuscated (`_hidden`) or `unknown` client identifier becomes REMOTE_ADDR as sent:
 * it is what the proxy chose to reveal. The forwarding headers themselves stay in environ
 * as `HTTP_*` keys, trusted or not; apps must not read them directly.
 *
 * @example
 * const resolve = createProxyResolver(["10.0.0.0/8"]);
 * const environ = { REMOTE_ADDR: "10.0.0.2", HTTP_X_FORWARDED_FOR: "203.0.113.9, 10.0.0.7" } as Environ;
 * resolve(environ, "10.0.0.2");
 * environ.REMOTE_ADDR; // "203.0.113.9"
 * environ["tsgi.peer_addr"]; // "10.0.0.2"
 */
export function createProxyResolver(
  allowIps: string | readonly string[] | TrustedProxies = DEFAULT_FORWARDED_ALLOW_IPS,
): ProxyResolver {
  const trusted =
    typeof allowIps === "string" || Array.isArray(allowIps)
      ? parseForwardedAllowIps(allowIps as string | readonly string[])
      : (allowIps as TrustedProxies);
  return (environ, peerAddress) => {
    if (peerAddress !== undefined) environ["tsgi.peer_addr"] = peerAddress;
    if (trusted.none) return;
    const forwardedFor = environ.HTTP_X_FORWARDED_FOR;
    const forwardedProto = environ.HTTP_X_FORWARDED_PROTO;
    const forwardedHost = environ.HTTP_X_FORWARDED_HOST;
    const legacy =
      forwardedFor !== undefined || forwardedProto !== undefined || forwardedHost !== undefined;
    if (!legacy && environ.HTTP_FORWARDED === undefined) return; // the common, direct case
    if (peerAddress !== undefined && !trusted.contains(peerAddress)) return;
    if (legacy) {
      if (typeof forwardedFor === "string") applyForwardedFor(environ, forwardedFor, trusted);
      if (typeof forwardedProto === "string") applyProto(environ, lastListItem(forwardedProto));
      if (typeof forwardedHost === "string") applyHost(environ, lastListItem(forwardedHost));
    } else if (typeof environ.HTTP_FORWARDED === "string") {
      applyForwarded(environ, environ.HTTP_FORWARDED, trusted);
    }
  };
}

function applyForwardedFor(environ: Environ, header: string, trusted: TrustedProxies): void {
  const items = header.split(",");
  let client: ForwardedNode | undefined;
  for (let i = items.length - 1; i >= 0; i--) {
    const text = items[i]!.trim();
    if (text === "") continue; // empty list elements are allowed and mean nothing
    const node = parseForwardedNode(text, true);
    if (node === undefined) return; // a malformed hop: nothing in this header is reliable
    client = node;
    if (node.kind !== "ip" || !trusted.contains(node.name)) break;
  }
  if (client !== undefined) setClient(environ, client);
}

function applyForwarded(environ: Environ, header: string, trusted: TrustedProxies): void {
  const elements = parseForwarded(header);
  if (elements === undefined || elements.length === 0) return;
  let chosen: ForwardedElement | undefined;
  let client: ForwardedNode | undefined;
  for (let i = elements.length - 1; i >= 0; i--) {
    const element = elements[i]!;
    chosen = element;
    client = undefined;
    if (element.for === undefined) break; // who this proxy's client was is not known
    const node = parseForwardedNode(element.for);
    if (node === undefined) return;
    client = node;
    if (node.kind !== "ip" || !trusted.contains(node.name)) break;
  }
  if (chosen === undefined) return;
  if (client !== undefined) setClient(environ, client);
  if (chosen.proto !== undefined) applyProto(environ, chosen.proto);
  if (chosen.host !== undefined) applyHost(environ, chosen.host);
}

function setClient(environ: Environ, client: ForwardedNode): void {
  environ.REMOTE_ADDR = client.name;
  if (client.port !== undefined && client.port.charCodeAt(0) !== 0x5f /* _ */) {
    environ.REMOTE_PORT = client.port;
  } else {
    delete environ.REMOTE_PORT;
  }
}

function applyProto(environ: Environ, value: string): void {
  const scheme = value.trim().toLowerCase();
  if (scheme === "http" || scheme === "https") environ["tsgi.url_scheme"] = scheme;
}

function applyHost(environ: Environ, value: string): void {
  const host = parseHostAndPort(value.trim());
  if (host === undefined) return;
  environ.HTTP_HOST = value.trim();
  environ.SERVER_NAME = host.name;
  environ.SERVER_PORT = host.port ?? (environ["tsgi.url_scheme"] === "https" ? "443" : "80");
}

function lastListItem(header: string): string {
  const comma = header.lastIndexOf(",");
  return comma === -1 ? header : header.slice(comma + 1);
}
