/**
 * The list-query check run on each store: a page of GET /api/incidents costs the same number of
 * statements for 3 incidents as for 20, and shows each incident exactly as the one-incident reads do.
 */
import { expect } from 'vitest';
import { buildTestApp, type TestApp } from '../app/test-app.ts';
import type { SecurityStore } from '../store/security-store.ts';
import { incidentView } from './incident-operations.ts';
import { listedAlertsPerIncident } from './incident-routes.ts';

/** An app on `store` with a fixed clock (the SLA in a view is computed as of now). */
export async function incidentListApp(store: SecurityStore): Promise<TestApp> {
  return buildTestApp({ store, clock: () => new Date('2026-03-02T12:00:00Z') });
}

/**
 * Adds incidents `from`…`to - 1`: each one detector's alerts (up to 63, several sharing a
 * createdDateTime), and on every third a comment and a task.
 */
export async function addIncidents(t: TestApp, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    const batch = Array.from({ length: (i * 7) % 64 || 1 }, (_, j) => ({
      title: `Beacon ${i}.${j}`, serviceSource: 's', providerAlertId: `${i}-${j}`, detectorId: `det-${i}`, severity: 'medium',
      createdDateTime: new Date(Date.parse('2026-03-01T09:00:00Z') + Math.floor(j / 3) * 1000).toISOString(),
    }));
    const res = await t.app.inject({ method: 'POST', url: '/api/alerts', headers: t.as('admin'), payload: batch });
    expect(res.statusCode, res.body).toBe(201);
    if (i % 3 !== 0) continue;
    const incidentId = res.json()[0].incidentId as string;
    for (const [kind, payload] of [['comments', { message: `look at ${i}` }], ['tasks', { title: `isolate ${i}` }]] as const) {
      const added = await t.app.inject({ method: 'POST', url: `/api/incidents/${incidentId}/${kind}`, headers: t.as('admin'), payload });
      expect(added.statusCode, added.body).toBe(201);
    }
  }
}

/**
 * GET /api/incidents?top=100 with `statements` counting what the store runs meanwhile: the page, and
 * each listed incident as `incidentView(…, 50)` — the one-incident-at-a-time reads — shows it.
 */
export async function listPage(t: TestApp, statements: () => number): Promise<{ count: number; body: string; oneByOne: string }> {
  const before = statements();
  const res = await t.app.inject({ method: 'GET', url: '/api/incidents?top=100', headers: t.as('reader') });
  const count = statements() - before;
  expect(res.statusCode, res.body).toBe(200);
  const { items } = await t.app.riposte.store.listIncidents({ top: 100 });
  const views = await Promise.all(items.map((i) => incidentView(t.app.riposte, i, listedAlertsPerIncident)));
  return { count, body: res.body, oneByOne: JSON.stringify({ value: views }) };
}

/** The whole check: constant statements per page, and the same bytes as one incident at a time. */
export async function expectListReadsConstant(t: TestApp, statements: () => number): Promise<void> {
  await addIncidents(t, 1, 4);
  const small = await listPage(t, statements);
  await addIncidents(t, 4, 21);
  const large = await listPage(t, statements);
  const listed = JSON.parse(large.body).value as Array<{ alerts: unknown[]; alertCount: number; comments: unknown[] }>;
  expect(listed).toHaveLength(20);
  // The page really holds capped, uncapped, commented and empty-commented incidents.
  expect(listed.some((i) => i.alertCount > listedAlertsPerIncident && i.alerts.length === listedAlertsPerIncident)).toBe(true);
  expect(listed.some((i) => i.alertCount < listedAlertsPerIncident && i.alerts.length === i.alertCount)).toBe(true);
  expect(listed.filter((i) => i.comments.length === 1)).toHaveLength(6);
  expect(large.body).toBe(large.oneByOne);
  expect(small.body).toBe(small.oneByOne);
  expect(large.count, `statements for 20 incidents vs 3: ${large.count} vs ${small.count}`).toBe(small.count);
  expect(large.count).toBeLessThanOrEqual(10);
}
