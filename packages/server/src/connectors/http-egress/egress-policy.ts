/**
 * Which outbound destinations Riposte may reach. By default every destination is allowed except
 * link-local and cloud metadata endpoints (the classic SSRF targets); loopback is allowed unless
 * switched off; an installation or a connection can add deny entries and restrict to allow lists.
 * Entries are CIDR ranges / addresses ("10.0.0.0/8", "fd00::/8") or host patterns ("example.com",
 * "*.example.com"). Decisions are made on resolved addresses, so a host name cannot smuggle a
 * refused address past the policy.
 */
import { ConnectorError } from '../sdk/connector-error.ts';
import { cidrContains, EgressPolicyError, embeddedIpv4, formatIp, parseCidr, parseIp, type CidrRange, type IpAddress } from './ip-address.ts';

/** The policy as configured (installation settings, or `egress` in a connection's settings). */
export interface EgressPolicyInput {
  /** Loopback (127.0.0.0/8, ::1, 0.0.0.0/8, ::); allowed unless false. */
  allowLoopback?: boolean;
  /** Ranges and host patterns to refuse, on top of the built-in link-local/metadata entries. */
  deny?: string[];
  /** When given and non-empty, only these ranges and hosts may be reached. */
  allow?: string[];
  /** Redirects followed per request (default 5); each hop is checked again. */
  maxRedirects?: number;
}

type Rule = { kind: 'range'; range: CidrRange; text: string; why: string } | { kind: 'host'; suffix: string; wildcard: boolean; text: string; why: string };

/** A checked, compiled policy. */
export interface EgressPolicy {
  readonly allowLoopback: boolean;
  readonly deny: readonly Rule[];
  /** Each layer (installation, connection) that is present must match. */
  readonly allowLayers: ReadonlyArray<readonly Rule[]>;
  readonly maxRedirects: number;
}

const METADATA = 'link-local / cloud metadata';

/** Refused whatever the configuration says. */
export const BUILT_IN_DENY: ReadonlyArray<{ entry: string; why: string }> = [
  { entry: '169.254.0.0/16', why: METADATA }, // IPv4 link-local: 169.254.169.254 (AWS/Azure/GCP/OCI), 169.254.170.2 (ECS)
  { entry: 'fe80::/10', why: METADATA }, // IPv6 link-local
  { entry: 'fd00:ec2::254', why: METADATA }, // AWS IMDS over IPv6
  { entry: '100.100.100.200', why: METADATA }, // Alibaba Cloud metadata
  { entry: 'metadata.google.internal', why: METADATA },
  { entry: 'metadata.goog', why: METADATA },
  { entry: 'metadata', why: METADATA },
  { entry: 'instance-data', why: METADATA },
  { entry: 'instance-data.ec2.internal', why: METADATA },
];

const LOOPBACK = ['127.0.0.0/8', '::1', '0.0.0.0/8', '::'].map((e) => parseCidr(e));

