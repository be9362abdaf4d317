import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import type { SqliteSecurityStore } from '../store/sqlite-security-store.ts';
import { alertsV2Set } from './alert-sets.ts';
import { compileQuery } from './entity-set.ts';
import { incidentsSet } from './incident-set.ts';

describe('Graph OData filters run on the indexes', () => {
  let store: SqliteSecurityStore;
  beforeAll(() => {
    store = openSqliteSecurityStore({ path: ':memory:' });
  });
  afterAll(() => store.close());

  const plan = (table: string, query: Record<string, string>, set = alertsV2Set) => {
    const { filter } = compileQuery(set, query);
    const sql = `EXPLAIN QUERY PLAN SELECT doc FROM ${table} ${filter.where ? `WHERE ${filter.where}` : ''} ORDER BY ${filter.orderBy} LIMIT 51 OFFSET 0`;
    return (store.db.prepare(sql).all(...filter.params) as { detail: string }[]).map((r) => r.detail).join('\n');
  };

  it("severity eq 'high' and status eq 'new' newest first: one index search, no sort", () => {
    const detail = plan('alerts', { $filter: "severity eq 'high' and status eq 'new'", $orderby: 'createdDateTime desc', $top: '50' });
    expect(detail).toMatch(/SEARCH alerts USING INDEX alerts_severity_status_created \(severity=\? AND status=\?\)/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
  });

  it('the default order (newest first) needs no sort either', () => {
    expect(plan('alerts', {})).not.toMatch(/TEMP B-TREE/);
    expect(plan('alerts', { $filter: "status eq 'new'" })).toMatch(/USING INDEX alerts_status_created/);
  });

  it('incident status and severity filters use an index', () => {
    const detail = plan('incidents', { $filter: "status eq 'active'" }, incidentsSet);
    expect(detail).toMatch(/USING INDEX incidents_status_created/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
  });
});
