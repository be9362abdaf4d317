/**
 * A threat-intelligence indicator, shaped as Microsoft Graph's tiIndicator (the body Sentinel
 * playbooks POST to /beta/security/tiIndicators), with the one observable it is about.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';
import { normalizeTimestamp } from '../../common/timestamp.ts';
import { ConnectorError } from '../sdk/index.ts';
import { normalizeFileHash } from './file-hash.ts';

export const indicatorActions = ['unknown', 'allow', 'block', 'alert'] as const;
export const tlpLevels = ['unknown', 'white', 'green', 'amber', 'red'] as const;
export const threatTypes = ['Botnet', 'C2', 'CryptoMining', 'Darknet', 'DDoS', 'MaliciousUrl', 'Malware', 'Phishing', 'Proxy', 'PUA', 'WatchList'] as const;
export const fileHashTypes = ['unknown', 'sha1', 'sha256', 'md5', 'authenticodeHash256', 'lsHash', 'ctph'] as const;

export type ObservableType = 'ipv4' | 'ipv6' | 'domain' | 'url' | 'fileHash';

/** What an indicator is about: its type and normalized value; `key` identifies it in the store. */
export interface Observable {
  type: ObservableType;
  value: string;
  /** For file hashes. */
  hashType?: (typeof fileHashTypes)[number];
  /** "<type>:<value>" (file hashes: "fileHash:<hashType>:<value>"); the resource id in the change ledger. */
  key: string;
}

