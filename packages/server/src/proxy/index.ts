/**
 * Proxy awareness without I/O: which peers are trusted proxies, how `X-Forwarded-*` and
 * RFC 7239 `Forwarded` are read, and how they change an environ. Every server applies it
 * to each request; it is also usable on its own, e.g. in a middleware.
 *
 * @example
 * import { createProxyResolver } from "@tsgi/server";
 * const resolve = createProxyResolver(["127.0.0.1", "::1", "10.0.0.0/8"]);
 * const app = (environ, startResponse) => {
 *   resolve(environ, environ.REMOTE_ADDR);
 *   startResponse("200 OK", [["Content-Type", "text/plain"]]);
 *   return [new TextEncoder().encode(`client: ${environ.REMOTE_ADDR}\n`)];
 * };
 */
export { createProxyResolver, type ProxyResolver } from "./resolver.ts";
export {
  DEFAULT_FORWARDED_ALLOW_IPS,
  ForwardedAllowIpsError,
  parseForwardedAllowIps,
  type TrustedProxies,
} from "./allow-ips.ts";
export {
  parseForwarded,
  parseForwardedNode,
  parseHostAndPort,
  type ForwardedElement,
  type ForwardedNode,
  type HostAndPort,
} from "./forwarded.ts";
export { parseIp, type ParsedIp } from "./ip.ts";
