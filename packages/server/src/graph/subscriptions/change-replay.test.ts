import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseAlertInput } from '../../alerts/alert-intake.ts';
import { ingestAlerts } from '../../alerts/ingest-alerts.ts';
import { updateAlert } from '../../alerts/alert-operations.ts';
import { deleteIncident } from '../../incidents/delete-incident.ts';
import { GraphNotifications } from './graph-notifications.ts';
import type { SecurityContext } from '../../app/security-context.ts';
import { SecurityEventBus } from '../../events/event-bus.ts';
import { openSqliteSecurityStore } from '../../store/sqlite-security-store.ts';
import type { GraphTestApp } from '../graph-fixture.test-support.ts';
import { buildGraphTestApp } from '../graph-fixture.test-support.ts';
import type { WebhookReceiver } from './webhook-receiver.test-support.ts';
import { startWebhookReceiver } from './webhook-receiver.test-support.ts';

const start = Date.parse('2026-03-01T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const minute = 60_000;

/**
 * The crash window, in process: changes committed to the security store whose events reach no one
 * (as when the process dies between the commit and the outbox write), then a second app on the same
 * files while the first never closed (so its outbox database still says "running").
 */
describe('replay of changes after an unclean stop', () => {
  let receiver: WebhookReceiver;
  let dir: string;
  let now = start;
  const apps: GraphTestApp[] = [];
  const build = async () => {
    const t = await buildGraphTestApp({
      seed: false,
      app: { store: openSqliteSecurityStore({ path: join(dir, 'riposte.db'), durability: 'normal' }), clock: () => new Date(now) },
      graph: { subscriptions: { clock: () => new Date(now), autoStart: false, validationTimeoutMs: 1000, databasePath: join(dir, 'graph.db') } },
    });
    apps.push(t);
    return t;
  };
  /** The context of `t` with an event bus nobody listens to: its changes commit but are never announced. */
  const unannounced = (t: GraphTestApp): SecurityContext => ({ ...t.app.riposte, events: new SecurityEventBus() });
  const ingest = (ctx: SecurityContext, alerts: Record<string, unknown>[]) =>
    ingestAlerts(ctx, alerts.map((a, i) => parseAlertInput({ title: `alert ${i}`, ...a }, '')), 'test');
  const subscribe = async (t: GraphTestApp, body: Record<string, unknown>) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/graph/v1.0/subscriptions',
      headers: t.as('responder'),
      payload: { notificationUrl: `${receiver.url}/notify`, expirationDateTime: iso(now + 24 * 60 * minute), clientState: 'secretClientValue', ...body },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  };
  const notified = () =>
    receiver.received
      .filter((r) => r.path === '/notify')
      .flatMap((r) => r.body.value as { subscriptionId: string; changeType: string; resourceData: { id: string } }[])
      .map((n) => `${n.subscriptionId} ${n.changeType} ${n.resourceData.id}`);
  const lifecycle = () => receiver.received.filter((r) => r.path === '/lifecycle').flatMap((r) => r.body.value as { subscriptionId: string; lifecycleEvent: string }[]);

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());
  beforeEach(() => {
    now = start;
    dir = mkdtempSync(join(tmpdir(), 'riposte-replay-'));
    receiver.received.length = 0;
  });
  afterEach(async () => {
    for (const t of apps.splice(0).reverse()) await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("re-announces what the crashed process committed but never queued, by each subscription's resource, changeType and $filter", async () => {
    const first = await build();
    const highCreated = await subscribe(first, { resource: "security/alerts_v2?$filter=severity eq 'high'", changeType: 'created' });
    const updated = await subscribe(first, { resource: 'security/alerts_v2', changeType: 'updated' });
    const incidents = await subscribe(first, { resource: 'security/incidents', changeType: 'created', lifecycleNotificationUrl: `${receiver.url}/lifecycle` });
    // Announced normally, long before the crash: queued then, and outside what the replay reads.
    const { alerts: early } = await ingest(first.app.riposte, [{ providerAlertId: 'early', severity: 'high', title: 'early' }]);
    await first.app.graphNotifications!.deliverer.tick();
    receiver.received.length = 0;
    now += 30 * minute;
    first.app.graphNotifications!.store.markHandled(iso(now));
    // The crash window: committed, never announced.
    now += 1000;
    const lost = unannounced(first);
    const { alerts: created } = await ingest(lost, [
      { providerAlertId: 'h', severity: 'high', title: 'lost high' },
      { providerAlertId: 'l', severity: 'low', title: 'lost low' },
    ]);
    // A re-sent alert stamped by its sender long ago: found by its audit entry, not its timestamps.
    await ingest(lost, [{ providerAlertId: 'early', severity: 'high', title: 'early', status: 'inProgress', lastUpdateDateTime: '2020-01-01T00:00:00Z' }]);
    await updateAlert(lost, created[1]!.id, { status: 'inProgress' }, 'test');

    const second = await build(); // `first` never closed: an unclean stop
    await second.app.graphNotifications!.deliverer.tick();
    const [high, low] = created;
    const newIncidents = [...new Set([high!.incidentId, low!.incidentId])];
    expect(notified().sort()).toEqual(
      [
        `${highCreated.id} created ${high!.id}`,
        `${updated.id} updated ${early[0]!.id}`,
        `${updated.id} updated ${low!.id}`,
        ...newIncidents.map((id) => `${incidents.id} created ${id}`),
      ].sort(),
    );
    // The replay was complete: no subscription is told it missed anything.
    expect(lifecycle()).toEqual([]);
  });

  it('replays nothing after a clean stop', async () => {
    const first = await build();
    await subscribe(first, { resource: 'security/alerts_v2', changeType: 'created,updated', lifecycleNotificationUrl: `${receiver.url}/lifecycle` });
    await apps.pop()!.close();
    // Written by someone without the event bus after the server stopped: not a change the server lost.
    const offline = openSqliteSecurityStore({ path: join(dir, 'riposte.db'), durability: 'normal' });
    await ingest({ ...first.app.riposte, store: offline, events: new SecurityEventBus() }, [{ title: 'offline' }]);
    await offline.close();
    const second = await build();
    await second.app.graphNotifications!.deliverer.tick();
    expect(receiver.received).toEqual([]);
  });

  it('a start that failed before replaying leaves the replay to the next start', async () => {
    const first = await build();
    const sub = await subscribe(first, { resource: 'security/alerts_v2', changeType: 'created' });
    now += 1000;
    const { alerts } = await ingest(unannounced(first), [{ title: 'lost' }]);
    // Opened after the crash and closed without start(): e.g. another module failed to register.
    await new GraphNotifications(first.app.riposte, { databasePath: join(dir, 'graph.db'), autoStart: false }).close();
    const second = await build();
    await second.app.graphNotifications!.deliverer.tick();
    expect(notified()).toEqual([`${sub.id} created ${alerts[0]!.id}`]);
  });

  it('replays the deletion of an incident and of its alerts from their audit entries, matched as they were', async () => {
    const first = await build();
    const lifecycleUrl = `${receiver.url}/lifecycle`;
    const highIncidents = await subscribe(first, { resource: "security/incidents?$filter=severity eq 'high'", changeType: 'deleted', lifecycleNotificationUrl: lifecycleUrl });
    const alertDeletions = await subscribe(first, { resource: "security/alerts_v2?$filter=severity eq 'low'", changeType: 'deleted', lifecycleNotificationUrl: lifecycleUrl });
    await subscribe(first, { resource: 'security/alerts', changeType: 'created,updated', lifecycleNotificationUrl: lifecycleUrl });
    const { alerts } = await ingest(first.app.riposte, [
      { providerAlertId: 'h', severity: 'high', title: 'to delete, high' },
      { providerAlertId: 'l', severity: 'low', title: 'to delete, low' },
    ]);
    const [high, low] = alerts;
    expect(high!.incidentId).not.toBe(low!.incidentId);
    await first.app.graphNotifications!.deliverer.tick();
    receiver.received.length = 0;
    now += 30 * minute;
    first.app.graphNotifications!.store.markHandled(iso(now));
    now += 1000;
    await deleteIncident(unannounced(first), high!.incidentId!, 'test');
    await deleteIncident(unannounced(first), low!.incidentId!, 'test');

    const second = await build();
    await second.app.graphNotifications!.deliverer.tick();
    // Matched against each item as it was: the low incident and the high alert are outside the $filters.
    expect(notified().sort()).toEqual([`${highIncidents.id} deleted ${high!.incidentId}`, `${alertDeletions.id} deleted ${low!.id}`].sort());
    expect(lifecycle()).toEqual([]);
  });
});
