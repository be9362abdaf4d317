import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphTestApp } from '../../graph/graph-fixture.test-support.ts';
import { buildGraphTestApp } from '../../graph/graph-fixture.test-support.ts';
import { openSecurityStoreAt } from './open-postgres-stores.ts';
import { testConnection, testSchema } from './test-database.test-support.ts';

const schema = testSchema();

// The same seed on both stores; every filter must select the same incidents on PostgreSQL as on SQLite.
describe('Graph security/incidents on PostgreSQL answers as on SQLite', () => {
  let sqlite: GraphTestApp;
  let postgres: GraphTestApp;
  beforeAll(async () => {
    sqlite = await buildGraphTestApp();
    postgres = await buildGraphTestApp({ app: { store: await openSecurityStoreAt({ connection: testConnection, schema }) } });
    for (const t of [sqlite, postgres]) {
      const first = (await t.app.inject({ method: 'GET', url: '/graph/v1.0/security/incidents?$orderby=displayName asc&$top=1', headers: t.as('reader') })).json().value[0];
      const patched = await t.app.inject({ method: 'PATCH', url: `/graph/v1.0/security/incidents/${first.id}`, headers: t.as('admin'), payload: { assignedTo: 'bob@contoso.com' } });
      expect(patched.statusCode, patched.body).toBe(200);
    }
  });
  afterAll(async () => {
    await sqlite?.close();
    await postgres?.close();
  });

  const list = async (t: GraphTestApp, query: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/graph/v1.0/security/incidents?${query}`, headers: t.as('reader') });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    return { count: body['@odata.count'], rows: body.value.map((i: Record<string, unknown>) => `${i.displayName}|${i.severity}|${i.status}|${i.assignedTo ?? ''}`) };
  };

  it.each([
    "severity eq 'high'",
    "status eq 'active' or severity ne 'low'",
    "assignedTo eq 'bob@contoso.com'",
    "startswith(displayName, 'S') or contains(displayName, 'a')",
    'createdDateTime ge 2000-01-01T00:00:00Z',
  ])('$filter=%s', async (filter) => {
    const query = `$filter=${encodeURIComponent(filter)}&$orderby=displayName asc&$count=true`;
    const expected = await list(sqlite, query);
    expect(expected.rows.length).toBeGreaterThan(0);
    expect(await list(postgres, query)).toEqual(expected);
  });

  it('pages in the same order without overlap', async () => {
    const all = await list(sqlite, '$orderby=severity desc&$count=true');
    const pages = [...(await list(postgres, '$orderby=severity desc&$top=2')).rows, ...(await list(postgres, '$orderby=severity desc&$top=2&$skip=2')).rows];
    expect(pages).toEqual(all.rows.slice(0, pages.length));
    expect((await list(postgres, '$count=true')).count).toBe(all.count);
  });
});
