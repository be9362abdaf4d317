import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateAlert } from '../../alerts/alert-operations.ts';
import { parseAlertInput } from '../../alerts/alert-intake.ts';
import { ingestAlerts } from '../../alerts/ingest-alerts.ts';
import type { SecurityContext } from '../../app/security-context.ts';
import { securityContext } from '../../app/security-context.ts';
import type { SecurityEvent } from '../../events/security-events.ts';
import { deleteIncident } from '../../incidents/delete-incident.ts';
import { openPostgresSecurityStore } from '../../store/postgres-security-store.ts';
import { testConnection, testSchema } from '../../store/postgres/test-database.test-support.ts';
import { replayChanges, replayStart } from './change-replay.ts';

const schema = testSchema();
const start = Date.parse('2026-03-01T12:00:00Z');

describe('replay of audited changes on the PostgreSQL store', () => {
  let ctx: SecurityContext;
  let now = start;
  beforeAll(async () => {
    ctx = securityContext({ store: await openPostgresSecurityStore({ connection: testConnection, schema }), clock: () => new Date(now) });
  });
  afterAll(() => ctx.store.close());

  const ingest = (alerts: Record<string, unknown>[]) => ingestAlerts(ctx, alerts.map((a) => parseAlertInput(a, '')), 'test');
  const idOf = (e: SecurityEvent) => ('alert' in e ? e.alert.id : 'incident' in e ? e.incident.id : '');

  it('announces, oldest first, what the audit log records after the span start, each item as it is now or, deleted, as it was', async () => {
    const { alerts: old } = await ingest([{ title: 'long before the mark', severity: 'high' }]);
    now += 30 * 60_000;
    const mark = new Date(now).toISOString();
    now += 1000;
    const { alerts } = await ingest([
      { title: 'kept', severity: 'low' },
      { title: 'deleted later', severity: 'high' },
    ]);
    const [kept, gone] = alerts;
    now += 1000;
    await updateAlert(ctx, kept!.id, { status: 'inProgress' }, 'test');
    await deleteIncident(ctx, gone!.incidentId!, 'test');

    const events: SecurityEvent[] = [];
    const outcome = await replayChanges(ctx.store, replayStart(mark, 120_000), (e) => events.push(e));
    const seen = events.map((e) => `${e.type} ${idOf(e)}`);
    // The deleted alert and incident cannot be re-read: their deletions are announced with each as its
    // audit entry kept it, and nothing else of them.
    expect(seen).toEqual(
      expect.arrayContaining([`incident.created ${kept!.incidentId}`, `alert.created ${kept!.id}`, `alert.updated ${kept!.id}`, `alert.deleted ${gone!.id}`, `incident.deleted ${gone!.incidentId}`]),
    );
    expect(seen.filter((s) => (s.includes(gone!.id) && s !== `alert.deleted ${gone!.id}`) || s.includes(old[0]!.id) || s.includes(old[0]!.incidentId!))).toEqual([]);
    expect(events.find((e) => e.type === 'alert.deleted')).toMatchObject({ alert: { id: gone!.id, title: 'deleted later', severity: 'high' } });
    expect(seen.indexOf(`alert.created ${kept!.id}`)).toBeLessThan(seen.indexOf(`alert.updated ${kept!.id}`));
    expect(events.find((e) => e.type === 'incident.deleted')).toMatchObject({ incident: { id: gone!.incidentId, title: 'deleted later' }, alertIds: [gone!.id] });
    expect(outcome).toBe(events.length);
  });
});
