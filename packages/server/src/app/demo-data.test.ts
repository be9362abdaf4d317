import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import type { SqliteSecurityStore } from '../store/sqlite-security-store.ts';
import { seedDemoData } from './demo-data.ts';

describe('demo data', () => {
  let store: SqliteSecurityStore;
  beforeEach(() => {
    store = openSqliteSecurityStore({ path: ':memory:' });
  });
  afterEach(() => store.close());

  it('seeds alerts that correlate into two incidents, and seeding again adds nothing', async () => {
    await seedDemoData(store);
    await seedDemoData(store);
    expect((await store.listAlerts({ count: true })).total).toBe(3);
    const incidents = (await store.listIncidents({})).items;
    expect(incidents.map((i) => [i.number, i.severity]).sort()).toEqual([
      [1, 'High'],
      [2, 'Low'],
    ]);
  });
});
