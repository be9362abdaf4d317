import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../app/test-app.ts';
import { buildTestApp } from '../app/test-app.ts';
import type { SecurityEvent } from '../events/security-events.ts';

const ip = (ipAddress: string) => ({ '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress });
const alert = (n: number, over: Record<string, unknown> = {}) => ({
  title: `Alert ${n}`,
  severity: 'low',
  serviceSource: 'microsoftDefenderForEndpoint',
  providerAlertId: `prov-${n}`,
  detectorId: `rule-${n}`,
  ...over,
});

describe('POST /api/alerts', () => {
  let t: TestApp;
  let events: SecurityEvent[];
  beforeEach(async () => {
    t = await buildTestApp();
    events = [];
    t.app.riposte.events.on('*', (e) => void events.push(e));
  });
  afterEach(() => t.close());

  const post = (payload: unknown, role: 'admin' | 'responder' = 'responder') => t.app.inject({ method: 'POST', url: '/api/alerts', headers: t.as(role), payload: payload as object });
  const countAlerts = async () => (await t.app.riposte.store.listAlerts({ count: true })).total;

  it('stores one alert and answers 201 with it, id and incident included', async () => {
    const res = await post(alert(1, { evidence: [ip('10.1.1.1')] }));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ '@odata.type': '#microsoft.graph.security.alert', title: 'Alert 1', status: 'new', severity: 'low' });
    expect(body.id).toEqual(expect.any(String));
    expect(body.incidentId).toEqual(expect.any(String));
    expect((await t.app.inject({ method: 'GET', url: `/api/alerts/${body.id}`, headers: t.as('reader') })).json()).toEqual(body);
  });

  it('stores a batch in order and answers with an array', async () => {
    const res = await post([alert(1), alert(2), alert(3)]);
    expect(res.statusCode).toBe(201);
    expect(res.json().map((a: { title: string }) => a.title)).toEqual(['Alert 1', 'Alert 2', 'Alert 3']);
    expect(await countAlerts()).toBe(3);
  });

  it('is idempotent on provider + providerAlertId, within and across batches', async () => {
    const first = (await post([alert(1), alert(2)])).json();
    const again = await post([alert(1), alert(2), alert(1)]);
    expect(again.statusCode).toBe(201);
    expect(again.json().map((a: { id: string }) => a.id)).toEqual([first[0].id, first[1].id, first[0].id]);
    expect(await countAlerts()).toBe(2);
    expect(events.filter((e) => e.type === 'alert.created')).toHaveLength(2);
    // Same providerAlertId from another provider is another alert.
    await post(alert(1, { serviceSource: 'microsoftSentinel' }));
    expect(await countAlerts()).toBe(3);
  });

  it('updates a re-posted alert that changed, keeping its id and incident', async () => {
    const first = (await post(alert(1))).json();
    const res = (await post(alert(1, { severity: 'high', description: 'more detail' }))).json();
    expect(res).toMatchObject({ id: first.id, incidentId: first.incidentId, severity: 'high', description: 'more detail' });
    const updated = events.find((e) => e.type === 'alert.updated');
    expect(updated && updated.type === 'alert.updated' && updated.changes.map((c) => c.field).sort()).toEqual(['description', 'severity']);
    // The incident's severity rises with its alert.
    const incident = (await t.app.inject({ method: 'GET', url: `/api/incidents/${first.incidentId}`, headers: t.as('reader') })).json();
    expect(incident.severity).toBe('High');
  });

  it('keeps what analysts set when the provider re-sends its alert without those fields', async () => {
    const first = (await post(alert(1, { comments: [{ comment: 'from the sensor' }] }))).json();
    await t.app.inject({ method: 'PATCH', url: `/api/alerts/${first.id}`, headers: t.as('triage'), payload: { status: 'inProgress', classification: 'truePositive', assignedTo: 'ann' } });
    const again = (await post(alert(1, { description: 'now with detail' }))).json();
    expect(again).toMatchObject({ id: first.id, status: 'inProgress', classification: 'truePositive', assignedTo: 'ann', description: 'now with detail' });
    expect(again.comments.map((c: { comment: string }) => c.comment)).toEqual(['from the sensor']);
  });

  it('accepts a legacy Graph v1 alert and stores it as alert_v2', async () => {
    const res = await post({
      id: 'legacy-1',
      title: 'Legacy',
      severity: 'medium',
      status: 'newAlert',
      azureTenantId: 't-1',
      vendorInformation: { provider: 'ASC', vendor: 'Microsoft' },
      hostStates: [{ fqdn: 'srv1.contoso.com', netBiosName: 'SRV1' }],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ providerAlertId: 'legacy-1', serviceSource: 'ASC', tenantId: 't-1', status: 'new', severity: 'medium' });
    expect(res.json().evidence[0]['@odata.type']).toBe('#microsoft.graph.security.deviceEvidence');
  });

  it('rejects a batch with one bad alert, names its field, and writes nothing', async () => {
    const res = await post([alert(1), alert(2), alert(3, { severity: 'catastrophic' })]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'BadRequest', field: '/2/severity' });
    expect(res.body).not.toMatch(/at .*\.ts/);
    expect(await countAlerts()).toBe(0);
    expect(events).toEqual([]);
  });

  it('rejects more than 1,000 alerts, an empty array and non-objects', async () => {
    const big = Array.from({ length: 1001 }, (_, i) => ({ title: `t${i}` }));
    const res = await post(big);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/1000/);
    expect((await post([])).statusCode).toBe(400);
    expect((await post([alert(1), 'x'])).json().error.field).toBe('/1');
    expect(await countAlerts()).toBe(0);
  });

  it('accepts exactly 1,000 alerts in one request', async () => {
    const res = await post(Array.from({ length: 1000 }, (_, i) => ({ title: `same title`, providerAlertId: `b${i}`, serviceSource: 's' })));
    expect(res.statusCode).toBe(201);
    expect(await countAlerts()).toBe(1000);
    // Same title within the window: one incident.
    expect((await t.app.riposte.store.listIncidents({ count: true })).total).toBe(1);
  });

  it('answers 413 for a body over the limit and writes nothing', async () => {
    const small = await buildTestApp({ bodyLimit: 2048 });
    try {
      const res = await small.app.inject({ method: 'POST', url: '/api/alerts', headers: small.as('admin'), payload: [{ title: 'x'.repeat(4000) }] });
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('PayloadTooLarge');
      expect((await small.app.riposte.store.listAlerts({ count: true })).total).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('announces alert and incident events only after the commit', async () => {
    const seenInStore: boolean[] = [];
    t.app.riposte.events.on('alert.created', async (e) => void seenInStore.push(!!(await t.app.riposte.store.getAlert(e.alert.id))));
    await post([alert(1), alert(2)]);
    await t.app.riposte.events.idle();
    expect(seenInStore).toEqual([true, true]);
    expect(events.map((e) => e.type)).toEqual(['alert.created', 'alert.created', 'incident.created', 'incident.created']);
  });

  it('writes, audits and announces an incident once per batch however many of its alerts arrive', async () => {
    const first = (await post(alert(1, { detectorId: 'shared' }))).json();
    events.length = 0;
    await post([alert(2, { detectorId: 'shared', severity: 'medium' }), alert(3, { detectorId: 'shared', severity: 'high', evidence: [ip('10.9.9.9')] })]);
    const updates = events.filter((e) => e.type === 'incident.updated');
    expect(updates).toHaveLength(1);
    const changes = updates[0]!.type === 'incident.updated' ? updates[0]!.changes : [];
    expect(changes.find((c) => c.field === 'severity')).toMatchObject({ before: 'Low', after: 'High' });
    expect(changes.find((c) => c.field === 'alerts')?.added).toHaveLength(2);
    const audit = (await t.app.inject({ method: 'GET', url: `/api/audit?entityType=incident&entityId=${first.incidentId}`, headers: t.as('admin') })).json().value;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    // The update's audit entry holds the changed fields only; collections show what was added.
    expect(audit[0].before).toMatchObject({ severity: 'Low' });
    expect(audit[0].after).toMatchObject({ severity: 'High', alerts: { added: expect.any(Array) }, entities: { added: [expect.objectContaining({ key: 'ip:10.9.9.9' })] } });
    expect(audit[0].before).not.toHaveProperty('entities');
    const timeline = (await t.app.inject({ method: 'GET', url: `/api/incidents/${first.incidentId}/timeline`, headers: t.as('reader') })).json().value;
    expect(timeline.filter((e: { field: string }) => e.field === 'alerts')).toHaveLength(2);
  });

  it('counts ingested alerts in /metrics', async () => {
    await post([alert(1), alert(1)]);
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('riposte_alerts_ingested_total{outcome="created"} 1');
    expect(metrics).toContain('riposte_alerts_ingested_total{outcome="unchanged"} 1');
    await post(alert(2));
    const after = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(after).toContain('riposte_alert_ingest_seconds_count{request="batch"} 1');
    expect(after).toContain('riposte_alert_ingest_seconds_count{request="one"} 1');
  });
});

describe('GET and PATCH /api/alerts', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
    await t.app.inject({
      method: 'POST',
      url: '/api/alerts',
      headers: t.as('admin'),
      payload: [alert(1, { severity: 'high', createdDateTime: '2026-01-01T00:00:00Z' }), alert(2, { createdDateTime: '2026-01-02T00:00:00Z' }), alert(3, { severity: 'high', createdDateTime: '2026-01-03T00:00:00Z' })],
    });
  });
  afterEach(() => t.close());

  it('lists newest first with filters, paging, a count and a next link', async () => {
    const res = (await t.app.inject({ method: 'GET', url: '/api/alerts?severity=high&top=1&count=true', headers: t.as('reader') })).json();
    expect(res.value.map((a: { title: string }) => a.title)).toEqual(['Alert 3']);
    expect(res.count).toBe(2);
    expect(res.nextLink).toBe('/api/alerts?severity=high&top=1&count=true&skip=1');
    const next = (await t.app.inject({ method: 'GET', url: res.nextLink, headers: t.as('reader') })).json();
    expect(next.value.map((a: { title: string }) => a.title)).toEqual(['Alert 1']);
    expect(next.nextLink).toBeUndefined();
  });

  it('updates status and classification, appends comments, and audits the change', async () => {
    const [a] = (await t.app.inject({ method: 'GET', url: '/api/alerts?top=1', headers: t.as('reader') })).json().value;
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/alerts/${a.id}`,
      headers: t.as('triage'),
      payload: { status: 'resolved', classification: 'truePositive', determination: 'malware', comments: [{ comment: 'contained' }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'resolved', classification: 'truePositive', determination: 'malware' });
    expect(res.json().resolvedDateTime).toEqual(expect.any(String));
    expect(res.json().comments[0]).toMatchObject({ comment: 'contained', createdByDisplayName: expect.stringContaining('test-triage') });
    const audit = (await t.app.inject({ method: 'GET', url: `/api/audit?entityType=alert&entityId=${a.id}`, headers: t.as('admin') })).json().value;
    expect(audit[0]).toMatchObject({ action: 'update', actor: expect.stringContaining('test-triage'), before: { status: 'new' }, after: { status: 'resolved' } });
  });

  it('answers 404 for an unknown alert and 400 naming an unknown PATCH field', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/alerts/nope', headers: t.as('reader') })).statusCode).toBe(404);
    const [a] = (await t.app.inject({ method: 'GET', url: '/api/alerts?top=1', headers: t.as('reader') })).json().value;
    const res = await t.app.inject({ method: 'PATCH', url: `/api/alerts/${a.id}`, headers: t.as('admin'), payload: { title: 'renamed' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('/title');
    expect(res.json().error.message).toContain('title');
  });
});
