// Host validation as Django's HttpRequest.get_host does it: the Host header must name one of
// ALLOWED_HOSTS, or the request is refused with DisallowedHost (400). This is what stops
// cache-poisoning and password-reset links built from a forged Host.

const HOST_PATTERN = /^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::([0-9]+))?$/;

/**
 * Splits a Host value into a lower-cased domain and a port; `["", ""]` when it is not a
 * valid host (RFC 1034/1035 names or a bracketed IPv6 address). A trailing dot is dropped.
 *
 * @example
 * splitDomainPort("Example.org:8000"); // ["example.org", "8000"]
 * splitDomainPort("[::1]:80");         // ["[::1]", "80"]
 * splitDomainPort("bad host");          // ["", ""]
 */
export function splitDomainPort(host: string): [string, string] {
  const match = HOST_PATTERN.exec(host.toLowerCase());
  if (match === null) return ["", ""];
  const domain = match[1]!;
  return [domain.endsWith(".") ? domain.slice(0, -1) : domain, match[2] ?? ""];
}

/**
 * True when `host` (a domain without port) matches `pattern`: equal, or `pattern` starts with
 * a dot and `host` is that domain or a subdomain of it, or `pattern` is `*`.
 *
 * @example
 * isSameDomain("www.example.org", ".example.org"); // true
 * isSameDomain("example.org", ".example.org");     // true
 * isSameDomain("evilexample.org", ".example.org"); // false
 */
export function isSameDomain(host: string, pattern: string): boolean {
  if (pattern === "") return false;
  const wanted = pattern.toLowerCase();
  if (wanted === "*") return true;
  if (wanted.startsWith(".")) return host.endsWith(wanted) || host === wanted.slice(1);
  return host === wanted;
}

/**
 * True when `domain` matches one of `allowedHosts`.
 *
 * @example
 * validateHost("polls.example.org", [".example.org"]); // true
 */
export function validateHost(domain: string, allowedHosts: readonly string[]): boolean {
  return allowedHosts.some((pattern) => isSameDomain(domain, pattern));
}

/** What DEBUG allows when ALLOWED_HOSTS is empty (Django ≥ 3.2.x). */
export const DEBUG_ALLOWED_HOSTS: readonly string[] = [".localhost", "127.0.0.1", "[::1]"];
