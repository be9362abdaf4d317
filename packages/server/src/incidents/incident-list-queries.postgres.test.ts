import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';
import { openPostgresSecurityStore } from '../store/postgres-security-store.ts';
import type { TestApp } from '../app/test-app.ts';
import { expectListReadsConstant, incidentListApp } from './incident-list.test-support.ts';

// Local PostgreSQL (trust auth), a schema of this file's own, dropped after.
const connection = process.env.RIPOSTE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `riposte_t_${randomBytes(5).toString('hex')}`;

describe('GET /api/incidents on PostgreSQL', () => {
  let t: TestApp | undefined;
  afterAll(async () => {
    await t?.close();
    const admin = new pg.Client({ connectionString: connection });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('reads a page of incidents in the same number of queries for 3 incidents as for 20, showing each as one-by-one reads do', async () => {
    const store = await openPostgresSecurityStore({ connection, schema });
    // Reads outside a transaction go through the pool: count what it is asked.
    let queries = 0;
    const query = store.pool.query.bind(store.pool);
    store.pool.query = ((...args: Parameters<typeof query>) => (queries++, query(...args))) as typeof store.pool.query;
    t = await incidentListApp(store);
    await expectListReadsConstant(t, () => queries);
  });
});
