import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFilter } from './compile-sql.ts';
import { matchesFilter } from './evaluate.ts';
import { alertSchema, filterArbitrary, rowsArbitrary, type AlertRow } from './sql-fixture.test-support.ts';

// The local PostgreSQL of the development machine and CI; the suite is skipped where there is none.
const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', connectionTimeoutMillis: 2000 });
const available = await client.connect().then(
  () => true,
  () => false,
);

describe.runIf(available)('compileFilter (postgres) agrees with matchesFilter', () => {
  beforeAll(async () => {
    await client.query(
      'CREATE TEMP TABLE odata_alerts (id integer PRIMARY KEY, severity text, status text, risk double precision, created text, doc jsonb NOT NULL)',
    );
  });
  afterAll(async () => {
    await client.end();
  });

  async function load(rows: AlertRow[]): Promise<void> {
    await client.query('DELETE FROM odata_alerts');
    for (const row of rows) {
      await client.query('INSERT INTO odata_alerts VALUES ($1, $2, $3, $4, $5, $6)', [
        row.id, row.severity, row.status, row.riskScore, row.createdDateTime, JSON.stringify(row),
      ]);
    }
  }

  it('on generated filters and rows', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArbitrary, fc.array(filterArbitrary, { minLength: 1, maxLength: 4 }), async (rows, filters) => {
        await load(rows);
        for (const filter of filters) {
          const { sql, params } = compileFilter(filter, alertSchema, 'postgres');
          // Text columns sort by collation in postgres; the datetime column here is text, so compare as text.
          const result = await client.query(`SELECT id FROM odata_alerts WHERE ${sql.replaceAll('::timestamptz', '::text')} ORDER BY id`, params);
          const fromMemory = rows.filter((row) => matchesFilter(filter, row)).map((row) => row.id);
          expect(result.rows.map((r: { id: number }) => r.id)).toEqual(fromMemory);
        }
      }),
      { numRuns: 60 },
    );
  });
});

if (!available) await client.end().catch(() => undefined);
