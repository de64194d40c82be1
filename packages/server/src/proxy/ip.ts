// IP address parsing for the proxy rules: no node:net, so the rules stay pure and testable
// from tables, and no allocation for IPv4, the common case on the per-request path.

/** An IPv4 address as an unsigned 32-bit number, or an IPv6 address as eight 16-bit groups. */
export type ParsedIp =
  | { readonly version: 4; readonly value: number }
  | { readonly version: 6; readonly groups: Uint16Array };

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/**
 * Parses dotted-quad IPv4 ("192.0.2.1") into an unsigned 32-bit number; -1 when it is not one.
 * Leading zeros ("010.0.0.1") are refused: some stacks read them as octal, so they are ambiguous.
 *
 * @example
 * parseIpv4("127.0.0.1"); // 2130706433
 * parseIpv4("localhost"); // -1
 */
export function parseIpv4(text: string, start = 0, end = text.length): number {
  let value = 0;
  let parts = 0;
  let i = start;
  while (parts < 4) {
    const partStart = i;
    let part = 0;
    while (i < end) {
      const code = text.charCodeAt(i);
      if (code < DIGIT_0 || code > DIGIT_9) break;
      part = part * 10 + (code - DIGIT_0);
      i++;
    }
    const digits = i - partStart;
    if (digits === 0 || digits > 3 || part > 255) return -1;
    if (digits > 1 && text.charCodeAt(partStart) === DIGIT_0) return -1;
    value = value * 256 + part;
    parts++;
    if (parts < 4) {
      if (text.charCodeAt(i) !== 0x2e /* . */) return -1;
      i++;
    }
  }
  return i === end ? value : -1;
}

/**
 * Parses IPv6 text (RFC 4291 §2.2: "::" compression, a trailing dotted IPv4, and an optional
 * "%zone", which is ignored) into eight groups; undefined when it is not IPv6.
 *
 * @example
 * parseIpv6("::1"); // Uint16Array [0, 0, 0, 0, 0, 0, 0, 1]
 * parseIpv6("::ffff:192.0.2.1")?.[5]; // 0xffff
 */
export function parseIpv6(input: string): Uint16Array | undefined {
  const zone = input.indexOf("%");
  const text = zone === -1 ? input : input.slice(0, zone);
  if (text.length < 2) return undefined;
  const groups = new Uint16Array(8);
  const head: number[] = [];
  const tail: number[] = [];
  let target = head;
  let compressed = false;
  let i = 0;
  if (text.startsWith("::")) {
    compressed = true;
    target = tail;
    i = 2;
    if (text.length === 2) return groups;
  }
  while (i < text.length) {
    const colon = text.indexOf(":", i);
    const end = colon === -1 ? text.length : colon;
    const piece = text.slice(i, end);
    if (colon === -1 && piece.includes(".")) {
      // A trailing IPv4 fills the last two groups.
      const v4 = parseIpv4(piece);
      if (v4 === -1) return undefined;
      target.push(Math.floor(v4 / 65536), v4 % 65536);
      i = end;
      break;
    }
    if (!/^[0-9A-Fa-f]{1,4}$/.test(piece)) return undefined;
    target.push(parseInt(piece, 16));
    if (colon === -1) {
      i = end;
      break;
    }
    if (text.charCodeAt(colon + 1) === 0x3a /* : */) {
      if (compressed) return undefined; // "::" at most once
      compressed = true;
      target = tail;
      i = colon + 2;
      if (i === text.length) break;
    } else {
      i = colon + 1;
      if (i === text.length) return undefined; // a trailing single ":"
    }
  }
  const count = head.length + tail.length;
  if (compressed ? count > 7 : count !== 8) return undefined;
  groups.set(head, 0);
  groups.set(tail, 8 - tail.length);
  return groups;
}

/**
 * Parses an IPv4 or IPv6 address. An IPv4-mapped IPv6 address ("::ffff:127.0.0.1", what a
 * dual-stack socket reports for an IPv4 client) comes back as IPv4, so one rule covers both.
 *
 * @example
 * parseIp("::ffff:127.0.0.1"); // { version: 4, value: 2130706433 }
 * parseIp("2001:db8::1")?.version; // 6
 */
export function parseIp(text: string): ParsedIp | undefined {
  if (!text.includes(":")) {
    const value = parseIpv4(text);
    return value === -1 ? undefined : { version: 4, value };
  }
  const groups = parseIpv6(text);
  if (groups === undefined) return undefined;
  if (isIpv4Mapped(groups)) return { version: 4, value: groups[6]! * 65536 + groups[7]! };
  return { version: 6, groups };
}

/** True for ::ffff:a.b.c.d. */
export function isIpv4Mapped(groups: Uint16Array): boolean {
  return (
    groups[0] === 0 &&
    groups[1] === 0 &&
    groups[2] === 0 &&
    groups[3] === 0 &&
    groups[4] === 0 &&
    groups[5] === 0xffff
  );
}
