import type Database from 'better-sqlite3';
import type { StoredIndicator } from './indicator-store.ts';

/**
 * An indicator document as an earlier version stored it, for migration tests: `fields` (the
 * observable, and whatever the test needs different) over a blocking C2 indicator reported once.
 */
export function oldIndicator(id: string, key: string, fields: Partial<StoredIndicator> & Record<string, unknown>): StoredIndicator {
  return {
    id,
    key,
    action: 'block',
    description: '',
    expirationDateTime: '2099-01-01T00:00:00.0000000Z',
    targetProduct: 'Riposte',
    threatType: 'C2',
    tlpLevel: 'amber',
    ingestedDateTime: '2026-01-01T00:00:00.0000000Z',
    lastReportedDateTime: '2026-01-01T00:00:00.0000000Z',
    ...fields,
  } as StoredIndicator;
}

/** Writes indicator rows straight into `ti_indicators`, as an earlier version left them. */
export function insertOldIndicators(db: Database.Database, indicators: readonly StoredIndicator[]): void {
  const row = db.prepare('INSERT INTO ti_indicators (id, observable_key, action, expiration_date_time, is_active, ingested_date_time, doc) VALUES (?, ?, ?, ?, 1, ?, ?)');
  for (const i of indicators) row.run(i.id, i.key, i.action, i.expirationDateTime, i.ingestedDateTime, JSON.stringify(i));
}