const HOST_PATTERN = /^(\*\.)?([a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

/** Parses one entry; a bad entry fails naming its field. */
export function parseEgressEntry(entry: string, field: string, why = 'on the deny list'): Rule {
  if (typeof entry !== 'string') throw new EgressPolicyError(`${field}: expected a string`, field);
  const text = entry.trim().toLowerCase();
  if (/^[0-9a-f:.[\]]+(\/\d*)?$/.test(text) && (text.includes(':') || /^[0-9./]+$/.test(text))) {
    try {
      return { kind: 'range', range: parseCidr(text.replace(/^\[|\](?=\/|$)/g, ''), field), text, why };
    } catch (err) {
      if (err instanceof EgressPolicyError) throw new EgressPolicyError(`${field}: ${err.message}`, field);
      throw err;
    }
  }
  const host = text.replace(/\.$/, '');
  if (!HOST_PATTERN.test(host) || host.length > 253) {
    throw new EgressPolicyError(`${field}: '${entry.slice(0, 60)}' is neither a CIDR range nor a host pattern ("example.com", "*.example.com")`, field);
  }
  const wildcard = host.startsWith('*.');
  return { kind: 'host', suffix: wildcard ? host.slice(1) : host, wildcard, text, why };
}

/** Compiles a policy; errors name the field under `fieldPrefix` (e.g. "/connection/settings/egress"). */
export function compileEgressPolicy(input: EgressPolicyInput = {}, fieldPrefix = '/egress'): EgressPolicy {
  const deny = [
    ...BUILT_IN_DENY.map((d, i) => parseEgressEntry(d.entry, `built-in/${i}`, d.why)),
    ...(input.deny ?? []).map((e, i) => parseEgressEntry(e, `${fieldPrefix}/deny/${i}`)),
  ];
  const allow = (input.allow ?? []).map((e, i) => parseEgressEntry(e, `${fieldPrefix}/allow/${i}`, 'allowed'));
  const maxRedirects = input.maxRedirects ?? 5;
  if (!Number.isInteger(maxRedirects) || maxRedirects < 0 || maxRedirects > 20) throw new EgressPolicyError(`${fieldPrefix}/maxRedirects: expected an integer 0-20`, `${fieldPrefix}/maxRedirects`);
  return { allowLoopback: input.allowLoopback ?? true, deny, allowLayers: allow.length ? [allow] : [], maxRedirects };
}

/** The installation default: built-in refusals only, loopback allowed. */
export const defaultEgressPolicy: EgressPolicy = compileEgressPolicy();

/**
 * A connection's own entries on top of a base policy. A connection can only narrow: its deny entries
 * add up, its allow list is one more layer that must match, and it cannot re-allow loopback.
 */
export function narrowEgressPolicy(base: EgressPolicy, input: EgressPolicyInput | undefined, fieldPrefix = '/connection/settings/egress'): EgressPolicy {
  if (!input) return base;
  const own = compileEgressPolicy(input, fieldPrefix);
  return {
    allowLoopback: base.allowLoopback && own.allowLoopback,
    deny: [...base.deny, ...own.deny.slice(BUILT_IN_DENY.length)],
    allowLayers: [...base.allowLayers, ...own.allowLayers],
    maxRedirects: Math.min(base.maxRedirects, input.maxRedirects ?? base.maxRedirects),
  };
}

/** A destination the policy refuses; answered as 403 EgressRefused. */
export class EgressRefusedError extends ConnectorError {
  override name = 'EgressRefusedError';
  constructor(
    readonly host: string,
    readonly address: string | undefined,
    readonly reason: string,
  ) {
    super('EgressRefused', `egress to ${host}${address && address !== host ? ` (${address})` : ''} refused: ${reason}`);
  }
}

/** The host of a URL as the policy compares it: lower-case, no brackets, no trailing dot. */
export function normalizeHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

function hostMatches(rule: Rule & { kind: 'host' }, host: string): boolean {
  return rule.wildcard ? host.endsWith(rule.suffix) && host.length > rule.suffix.length : host === rule.suffix;
}

/**
 * Checks a host before it is resolved: host-pattern denials, and the whole check when the host is an
 * IP literal (literals are never looked up, so this is their only check).
 */
export function checkHost(hostname: string, policy: EgressPolicy): void {
  const host = normalizeHost(hostname);
  const literal = parseIp(host);
  if (literal) return checkAddress(host, literal, policy);
  for (const rule of policy.deny) if (rule.kind === 'host' && hostMatches(rule, host)) throw new EgressRefusedError(host, undefined, `${rule.text} is ${rule.why}`);
}

/** Checks one resolved address of a host (also the IPv4 address inside a mapped/NAT64 IPv6 one). */
export function checkAddress(hostname: string, address: IpAddress | string, policy: EgressPolicy): void {
  const host = normalizeHost(hostname);
  const ip = typeof address === 'string' ? parseIp(address) : address;
  if (!ip) throw new EgressRefusedError(host, String(address), 'the resolver returned something that is not an IP address');
  const text = formatIp(ip);
  const forms = [ip, embeddedIpv4(ip)].filter((x): x is IpAddress => x !== undefined);
  for (const form of forms) {
    for (const rule of policy.deny) {
      if (rule.kind === 'range' && cidrContains(rule.range, form)) throw new EgressRefusedError(host, text, `${formatIp(form)} is in ${rule.text} (${rule.why})`);
    }
    if (!policy.allowLoopback && LOOPBACK.some((r) => cidrContains(r, form))) throw new EgressRefusedError(host, text, `${formatIp(form)} is loopback, which this policy refuses`);
  }
  for (const layer of policy.allowLayers) {
    const ok = layer.some((rule) => (rule.kind === 'host' ? hostMatches(rule, host) : forms.some((f) => cidrContains(rule.range, f))));
    if (!ok) throw new EgressRefusedError(host, text, 'not on the allow list');
  }
}
