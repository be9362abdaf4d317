/**
 * STIX 2.1 export: one `indicator` object per indicator, with a STIX pattern for its observable,
 * validity, labels and its TLP marking, in a bundle. Ids are UUIDv5 of the observable key, so the same
 * value keeps the same STIX id across exports and consumers can deduplicate.
 */
import { createHash } from 'node:crypto';
import type { Observable, TiIndicator } from './indicator.ts';

/** Namespace for Riposte's UUIDv5 STIX ids (a fixed random UUID). */
const RIPOSTE_STIX_NAMESPACE = '8f0c4f7e-2b51-4d8b-9a3e-6f1d2c7b9e10';

/** RFC 4122 version-5 UUID (SHA-1, name-based). */
export function uuidV5(name: string, namespace = RIPOSTE_STIX_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A STIX pattern string literal: quoted, with `\` and `'` escaped as the patterning grammar requires. */
export function stixString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const STIX_HASH_NAMES: Record<string, string> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  ctph: 'SSDEEP',
  lsHash: 'TLSH',
  authenticodeHash256: 'x-authenticode-sha256',
  unknown: 'x-unknown',
};

/** The STIX comparison expression for one observable, e.g. `[ipv4-addr:value = '198.51.100.7']`. */
export function stixPattern(observable: Pick<Observable, 'type' | 'value' | 'hashType'>): string {
  switch (observable.type) {
    case 'ipv4':
      return `[ipv4-addr:value = ${stixString(observable.value)}]`;
    case 'ipv6':
      return `[ipv6-addr:value = ${stixString(observable.value)}]`;
    case 'domain':
      return `[domain-name:value = ${stixString(observable.value)}]`;
    case 'url':
      return `[url:value = ${stixString(observable.value)}]`;
    case 'fileHash':
      return `[file:hashes.${stixString(STIX_HASH_NAMES[observable.hashType ?? 'unknown'] ?? 'x-unknown')} = ${stixString(observable.value)}]`;
  }
}

/** The predefined TLP 1.0 marking definitions of STIX 2.1 (fixed ids, section 7.2.1.4 of the spec). */
export const TLP_MARKINGS: Record<'white' | 'green' | 'amber' | 'red', { id: string; name: string }> = {
  white: { id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', name: 'TLP:WHITE' },
  green: { id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', name: 'TLP:GREEN' },
  amber: { id: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', name: 'TLP:AMBER' },
  red: { id: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', name: 'TLP:RED' },
};

export interface StixIndicator {
  type: 'indicator';
  spec_version: '2.1';
  id: string;
  created: string;
  modified: string;
  name: string;
  description?: string;
  indicator_types: string[];
  pattern: string;
  pattern_type: 'stix';
  valid_from: string;
  valid_until: string;
  labels: string[];
  confidence?: number;
  object_marking_refs?: string[];
  external_references?: Array<{ source_name: string; external_id: string }>;
}

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: Array<StixIndicator | Record<string, unknown>>;
}

// STIX timestamps: RFC 3339, UTC, millisecond precision.
function stixTime(value: string): string {
  return new Date(Date.parse(value)).toISOString();
}

const INDICATOR_TYPES: Record<string, string> = {
  Botnet: 'compromised',
  C2: 'malicious-activity',
  CryptoMining: 'malicious-activity',
  Darknet: 'anomalous-activity',
  DDoS: 'malicious-activity',
  MaliciousUrl: 'malicious-activity',
  Malware: 'malicious-activity',
  Phishing: 'malicious-activity',
  Proxy: 'anonymization',
  PUA: 'anomalous-activity',
  WatchList: 'unknown',
};

/** One indicator as a STIX 2.1 indicator object. */
export function toStixIndicator(indicator: TiIndicator, observable: Observable): StixIndicator {
  const created = stixTime(indicator.ingestedDateTime);
  const tlp = indicator.tlpLevel in TLP_MARKINGS ? TLP_MARKINGS[indicator.tlpLevel as keyof typeof TLP_MARKINGS] : undefined;
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${uuidV5(observable.key)}`,
    created,
    modified: stixTime(indicator.lastReportedDateTime),
    name: `${indicator.action} ${observable.type} ${observable.value}`.slice(0, 250),
    ...(indicator.description ? { description: indicator.description } : {}),
    indicator_types: [INDICATOR_TYPES[indicator.threatType] ?? 'unknown'],
    pattern: stixPattern(observable),
    pattern_type: 'stix',
    valid_from: created,
    valid_until: stixTime(indicator.expirationDateTime),
    labels: [indicator.action, indicator.threatType, ...(indicator.tags ?? [])],
    ...(indicator.confidence !== undefined ? { confidence: indicator.confidence } : {}),
    ...(tlp ? { object_marking_refs: [tlp.id] } : {}),
    ...(indicator.externalId ? { external_references: [{ source_name: indicator.targetProduct, external_id: indicator.externalId }] } : {}),
  };
}

/** A bundle of the given indicators with the TLP marking definitions they reference; the id follows the content. */
export function stixBundle(items: Array<{ indicator: TiIndicator; observable: Observable }>): StixBundle {
  const indicators = items.map(({ indicator, observable }) => toStixIndicator(indicator, observable));
  const markings = Object.entries(TLP_MARKINGS)
    .filter(([, m]) => indicators.some((i) => i.object_marking_refs?.includes(m.id)))
    .map(([tlp, m]) => ({ type: 'marking-definition', spec_version: '2.1', id: m.id, created: '2017-01-20T00:00:00.000Z', definition_type: 'tlp', name: m.name, definition: { tlp } }));
  const fingerprint = indicators.map((i) => `${i.id}@${i.modified}/${i.valid_until}`).join('\n');
  return { type: 'bundle', id: `bundle--${uuidV5(fingerprint)}`, objects: [...markings, ...indicators] };
}