// Graph accepts its enum values case-insensitively on input; we store its canonical spelling.
function caseInsensitiveEnum<const T extends readonly string[]>(values: T) {
  return z.string().transform((v, ctx) => {
    const found = values.find((x) => x.toLowerCase() === v.toLowerCase());
    if (found === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected one of ${values.join(', ')}` });
      return z.NEVER;
    }
    return found as T[number];
  });
}

const timestamp = z.string().transform((v, ctx) => {
  const normalized = normalizeTimestamp(v);
  if (normalized === undefined) {
    ctx.addIssue({ code: 'custom', message: 'expected an ISO 8601 date-time such as 2026-12-01T00:00:00Z' });
    return z.NEVER;
  }
  return normalized;
});

/** The body of a create request. Graph requires threatType and tlpLevel; playbooks often omit them. */
export const indicatorInputSchema = z
  .object({
    action: caseInsensitiveEnum(indicatorActions),
    // Graph documents at most 100 characters, yet its own create example sends 101: accept what Graph's clients send.
    description: z.string().max(4000).default(''),
    expirationDateTime: timestamp,
    targetProduct: z.string().min(1).default('Riposte'),
    threatType: caseInsensitiveEnum(threatTypes).default('WatchList'),
    tlpLevel: caseInsensitiveEnum(tlpLevels).default('amber'),
    confidence: z.number().int().min(0).max(100).optional(),
    severity: z.number().int().min(0).max(5).optional(),
    externalId: z.string().optional(),
    tags: z.array(z.string()).optional(),
    isActive: z.boolean().optional(),
    networkIPv4: z.string().optional(),
    networkDestinationIPv4: z.string().optional(),
    networkSourceIPv4: z.string().optional(),
    networkIPv6: z.string().optional(),
    networkDestinationIPv6: z.string().optional(),
    networkSourceIPv6: z.string().optional(),
    domainName: z.string().optional(),
    url: z.string().optional(),
    fileHashType: caseInsensitiveEnum(fileHashTypes).optional(),
    fileHashValue: z.string().optional(),
    // Stored in the fixed-width form so $filter compares them as instants (indicator-sql-schema.ts).
    fileCompileDateTime: timestamp.optional(),
    fileCreatedDateTime: timestamp.optional(),
  })
  .loose();

export type IndicatorInput = z.output<typeof indicatorInputSchema>;

/** A stored indicator: the Graph fields given, plus id and the times Graph adds. */
export type TiIndicator = IndicatorInput & {
  id: string;
  ingestedDateTime: string;
  lastReportedDateTime: string;
  /** Which playbook run or API caller put it there. */
  createdBy?: string;
};

const OBSERVABLE_FIELDS: Array<{ field: keyof IndicatorInput & string; type: ObservableType }> = [
  { field: 'networkIPv4', type: 'ipv4' },
  { field: 'networkDestinationIPv4', type: 'ipv4' },
  { field: 'networkSourceIPv4', type: 'ipv4' },
  { field: 'networkIPv6', type: 'ipv6' },
  { field: 'networkDestinationIPv6', type: 'ipv6' },
  { field: 'networkSourceIPv6', type: 'ipv6' },
  { field: 'domainName', type: 'domain' },
  { field: 'url', type: 'url' },
  { field: 'fileHashValue', type: 'fileHash' },
];

function invalid(field: string, message: string): never {
  throw new ConnectorError('InvalidInput', `${field || '/'}: ${message}`, { field });
}

/**
 * The single observable an indicator is about, validated and normalized (lower-case domain and
 * hexadecimal hash, canonical IPv6; a ctph hash keeps its case: file-hash.ts). `prefix` is the JSON pointer of the indicator in the request.
 */
export function observableOf(input: IndicatorInput, prefix = '/body'): Observable {
  return locateObservable(input, prefix).observable;
}

/**
 * The indicator with its observable field holding the normalized value (what is stored, filtered
 * on and exported), and that observable. Observable fields left blank are dropped, so the document
 * names exactly the one observable its key is about. Throws like observableOf.
 */
export function withNormalizedObservable<T extends IndicatorInput>(input: T, prefix = '/body'): { indicator: T; observable: Observable } {
  const { observable, field } = locateObservable(input, prefix);
  const indicator: Record<string, unknown> = { ...input };
  for (const { field: other } of OBSERVABLE_FIELDS) {
    if (other !== field && typeof indicator[other] === 'string' && (indicator[other] as string).trim() === '') delete indicator[other];
  }
  indicator[field] = observable.value;
  return { indicator: indicator as T, observable };
}

// Which field holds the observable, and its validated, normalized value.
function locateObservable(input: IndicatorInput, prefix: string): { field: string; observable: Observable } {
  const present = OBSERVABLE_FIELDS.filter(({ field }) => typeof input[field] === 'string' && (input[field] as string).trim() !== '');
  if (present.length === 0) {
    invalid(prefix, `an indicator needs one observable: ${OBSERVABLE_FIELDS.map((f) => f.field).join(', ')}`);
  }
  if (present.length > 1) {
    invalid(`${prefix}/${present[1]!.field}`, `an indicator has one observable; ${present.map((p) => p.field).join(' and ')} were both given`);
  }
  const { field, type } = present[0]!;
  return { field, observable: normalizedValue(input, type, (input[field] as string).trim(), `${prefix}/${field}`, prefix) };
}

function normalizedValue(input: IndicatorInput, type: ObservableType, raw: string, at: string, prefix: string): Observable {
  // Exported lists are one value per line: no observable may carry whitespace or control characters.
  if (/[\s\p{Cc}]/u.test(raw)) invalid(at, 'must not contain whitespace or control characters');
  switch (type) {
    case 'ipv4':
      if (!isIPv4(raw)) invalid(at, `'${raw}' is not an IPv4 address`);
      return { type, value: raw, key: `ipv4:${raw}` };
    case 'ipv6': {
      if (!isIPv6(raw)) invalid(at, `'${raw}' is not an IPv6 address`);
      // A zone ("fe80::1%eth0") names an interface of one host: it means nothing to a firewall list.
      if (raw.includes('%')) invalid(at, `'${raw}' has a zone index; give the address without it`);
      // The URL parser gives the canonical (compressed, lower-case) text of an IPv6 address.
      const value = new URL(`http://[${raw}]/`).hostname.slice(1, -1);
      return { type, value, key: `ipv6:${value}` };
    }
    case 'domain': {
      const value = raw.toLowerCase().replace(/\.$/, '');
      if (!/^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/.test(value)) {
        invalid(at, `'${raw}' is not a domain name`);
      }
      return { type, value, key: `domain:${value}` };
    }
    case 'url': {
      if (!URL.canParse(raw) || /\s/.test(raw)) invalid(at, `'${raw}' is not an absolute URL`);
      return { type, value: raw, key: `url:${raw}` };
    }
    case 'fileHash': {
      const hashType = input.fileHashType;
      if (hashType === undefined) invalid(`${prefix}/fileHashType`, `a file hash needs fileHashType (${fileHashTypes.join(', ')})`);
      const normalized = normalizeFileHash(hashType, raw);
      if ('problem' in normalized) invalid(at, normalized.problem);
      const { value } = normalized;
      return { type, value, hashType, key: `fileHash:${hashType}:${value}` };
    }
  }
}

/** Whether an indicator is in force at `now`: not deactivated and not yet expired. */
export function isActive(indicator: Pick<TiIndicator, 'expirationDateTime' | 'isActive'>, now: Date): boolean {
  return indicator.isActive !== false && Date.parse(indicator.expirationDateTime) > now.getTime();
}
