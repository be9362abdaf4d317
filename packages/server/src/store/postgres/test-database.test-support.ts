import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

/** The test server (CI starts it; locally: trust auth on 127.0.0.1). */
export const testConnection = process.env.RIPOSTE_TEST_PG ?? process.env.RIPOSTE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A schema of its own for one test file (so parallel files never collide), dropped after the file.
 * When PostgreSQL is not reachable the file fails with a message saying so — never skips.
 */
export function testSchema(): string {
  const schema = `riposte_test_${randomBytes(5).toString('hex')}`;
  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: testConnection, connectionTimeoutMillis: 5_000 });
    try {
      await admin.connect();
    } catch (err) {
      throw new Error(`PostgreSQL is not reachable at ${testConnection} (${(err as Error).message}); start it or set RIPOSTE_TEST_PG — these tests do not skip`);
    }
    await admin.end();
  });
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: testConnection });
    await admin.connect().catch(() => undefined);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  });
  return schema;
}
