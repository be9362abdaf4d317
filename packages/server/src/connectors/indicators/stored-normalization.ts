/**
 * Bringing indicators stored by older versions (which kept the observable as the caller sent it)
 * to the normalized form new submissions are stored in: once at migration, and for each before-state
 * that recovery puts back.
 */
import type Database from 'better-sqlite3';
import { withNormalizedObservable } from './indicator.ts';
import type { StoredIndicator } from './indicator-store.ts';

/** An indicator whose stored observable could not be normalized; it was left as it was. */
export interface UnnormalizedIndicator {
  id: string;
  key: string;
  /** Why, with the JSON pointer of the field (e.g. "/networkIPv6: '…' is not an IPv6 address"). */
  problem: string;
}

/** A ctph (ssdeep) indicator an older version stored in lower case: its original case is lost. */
export interface CaseLostIndicator {
  id: string;
  key: string;
}

export interface NormalizationReport {
  /** How many documents were rewritten. */
  normalized: number;
  unnormalized: UnnormalizedIndicator[];
  caseLost: CaseLostIndicator[];
}

/**
 * The indicator with its observable value normalized, or as it was with the reason when its value
 * no longer validates or now reads as another observable than its stored key. Versions before
 * file-hash.ts lower-cased every file hash in the key; where the value still has its case (a ctph
 * hash stored as sent, a TLSH "t1" prefix), the key follows the value: `key` is then the new key.
 */
export function normalizeStored(indicator: StoredIndicator): { indicator: StoredIndicator; problem?: string } {
  try {
    const { indicator: normalized, observable } = withNormalizedObservable(indicator, '');
    if (observable.key === indicator.key) return { indicator: normalized };
    if (observable.type === 'fileHash' && indicator.key === `fileHash:${observable.hashType}:${observable.value.toLowerCase()}`) return { indicator: { ...normalized, key: observable.key } };
    return { indicator, problem: `its observable now reads as '${observable.key}', not its stored key` };
  } catch (err) {
    return { indicator, problem: err instanceof Error ? err.message : String(err) };
  }
}

// Letters and none upper-case: what lower-casing leaves of a base64 ssdeep hash (a real one of any
// length is almost never so).
function lookLowerCased(indicator: StoredIndicator): boolean {
  const value = indicator.fileHashValue;
  return indicator.fileHashType === 'ctph' && typeof value === 'string' && /[a-z]/.test(value) && !/[A-Z]/.test(value);
}

/**
 * Rewrites, in the caller's transaction, every `ti_indicators` document whose observable value is
 * not in normalized form (and its key, where normalizeStored moved it). Rows that cannot be
 * normalized stay as they were and are reported, and so are ctph hashes that look lower-cased.
 * `fileHashesOnly`: only the indicators about a file hash.
 */
export function normalizeStoredIndicators(db: Database.Database, options: { fileHashesOnly?: boolean } = {}): NormalizationReport {
  const which = options.fileHashesOnly ? " WHERE observable_key LIKE 'fileHash:%'" : '';
  const rows = db.prepare(`SELECT id, observable_key AS key, doc FROM ti_indicators${which} ORDER BY id`).all() as Array<{ id: string; key: string; doc: string }>;
  const update = db.prepare('UPDATE ti_indicators SET doc = ?, observable_key = ? WHERE id = ?');
  const holder = db.prepare<[string], { id: string }>('SELECT id FROM ti_indicators WHERE observable_key = ?');
  const report: NormalizationReport = { normalized: 0, unnormalized: [], caseLost: [] };
  for (const row of rows) {
    let stored: StoredIndicator;
    try {
      stored = JSON.parse(row.doc) as StoredIndicator;
    } catch {
      report.unnormalized.push({ id: row.id, key: row.key, problem: 'its document is not JSON' });
      continue;
    }
    // The key column is what lookups use: the document agrees with it.
    const { indicator, problem } = normalizeStored({ ...stored, key: row.key });
    if (problem !== undefined) {
      report.unnormalized.push({ id: row.id, key: row.key, problem });
      continue;
    }
    if (indicator.key !== row.key) {
      const other = holder.get(indicator.key);
      if (other !== undefined && other.id !== row.id) {
        report.unnormalized.push({ id: row.id, key: row.key, problem: `its observable now reads as '${indicator.key}', which indicator ${other.id} holds` });
        continue;
      }
    }
    if (lookLowerCased(indicator)) report.caseLost.push({ id: row.id, key: indicator.key });
    const doc = JSON.stringify(indicator);
    if (doc !== row.doc || indicator.key !== row.key) {
      update.run(doc, indicator.key, row.id);
      report.normalized += 1;
    }
  }
  return report;
}
