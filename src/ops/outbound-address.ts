import { isIP } from 'node:net';

/**
 * Which addresses an admin-supplied URL may reach. Anything that is not a globally routable
 * unicast address is refused: an admin typing `http://169.254.169.254/` or `https://10.0.0.5/`
 * must not make Tessera read the cloud metadata service or the operator's private network.
 */
const BLOCKED_V4: [string, number][] = [
  ['0.0.0.0', 8], // "this network", unspecified (RFC 791, RFC 1122 §3.2.1.3)
  ['10.0.0.0', 8], // private (RFC 1918)
  ['100.64.0.0', 10], // carrier-grade NAT (RFC 6598)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, including 169.254.169.254 metadata (RFC 3927)
  ['172.16.0.0', 12], // private (RFC 1918)
  ['192.0.0.0', 24], // IETF protocol assignments (RFC 6890)
  ['192.0.2.0', 24], // documentation (RFC 5737)
  ['192.88.99.0', 24], // 6to4 relay anycast (RFC 7526)
  ['192.168.0.0', 16], // private (RFC 1918)
  ['198.18.0.0', 15], // benchmarking (RFC 2544)
  ['198.51.100.0', 24], // documentation (RFC 5737)
  ['203.0.113.0', 24], // documentation (RFC 5737)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255 broadcast
];

/** IPv6 prefixes as (first hextets, prefix bits). */
const BLOCKED_V6: [number[], number][] = [
  [[0xfc00], 7], // unique local (RFC 4193)
  [[0xfe80], 10], // link-local (RFC 4291 §2.5.6)
  [[0xfec0], 10], // site-local, deprecated (RFC 3879)
  [[0xff00], 8], // multicast
  [[0x2001, 0x0db8], 32], // documentation (RFC 3849)
  [[0x0100, 0, 0, 0], 64], // discard-only (RFC 6666)
  [[0x2001, 0x0000], 32], // Teredo: tunnels to an address we cannot see (RFC 4380)
  // Local-use NAT64 (RFC 8215 §3): the operator's own translator, which may map it to a private
  // IPv4 address; where in the address that IPv4 sits depends on the prefix length chosen.
  [[0x0064, 0xff9b, 0x0001], 48],
];

/** True when `address` (an IP literal) may be connected to under a no-private-networks policy. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return isPublicV4(address);
  if (family === 6) return isPublicV6(address);
  return false;
}

function isPublicV4(address: string): boolean {
  const value = v4ToNumber(address);
  return !BLOCKED_V4.some(([base, bits]) => {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return (value & mask) >>> 0 === (v4ToNumber(base) & mask) >>> 0;
  });
}

function isPublicV6(address: string): boolean {
  const hextets = expandV6(address);
  if (hextets.slice(0, 7).every((h) => h === 0)) return false; // :: and ::1
  // IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) reach an IPv4 host:
  // judge that host instead.
  const embedded = embeddedV4(hextets);
  if (embedded) return isPublicV4(embedded);
  return !BLOCKED_V6.some(([prefix, bits]) => matchesPrefix(hextets, prefix, bits));
}

function embeddedV4(h: number[]): string | null {
  const fromPair = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => h.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && h[5] === 0xffff) return fromPair(h[6]!, h[7]!);
  if (zeros(0, 6)) return fromPair(h[6]!, h[7]!); // IPv4-compatible, deprecated
  if (h[0] === 0x64 && h[1] === 0xff9b && zeros(2, 6)) return fromPair(h[6]!, h[7]!);
  if (h[0] === 0x2002) return fromPair(h[1]!, h[2]!);
  return null;
}

function matchesPrefix(hextets: number[], prefix: number[], bits: number): boolean {
  for (let i = 0; i * 16 < bits; i++) {
    const take = Math.min(16, bits - i * 16);
    const mask = (0xffff << (16 - take)) & 0xffff;
    if ((hextets[i]! & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

function v4ToNumber(address: string): number {
  return address.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
}

/** `::ffff:1.2.3.4`, `fe80::1%eth0` and the like → eight numbers. */
function expandV6(address: string): number[] {
  let text = address.split('%')[0]!.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v = v4ToNumber(dotted[1]!);
    text = text.slice(0, dotted.index) + `${(v >>> 16).toString(16)}:${(v & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((part) => parseInt(part, 16));
}
