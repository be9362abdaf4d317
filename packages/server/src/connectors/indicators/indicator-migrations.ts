/**
 * The schema of the `ti_indicators` table as ordered migrations, applied once per database and
 * recorded in `ti_indicators_migrations`. A migration is never edited once released.
 */
import type Database from 'better-sqlite3';
import { migrateTables, type TableMigration } from '../../store/sqlite-table-migrations.ts';
import { normalizeStoredIndicators, type NormalizationReport } from './stored-normalization.ts';

/** A step that rewrites data with code (SQL cannot canonicalize an IPv6 address); recorded like the others. */
export interface IndicatorDataMigration {
  version: number;
  name: string;
  apply(db: Database.Database): NormalizationReport;
}

// Migration 2, frozen with it (a later change is a new migration). The OData-queryable columns, derived from the JSON document by SQLite itself (virtual generated
// columns), so a column can never disagree with the document a client is shown, and adding one
// needs no backfill. [column, SQL type, JSON property of the stored indicator].
const v2DerivedColumns: ReadonlyArray<readonly [string, 'TEXT' | 'INTEGER', string]> = [
  ['threat_type', 'TEXT', 'threatType'],
  ['target_product', 'TEXT', 'targetProduct'],
  ['tlp_level', 'TEXT', 'tlpLevel'],
  ['last_reported_date_time', 'TEXT', 'lastReportedDateTime'],
  ['severity', 'INTEGER', 'severity'],
  ['confidence', 'INTEGER', 'confidence'],
  ['external_id', 'TEXT', 'externalId'],
  ['network_ipv4', 'TEXT', 'networkIPv4'],
  ['network_destination_ipv4', 'TEXT', 'networkDestinationIPv4'],
  ['network_source_ipv4', 'TEXT', 'networkSourceIPv4'],
  ['network_ipv6', 'TEXT', 'networkIPv6'],
  ['network_destination_ipv6', 'TEXT', 'networkDestinationIPv6'],
  ['network_source_ipv6', 'TEXT', 'networkSourceIPv6'],
  ['domain_name', 'TEXT', 'domainName'],
  ['url', 'TEXT', 'url'],
  ['file_hash_type', 'TEXT', 'fileHashType'],
  ['file_hash_value', 'TEXT', 'fileHashValue'],
];

// Enumerations are few-valued, so each index carries the default order (ingestion) too: a filter on
// one of them pages without a sort. Observables and ids are near-unique: a plain index finds them.
const v2EnumIndexes = ['action', 'threat_type', 'target_product', 'tlp_level'];
const v2PlainIndexes = [
  'ingested_date_time', 'last_reported_date_time', 'severity', 'confidence', 'external_id',
  'network_ipv4', 'network_destination_ipv4', 'network_source_ipv4', 'network_ipv6', 'network_destination_ipv6', 'network_source_ipv6',
  'domain_name', 'url', 'file_hash_value',
];

export const indicatorMigrations: ReadonlyArray<TableMigration | IndicatorDataMigration> = [
  {
    version: 1,
    name: 'ti_indicators',
    // The table as it was before migrations were recorded: files made then already have it.
    sql: `
      CREATE TABLE IF NOT EXISTS ti_indicators (
        id TEXT PRIMARY KEY,
        observable_key TEXT NOT NULL UNIQUE,
        action TEXT NOT NULL,
        expiration_date_time TEXT NOT NULL,
        is_active INTEGER NOT NULL,
        ingested_date_time TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ti_indicators_expiration ON ti_indicators (expiration_date_time);
    `,
  },
  {
    version: 2,
    name: 'queryable columns and their indexes',
    sql: [
      ...v2DerivedColumns.map(([column, type, property]) => `ALTER TABLE ti_indicators ADD COLUMN ${column} ${type} GENERATED ALWAYS AS (json_extract(doc, '$.${property}')) VIRTUAL;`),
      ...v2EnumIndexes.map((column) => `CREATE INDEX ti_indicators_${column}_ingested ON ti_indicators (${column}, ingested_date_time);`),
      ...v2PlainIndexes.map((column) => `CREATE INDEX ti_indicators_${column} ON ti_indicators (${column});`),
    ].join('\n'),
  },
  {
    version: 3,
    name: 'observable values normalized in the documents',
    // Older versions normalized only the key and stored the value as sent ('EVIL.example.'), so
    // $filter, reads and exports missed or showed it differently. Values that no longer validate stay.
    apply: normalizeStoredIndicators,
  },
  {
    version: 4,
    name: 'file hashes keep their case where it matters',
    // Versions before it lower-cased every file hash. Now only hex digests are (file-hash.ts): a TLSH
    // "t1" prefix becomes "T1" (value and key), a ctph hash still stored as sent gets the key of
    // its case, and a ctph hash stored lower-cased (its case lost) is reported, not changed.
    apply: (db) => normalizeStoredIndicators(db, { fileHashesOnly: true }),
  },
];

/** What opening found: the data migrations that ran now, and the indicators they had to leave as they were. */
export interface IndicatorMigrationReport {
  applied: Array<{ version: number; name: string; normalized: number }>;
  unnormalized: NormalizationReport['unnormalized'];
  caseLost: NormalizationReport['caseLost'];
}

/**
 * Creates or brings up to date the indicator table of a database, applying each migration once and
 * in order (SQL steps through the shared runner, data steps here, in the same record table).
 */
export function migrateIndicatorTables(db: Database.Database): IndicatorMigrationReport {
  const report: IndicatorMigrationReport = { applied: [], unnormalized: [], caseLost: [] };
  for (const migration of indicatorMigrations) {
    if ('sql' in migration) {
      migrateTables(db, 'ti_indicators', [migration]);
      continue;
    }
    // IMMEDIATE: a second process opening the file at once waits, then finds the step recorded.
    db.transaction(() => {
      const done = db.prepare('SELECT 1 FROM ti_indicators_migrations WHERE version = ?').get(migration.version);
      if (done) return;
      const result = migration.apply(db);
      db.prepare('INSERT INTO ti_indicators_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, new Date().toISOString());
      report.applied.push({ version: migration.version, name: migration.name, normalized: result.normalized });
      // Two data steps in one opening may find the same indicator: it is reported once.
      pushNew(report.unnormalized, result.unnormalized);
      pushNew(report.caseLost, result.caseLost);
    }).immediate();
  }
  return report;
}

/** Appends the items whose id `into` does not hold yet. */
function pushNew<T extends { id: string }>(into: T[], items: readonly T[]): void {
  const known = new Set(into.map((i) => i.id));
  for (const item of items) if (!known.has(item.id)) (known.add(item.id), into.push(item));
}
