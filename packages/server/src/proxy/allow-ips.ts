import { isIpv4Mapped, parseIp, parseIpv4, parseIpv6 } from "./ip.ts";

/**
 * Peers trusted by default to report the client through forwarding headers: loopback only,
 * as gunicorn's `forwarded_allow_ips` (a proxy on the same host).
 *
 * @example
 * parseForwardedAllowIps(DEFAULT_FORWARDED_ALLOW_IPS).contains("127.0.0.1"); // true
 */
export const DEFAULT_FORWARDED_ALLOW_IPS: readonly string[] = Object.freeze(["127.0.0.1", "::1"]);

/** A parsed `forwardedAllowIps`: which addresses are trusted proxies. */
export interface TrustedProxies {
  /** "*" was given: every peer is trusted. */
  readonly any: boolean;
  /** Nothing is trusted (an empty list): forwarding headers are never applied. */
  readonly none: boolean;
  /**
   * Whether `address` (IPv4, IPv6, IPv4-mapped IPv6, with or without a zone) is trusted.
   * Text that is not an IP address is never trusted, except with "*".
   */
  contains(address: string): boolean;
}

/**
 * Thrown by {@link parseForwardedAllowIps} for an entry that is not an IP, CIDR range or "*".
 *
 * @example
 * try {
 *   parseForwardedAllowIps("10.0.0.0/8, proxy.internal");
 * } catch (error) {
 *   if (error instanceof ForwardedAllowIpsError) console.error(error.code, error.entry);
 * }
 */
export class ForwardedAllowIpsError extends Error {
  readonly code = "TSGI_E_INVALID_FORWARDED_ALLOW_IPS";
  /** The entry that could not be read. */
  readonly entry: string;

  constructor(entry: string) {
    super(`forwardedAllowIps: ${JSON.stringify(entry)} is not an IP address, a CIDR range or "*"`);
    this.name = "ForwardedAllowIpsError";
    this.entry = entry;
  }
}

interface Range4 {
  base: number;
  mask: number;
}

interface Range6 {
  groups: Uint16Array;
  prefix: number;
}

/**
 * Reads `forwardedAllowIps`: IPv4 and IPv6 addresses, CIDR ranges ("10.0.0.0/8",
 * "fd00::/8") and "*" (trust every peer), as an array or one comma-separated string (the
 * `--forwarded-allow-ips` / `TSGI_FORWARDED_ALLOW_IPS` form). IPv4-mapped IPv6 entries count
 * as IPv4, so "127.0.0.1" also covers a dual-stack socket's "::ffff:127.0.0.1". Host bits
 * after the prefix are ignored ("10.1.2.3/8" is 10.0.0.0/8).
 *
 * @throws ForwardedAllowIpsError (code `TSGI_E_INVALID_FORWARDED_ALLOW_IPS`) for an entry
 * that is none of these, so a typo fails at start rather than trusting nothing silently.
 *
 * @example
 * const trusted = parseForwardedAllowIps("127.0.0.1, 10.0.0.0/8, fd00::/8");
 * trusted.contains("10.20.30.40"); // true
 * trusted.contains("192.0.2.1"); // false
 */
export function parseForwardedAllowIps(spec: string | readonly string[]): TrustedProxies {
  const entries = (typeof spec === "string" ? [spec] : spec)
    .flatMap((item) => item.split(","))
    .map((item) => item.trim())
    .filter((item) => item !== "");
  const exact = new Set<string>();
  const ranges4: Range4[] = [];
  const ranges6: Range6[] = [];
  let any = false;
  for (const entry of entries) {
    if (entry === "*") {
      any = true;
      continue;
    }
    const slash = entry.indexOf("/");
    const addressText = slash === -1 ? entry : entry.slice(0, slash);
    const prefixText = slash === -1 ? undefined : entry.slice(slash + 1);
    const v4 = parseIpv4(addressText);
    if (v4 !== -1) {
      const prefix = readPrefix(prefixText, 32, entry);
      if (prefix === 32) exact.add(addressText);
      ranges4.push(range4(v4, prefix));
      continue;
    }
    const groups = addressText.includes(":") ? parseIpv6(addressText) : undefined;
    if (groups === undefined) throw new ForwardedAllowIpsError(entry);
    const prefix = readPrefix(prefixText, 128, entry);
    if (isIpv4Mapped(groups) && prefix >= 96) {
      ranges4.push(range4(groups[6]! * 65536 + groups[7]!, prefix - 96));
    } else {
      if (prefix === 128) exact.add(addressText.toLowerCase());
      ranges6.push({ groups, prefix });
    }
  }
  const none = !any && ranges4.length === 0 && ranges6.length === 0;
  return {
    any,
    none,
    contains(address: string): boolean {
      if (any) return true;
      if (none) return false;
      // node reports canonical text, so the configured loopback entries match without parsing.
      if (exact.has(address)) return true;
      const parsed = parseIp(address);
      if (parsed === undefined) return false;
      if (parsed.version === 4) {
        const value = parsed.value;
        for (const range of ranges4) {
          if ((value & range.mask) >>> 0 === range.base) return true;
        }
        return false;
      }
      for (const range of ranges6) {
        if (inRange6(parsed.groups, range)) return true;
      }
      return false;
    },
  };
}

function readPrefix(text: string | undefined, max: number, entry: string): number {
  if (text === undefined) return max;
  if (!/^\d{1,3}$/.test(text)) throw new ForwardedAllowIpsError(entry);
  const prefix = Number(text);
  if (prefix > max) throw new ForwardedAllowIpsError(entry);
  return prefix;
}

function range4(value: number, prefix: number): Range4 {
  // `-1 << 32` is -1 in JavaScript (shift counts wrap), hence the special case for /0.
  const mask = prefix === 0 ? 0 : (-1 << (32 - prefix)) >>> 0;
  return { base: (value & mask) >>> 0, mask };
}

function inRange6(groups: Uint16Array, range: Range6): boolean {
  let bits = range.prefix;
  for (let i = 0; i < 8 && bits > 0; i++) {
    const take = Math.min(bits, 16);
    const mask = (0xffff << (16 - take)) & 0xffff;
    if ((groups[i]! & mask) !== (range.groups[i]! & mask)) return false;
    bits -= take;
  }
  return true;
}
