import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../app/test-app.ts';
import { securityStoreConformance } from './security-store-conformance.ts';
import { openPostgresSecurityStore } from './postgres-security-store.ts';

// Local PostgreSQL (trust auth). One schema for this file, emptied before each test, dropped after.
const connection = process.env.RIPOSTE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `riposte_t_${randomBytes(5).toString('hex')}`;

securityStoreConformance('postgres', async () => {
  const store = await openPostgresSecurityStore({ connection, schema });
  await store.pool.query(
    `TRUNCATE alerts, incidents, correlation_keys, incident_comments, incident_tasks, incident_timeline, assessments, api_keys, audit_log RESTART IDENTITY CASCADE;
     ALTER SEQUENCE incident_numbers RESTART`,
  );
  return store;
});

afterAll(async () => {
  const admin = new pg.Client({ connectionString: connection });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
});

describe('the HTTP API on PostgreSQL', () => {
  it('ingests a batch idempotently and correlates it into incidents', async () => {
    const store = await openPostgresSecurityStore({ connection, schema });
    await store.pool.query('TRUNCATE alerts, incidents, correlation_keys, incident_timeline, audit_log, api_keys RESTART IDENTITY CASCADE');
    const t = await buildTestApp({ store });
    try {
      const batch = [
        { title: 'Beacon', serviceSource: 's', providerAlertId: '1', detectorId: 'c2', severity: 'low' },
        { title: 'Beacon again', serviceSource: 's', providerAlertId: '2', detectorId: 'c2', severity: 'high' },
      ];
      const first = await t.app.inject({ method: 'POST', url: '/api/alerts', headers: t.as('admin'), payload: batch });
      expect(first.statusCode).toBe(201);
      const again = await t.app.inject({ method: 'POST', url: '/api/alerts', headers: t.as('admin'), payload: batch });
      expect(again.json().map((a: { id: string }) => a.id)).toEqual(first.json().map((a: { id: string }) => a.id));
      const incidents = (await t.app.inject({ method: 'GET', url: '/api/incidents?count=true', headers: t.as('reader') })).json();
      expect(incidents.count).toBe(1);
      expect(incidents.value[0]).toMatchObject({ number: 1, severity: 'High' });
    } finally {
      await t.close();
    }
  });
});
