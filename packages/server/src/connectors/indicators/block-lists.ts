/**
 * Plain-text block lists for firewalls and proxies (one value per line, as most of them fetch
 * external lists), built from the indicators in force.
 */
import { isActive, observableOf, type Observable, type TiIndicator } from './indicator.ts';
import { stixBundle, type StixBundle } from './stix.ts';
import { ConnectorError } from '../sdk/index.ts';

export const listTypes = ['ip', 'ipv4', 'ipv6', 'domain', 'url', 'hash', 'md5', 'sha1', 'sha256'] as const;
export type ListType = (typeof listTypes)[number];

function inList(type: ListType, o: Observable): boolean {
  switch (type) {
    case 'ip':
      return o.type === 'ipv4' || o.type === 'ipv6';
    case 'hash':
      return o.type === 'fileHash';
    case 'md5':
    case 'sha1':
    case 'sha256':
      return o.type === 'fileHash' && o.hashType === type;
    default:
      return o.type === type;
  }
}

/**
 * The blocked indicators in force at `now`, each with its observable. One stored by an older version
 * whose value no longer validates (reported when the store was migrated) is left out rather than
 * failing every list. Two stored indicators that now read as one observable (an older version keyed
 * it in another spelling, e.g. a TLSH "t1…" prefix) are exported once, as the newer decision: the
 * bundle never holds one STIX id twice.
 */
export function blocking(indicators: TiIndicator[], now: Date): Array<{ indicator: TiIndicator; observable: Observable }> {
  const byKey = new Map<string, { indicator: TiIndicator; observable: Observable }>();
  for (const indicator of indicators) {
    if (indicator.action !== 'block' || !isActive(indicator, now)) continue;
    let observable: Observable;
    try {
      observable = observableOf(indicator);
    } catch (err) {
      if (err instanceof ConnectorError) continue;
      throw err;
    }
    const seen = byKey.get(observable.key);
    if (seen === undefined || seen.indicator.lastReportedDateTime <= indicator.lastReportedDateTime) {
      // Delete first so the map keeps the order of the newest occurrence.
      byKey.delete(observable.key);
      byKey.set(observable.key, { indicator, observable });
    }
  }
  return [...byKey.values()];
}

/** One value per line (sorted, no duplicates, final newline): what is blocked at `now`. */
export function blockList(indicators: TiIndicator[], type: ListType, now: Date): string {
  const values = new Set(blocking(indicators, now).filter(({ observable }) => inList(type, observable)).map(({ observable }) => observable.value));
  const sorted = [...values].sort();
  return sorted.length ? `${sorted.join('\n')}\n` : '';
}

/** The STIX 2.1 bundle of what is blocked at `now`. */
export function blockBundle(indicators: TiIndicator[], now: Date): StixBundle {
  return stixBundle(blocking(indicators, now));
}
