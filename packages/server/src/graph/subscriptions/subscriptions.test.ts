import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseAlertInput } from '../../alerts/alert-intake.ts';
import { ingestAlerts } from '../../alerts/ingest-alerts.ts';
import type { GraphTestApp } from '../graph-fixture.test-support.ts';
import { buildGraphTestApp } from '../graph-fixture.test-support.ts';
import type { WebhookReceiver } from './webhook-receiver.test-support.ts';
import { startWebhookReceiver } from './webhook-receiver.test-support.ts';

const start = Date.parse('2026-03-01T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('Graph change-notification subscriptions', () => {
  let receiver: WebhookReceiver;
  let t: GraphTestApp;
  let now = start;
  let dir: string;
  const deliverer = () => t.app.graphNotifications!.deliverer;
  const build = () =>
    buildGraphTestApp({
      seed: false,
      graph: { subscriptions: { clock: () => new Date(now), autoStart: false, validationTimeoutMs: 300, databasePath: join(dir, 'graph.db') } },
    });

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());
  beforeEach(async () => {
    now = start;
    dir = mkdtempSync(join(tmpdir(), 'riposte-graph-'));
    receiver.received.length = 0;
    receiver.validations.length = 0;
    receiver.validation = 'echo';
    receiver.script = [];
    receiver.defaultStatus = 202;
    receiver.failing.clear();
    t = await build();
  });
  afterEach(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const subscribe = (body: Record<string, unknown>, role: 'responder' | 'reader' | 'automation-author' = 'responder') =>
    t.app.inject({
      method: 'POST',
      url: '/graph/v1.0/subscriptions',
      headers: t.as(role),
      payload: {
        changeType: 'created,updated',
        notificationUrl: `${receiver.url}/notify`,
        resource: 'security/alerts_v2',
        expirationDateTime: iso(now + 60 * 60_000),
        clientState: 'secretClientValue',
        ...body,
      },
    });
  const ingest = (alerts: Record<string, unknown>[]) =>
    ingestAlerts(t.app.riposte, alerts.map((a, i) => parseAlertInput({ title: `alert ${i}`, ...a }, '')), 'test');

  it('validates the notificationUrl by echo, then keeps the subscription and its clientState', async () => {
    const res = await subscribe({});
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(receiver.validations).toHaveLength(1);
    expect(body).toMatchObject({ resource: 'security/alerts_v2', changeType: 'created,updated', clientState: 'secretClientValue', includeResourceData: false });
    expect(body['@odata.context']).toMatch(/\/graph\/v1\.0\/\$metadata#subscriptions\/\$entity$/);
    const list = await t.app.inject({ method: 'GET', url: '/graph/v1.0/subscriptions', headers: t.as('reader') });
    expect(list.json().value.map((s: { id: string }) => s.id)).toEqual([body.id]);
    // Another key sees the subscription but not the shared secret; its creator does.
    expect(list.json().value[0].clientState).toBe('********');
    const one = await t.app.inject({ method: 'GET', url: `/graph/v1.0/subscriptions/${body.id}`, headers: t.as('responder') });
    expect(one.json().clientState).toBe('secretClientValue');
  });

  it('refuses a subscription whose endpoint does not echo the token, or answers too late', async () => {
    receiver.validation = 'wrong';
    const wrong = await subscribe({});
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toMatch(/echo the validationToken/);
    receiver.validation = 'hang';
    const late = await subscribe({});
    expect(late.statusCode).toBe(400);
    expect(late.json().error.message).toMatch(/no response within 300 ms/);
    const list = await t.app.inject({ method: 'GET', url: '/graph/v1.0/subscriptions', headers: t.as('reader') });
    expect(list.json().value).toEqual([]);
  });

  it.each([
    [{ notificationUrl: 'http://example.com/hook' }, /https/],
    [{ notificationUrl: 'not a url' }, /absolute URL/],
    [{ expirationDateTime: iso(start + 43_201 * 60_000) }, /43200 minutes/],
    [{ expirationDateTime: iso(start - 1000) }, /future/],
    [{ resource: 'me/messages' }, /not supported for change notifications/],
    [{ resource: "security/alerts_v2?$filter=nosuch eq 'x'" }, /nosuch/],
    [{ changeType: 'created,exploded' }, /exploded/],
    [{ includeResourceData: true }, /includeResourceData/],
    [{ colour: 'blue' }, /colour/],
  ])('answers 400 naming the problem for %o', async (body, message) => {
    const res = await subscribe(body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(message);
    expect(receiver.validations).toHaveLength(0);
  });

  it('needs read access to the resource subscribed to', async () => {
    const res = await subscribe({ resource: 'security/incidents' }, 'automation-author');
    expect(res.statusCode).toBe(201);
  });

  it('delivers matching changes in order, in one batch, with clientState and resource data', async () => {
    const sub = (await subscribe({ resource: "security/alerts_v2?$filter=severity eq 'high'" })).json();
    const { alerts } = await ingest([
      { severity: 'high', providerAlertId: 'a' },
      { severity: 'low', providerAlertId: 'b' },
      { severity: 'high', providerAlertId: 'c' },
    ]);
    await deliverer().tick();
    expect(receiver.received).toHaveLength(1);
    const value = receiver.received[0]!.body.value;
    expect(value.map((n: { resourceData: { id: string } }) => n.resourceData.id)).toEqual([alerts[0]!.id, alerts[2]!.id]);
    expect(value[0]).toMatchObject({
      subscriptionId: sub.id,
      subscriptionExpirationDateTime: sub.expirationDateTime,
      changeType: 'created',
      clientState: 'secretClientValue',
      resource: `security/alerts_v2/${alerts[0]!.id}`,
      resourceData: { '@odata.type': '#microsoft.graph.security.alert', '@odata.id': `security/alerts_v2/${alerts[0]!.id}`, id: alerts[0]!.id },
    });
    expect(value[0].tenantId).toBeTruthy();

    const patch = await t.app.inject({ method: 'PATCH', url: `/graph/v1.0/security/alerts_v2/${alerts[2]!.id}`, headers: t.as('triage'), payload: { status: 'inProgress' } });
    expect(patch.statusCode).toBe(200);
    await deliverer().tick();
    expect(receiver.received[1]!.body.value.map((n: { changeType: string }) => n.changeType)).toEqual(['updated']);
  });

  it('honours changeType: a created-only subscription hears no updates', async () => {
    await subscribe({ changeType: 'created', resource: 'security/incidents' });
    await ingest([{ severity: 'medium', providerAlertId: 'x' }]);
    await deliverer().tick();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.body.value[0]).toMatchObject({ changeType: 'created', resourceData: { '@odata.type': '#microsoft.graph.security.incident' } });
    const incidentId = receiver.received[0]!.body.value[0].resourceData.id;
    await t.app.inject({ method: 'PATCH', url: `/graph/v1.0/security/incidents/${incidentId}`, headers: t.as('triage'), payload: { status: 'inProgress' } });
    await deliverer().tick();
    expect(receiver.received).toHaveLength(1);
  });

  it('retries with exponential back-off and keeps the order', async () => {
    await subscribe({});
    receiver.script = [500, 503];
    const { alerts } = await ingest([{ providerAlertId: '1' }]);
    expect(await deliverer().tick()).toBe(10_000);
    await ingest([{ providerAlertId: '2' }]);
    await deliverer().tick();
    expect(receiver.received).toHaveLength(1);
    now += 10_000;
    expect(await deliverer().tick()).toBe(20_000);
    expect(receiver.received).toHaveLength(2);
    now += 19_000;
    await deliverer().tick();
    expect(receiver.received).toHaveLength(2);
    now += 1000;
    await deliverer().tick();
    expect(receiver.received).toHaveLength(3);
    const ids = receiver.received.map((r) => r.body.value.map((n: { resourceData: { id: string } }) => n.resourceData.id));
    expect(ids[0]).toEqual([alerts[0]!.id]);
    expect(ids[2]).toHaveLength(2);
    expect(ids[2]![0]).toBe(alerts[0]!.id);
    expect(t.app.graphNotifications!.store.pendingCount()).toBe(0);
  });

  it('gives up after four hours and sends a missed lifecycle notification', async () => {
    const sub = (await subscribe({ lifecycleNotificationUrl: `${receiver.url}/lifecycle`, expirationDateTime: iso(start + 24 * 60 * 60_000) })).json();
    receiver.failing.add('/notify');
    await ingest([{ providerAlertId: 'lost' }]);
    for (let i = 0; i < 100 && !receiver.received.some((r) => r.path === '/lifecycle'); i++) {
      now += await deliverer().tick();
    }
    expect(now - start).toBeGreaterThanOrEqual(4 * 60 * 60_000);
    const lifecycle = receiver.received.filter((r) => r.path === '/lifecycle');
    expect(lifecycle).toHaveLength(1);
    expect(lifecycle[0]!.body.value[0]).toMatchObject({ subscriptionId: sub.id, lifecycleEvent: 'missed', clientState: 'secretClientValue' });
    expect(t.app.graphNotifications!.store.pendingCount()).toBe(0);
    const attempts = receiver.received.filter((r) => r.path === '/notify').length;
    expect(attempts).toBeGreaterThan(5);
    expect(attempts).toBeLessThan(30);
  });

  it('after a process that recorded no handled mark stopped without closing, tells each live subscription it may have missed changes', async () => {
    const sub = (await subscribe({ lifecycleNotificationUrl: `${receiver.url}/lifecycle` })).json();
    await subscribe({}); // no lifecycleNotificationUrl: nowhere to send a lifecycle notice
    // Written by a version before the replay (change-replay.ts): nowhere to replay from.
    t.app.graphNotifications!.store.db.prepare("DELETE FROM graph_state WHERE name = 'handled'").run();
    // A second process on the same outbox while the first never closed: the first "crashed".
    const restarted = await build();
    try {
      await restarted.app.graphNotifications!.deliverer.tick();
      const lifecycle = receiver.received.filter((r) => r.path === '/lifecycle');
      expect(lifecycle.map((r) => r.body.value[0])).toEqual([expect.objectContaining({ subscriptionId: sub.id, lifecycleEvent: 'missed', clientState: 'secretClientValue' })]);
    } finally {
      await restarted.close();
    }
    // A clean stop is not a crash: the next start announces nothing.
    await t.close();
    receiver.received.length = 0;
    t = await build();
    await deliverer().tick();
    expect(receiver.received.filter((r) => r.path === '/lifecycle')).toEqual([]);
  });

  it('removes an expired subscription with a subscriptionRemoved notice; PATCH renews it', async () => {
    const keep = (await subscribe({ lifecycleNotificationUrl: `${receiver.url}/lifecycle` })).json();
    const lapse = (await subscribe({ lifecycleNotificationUrl: `${receiver.url}/lifecycle` })).json();
    const renewed = await t.app.inject({
      method: 'PATCH',
      url: `/graph/v1.0/subscriptions/${keep.id}`,
      headers: t.as('responder'),
      payload: { expirationDateTime: iso(start + 3 * 60 * 60_000) },
    });
    expect(renewed.statusCode).toBe(200);
    expect(renewed.json().expirationDateTime).toBe('2026-03-01T15:00:00.0000000Z');
    now = start + 2 * 60 * 60_000;
    await deliverer().tick();
    await deliverer().tick();
    const notices = receiver.received.filter((r) => r.path === '/lifecycle').map((r) => r.body.value[0]);
    expect(notices).toEqual([expect.objectContaining({ subscriptionId: lapse.id, lifecycleEvent: 'subscriptionRemoved' })]);
    const gone = await t.app.inject({ method: 'GET', url: `/graph/v1.0/subscriptions/${lapse.id}`, headers: t.as('reader') });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('ResourceNotFound');
    const kept = await t.app.inject({ method: 'GET', url: `/graph/v1.0/subscriptions/${keep.id}`, headers: t.as('reader') });
    expect(kept.statusCode).toBe(200);
  });

  it('DELETE removes a subscription and its queued notifications', async () => {
    const sub = (await subscribe({})).json();
    await ingest([{ providerAlertId: 'q' }]);
    const del = await t.app.inject({ method: 'DELETE', url: `/graph/v1.0/subscriptions/${sub.id}`, headers: t.as('responder') });
    expect(del.statusCode).toBe(204);
    await deliverer().tick();
    expect(receiver.received).toHaveLength(0);
    const again = await t.app.inject({ method: 'DELETE', url: `/graph/v1.0/subscriptions/${sub.id}`, headers: t.as('responder') });
    expect(again.statusCode).toBe(404);
  });

  it('keeps the outbox across a restart and delivers on resume', async () => {
    await subscribe({});
    receiver.defaultStatus = 500;
    await ingest([{ providerAlertId: 'durable' }]);
    await deliverer().tick();
    await t.close();
    receiver.defaultStatus = 202;
    t = await build();
    now += 60_000;
    await deliverer().tick();
    const delivered = receiver.received.filter((r) => r.path === '/notify');
    expect(delivered).toHaveLength(2);
    expect(delivered[1]!.body.value[0].clientState).toBe('secretClientValue');
  });
});
