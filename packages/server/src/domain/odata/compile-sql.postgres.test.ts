import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFilter } from './compile-sql.ts';
import { matchesFilter } from './evaluate.ts';
import { parseFilter } from './filter-parser.ts';
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

  it('on nested lambdas', async () => {
    await client.query('CREATE TEMP TABLE odata_nested (id integer PRIMARY KEY, doc jsonb NOT NULL)');
    const rows = [
      { id: 1, evidence: [{ roles: ['attacker'] }, { roles: null }] },
      { id: 2, evidence: [{ roles: ['victim'] }] },
      { id: 3, evidence: [{ roles: 'attacker' }] },
    ];
    for (const row of rows) await client.query('INSERT INTO odata_nested VALUES ($1, $2)', [row.id, JSON.stringify(row)]);
    for (const text of ["evidence/any(e: e/roles/any(r: r eq 'attacker'))", "evidence/all(e: e/roles/all(r: r ne 'attacker'))"]) {
      const ast = parseFilter(text);
      const { sql, params } = compileFilter(ast, { properties: { evidence: { collection: 'evidence' } } }, 'postgres');
      const result = await client.query(`SELECT id FROM odata_nested WHERE ${sql} ORDER BY id`, params);
      expect(result.rows.map((r: { id: number }) => r.id)).toEqual(rows.filter((row) => matchesFilter(ast, row)).map((row) => row.id));
    }
  });

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
