/**
 * IP addresses and CIDR ranges as bytes, for the egress policy. Parsing is strict (dotted-quad IPv4,
 * RFC 4291 IPv6 text with an optional embedded IPv4 tail and zone id) and never throws anything but
 * EgressPolicyError.
 */
import { ConnectorError } from '../sdk/connector-error.ts';

export interface IpAddress {
  family: 4 | 6;
  bytes: Uint8Array;
}

export interface CidrRange extends IpAddress {
  prefix: number;
}

/** A policy entry that is not a valid address, range or host pattern. */
export class EgressPolicyError extends ConnectorError {
  override name = 'EgressPolicyError';
  constructor(message: string, field?: string) {
    super('InvalidConnection', message, field !== undefined ? { field } : {});
  }
}

/** Parses an IPv4 or IPv6 address (brackets and a zone id allowed); undefined when it is not one. */
export function parseIp(text: string): IpAddress | undefined {
  let t = text;
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  const zone = t.indexOf('%');
  if (zone >= 0) {
    // Only IPv6 link-local text carries a zone id ("fe80::1%eth0").
    if (!t.slice(0, zone).includes(':') || zone === t.length - 1) return undefined;
    t = t.slice(0, zone);
  }
  if (t.length > 45) return undefined;
  const v4 = parseIpv4(t);
  if (v4) return { family: 4, bytes: v4 };
  const v6 = parseIpv6(t);
  return v6 ? { family: 6, bytes: v6 } : undefined;
}

function parseIpv4(t: string): Uint8Array | undefined {
  const parts = t.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    // Leading zeros are refused: some resolvers read "010" as octal, others as decimal.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

function parseIpv6(t: string): Uint8Array | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(t)) return undefined;
  const halves = t.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIpv4(p);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
        out.push(parseInt(p, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  // A dotted tail is only allowed at the very end.
  if (halves.length === 2 && halves[0].includes('.')) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}

/** Parses "a.b.c.d/n", "x::/n" or a single address (a /32 or /128 range). */
export function parseCidr(text: string, field?: string): CidrRange {
  const slash = text.indexOf('/');
  const addrText = slash >= 0 ? text.slice(0, slash) : text;
  const ip = parseIp(addrText);
  if (!ip || addrText.includes('%')) throw new EgressPolicyError(`'${clip(text)}' is not an IP address or CIDR range (e.g. "10.0.0.0/8", "fd00::/8")`, field);
  const max = ip.family === 4 ? 32 : 128;
  let prefix = max;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > max) throw new EgressPolicyError(`'${clip(text)}': the prefix length must be 0-${max}`, field);
    prefix = Number(p);
  }
  return { ...ip, bytes: masked(ip.bytes, prefix), prefix };
}

function masked(bytes: Uint8Array, prefix: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = 0; i < out.length; i++) {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    out[i] &= bits === 0 ? 0 : (0xff << (8 - bits)) & 0xff;
  }
  return out;
}

/** Whether the range holds the address (same family only; see embeddedIpv4 for mapped forms). */
export function cidrContains(range: CidrRange, ip: IpAddress): boolean {
  if (range.family !== ip.family) return false;
  const m = masked(ip.bytes, range.prefix);
  for (let i = 0; i < m.length; i++) if (m[i] !== range.bytes[i]) return false;
  return true;
}

const MAPPED = parseCidr('::ffff:0:0/96');
const NAT64 = parseCidr('64:ff9b::/96');
const COMPATIBLE = parseCidr('::/96');

/**
 * The IPv4 address an IPv6 address carries (IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d,
 * deprecated IPv4-compatible ::a.b.c.d): traffic to it reaches that IPv4 host.
 */
export function embeddedIpv4(ip: IpAddress): IpAddress | undefined {
  if (ip.family !== 6) return undefined;
  const isCompat = cidrContains(COMPATIBLE, ip) && !(ip.bytes.slice(12).every((b) => b === 0) || (ip.bytes.slice(12, 15).every((b) => b === 0) && ip.bytes[15] === 1));
  if (cidrContains(MAPPED, ip) || cidrContains(NAT64, ip) || isCompat) return { family: 4, bytes: ip.bytes.slice(12) };
  return undefined;
}

/** Canonical text: dotted quad, or RFC 5952 IPv6 (longest zero run compressed, lower-case). */
export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) return [...ip.bytes].join('.');
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((ip.bytes[i] << 8) | ip.bytes[i + 1]);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(g);
  return `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

function clip(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}
