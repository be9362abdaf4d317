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

export interface NormalizationReport {
  /** How many documents were rewritten. */
  normalized: number;
  unnormalized: UnnormalizedIndicator[];
}

/**
 * The indicator with its observable value normalized, or as it was with the reason when its value
 * no longer validates or now reads as another observable than its stored key.
 */
export function normalizeStored(indicator: StoredIndicator): { indicator: StoredIndicator; problem?: string } {
  try {
    const { indicator: normalized, observable } = withNormalizedObservable(indicator, '');
    if (observable.key !== indicator.key) return { indicator, problem: `its observable now reads as '${observable.key}', not its stored key` };
    return { indicator: normalized };
  } catch (err) {
    return { indicator, problem: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Rewrites, in the caller's transaction, every `ti_indicators` document whose observable value is
 * not in normalized form. Rows that cannot be normalized stay as they were and are reported.
 */
export function normalizeStoredIndicators(db: Database.Database): NormalizationReport {
  const rows = db.prepare('SELECT id, observable_key AS key, doc FROM ti_indicators ORDER BY id').all() as Array<{ id: string; key: string; doc: string }>;
  const update = db.prepare('UPDATE ti_indicators SET doc = ? WHERE id = ?');
  const report: NormalizationReport = { normalized: 0, unnormalized: [] };
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
    const doc = JSON.stringify(indicator);
    if (doc !== row.doc) {
      update.run(doc, row.id);
      report.normalized += 1;
    }
  }
  return report;
}
