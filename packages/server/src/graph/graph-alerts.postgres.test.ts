import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresSecurityStore } from '../store/postgres-security-store.ts';
import type { GraphTestApp } from './graph-fixture.test-support.ts';
import { alertFilterCases, buildGraphTestApp } from './graph-fixture.test-support.ts';

// Local PostgreSQL (trust auth); one schema for this file, dropped after.
const connection = process.env.RIPOSTE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `riposte_g_${randomBytes(5).toString('hex')}`;

describe('Graph security/alerts_v2 on the PostgreSQL store', () => {
  let t: GraphTestApp;
  beforeAll(async () => {
    t = await buildGraphTestApp({ app: { store: await openPostgresSecurityStore({ connection, schema }) } });
  });
  afterAll(async () => {
    await t.close();
    const admin = new pg.Client({ connectionString: connection });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it.each(alertFilterCases)('$filter=%s', async (filter, expected) => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/graph/v1.0/security/alerts_v2?$filter=${encodeURIComponent(filter)}&$orderby=createdDateTime asc`,
      headers: t.as('reader'),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().value.map((a: { title: string }) => a.title)).toEqual(expected);
  });

  it('pages and counts', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/graph/v1.0/security/alerts_v2?$top=4&$count=true', headers: t.as('reader') });
    expect(res.json()['@odata.count']).toBe(6);
    expect(res.json().value).toHaveLength(4);
    expect(res.json()['@odata.nextLink']).toContain('%24skip=4');
  });

  it('answers the $count segment with the COUNT over the compiled $filter, for alerts and incidents', async () => {
    for (const collection of ['security/alerts_v2', 'security/alerts', 'security/incidents']) {
      for (const filter of ['', "severity eq 'high'"]) {
        const q = filter ? `$filter=${encodeURIComponent(filter)}` : '';
        const count = await t.app.inject({ method: 'GET', url: `/graph/v1.0/${collection}/$count?${q}`, headers: t.as('reader') });
        const list = await t.app.inject({ method: 'GET', url: `/graph/v1.0/${collection}?$count=true&${q}`, headers: t.as('reader') });
        expect(count.statusCode, count.body).toBe(200);
        expect(Number(count.body), `${collection} ${filter}`).toBe(list.json()['@odata.count']);
      }
    }
    expect((await t.app.inject({ method: 'GET', url: '/graph/v1.0/security/alerts_v2/$count', headers: t.as('reader') })).body).toBe('6');
  });
});
