import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SecurityEvent } from '../events/security-events.ts';
import type { GraphTestApp } from '../graph/graph-fixture.test-support.ts';
import { buildGraphTestApp } from '../graph/graph-fixture.test-support.ts';

describe('POST /api/incidents (an incident opened by hand)', () => {
  let t: GraphTestApp;
  let events: SecurityEvent[];

  beforeEach(async () => {
    t = await buildGraphTestApp({ seed: false });
    events = [];
    t.app.riposte.events.on('*', (e) => void events.push(e));
  });
  afterEach(() => t.close());

  const create = (payload: unknown, role: Parameters<GraphTestApp['as']>[0] = 'triage') =>
    t.app.inject({ method: 'POST', url: '/api/incidents', headers: t.as(role), payload: payload as object });
  const count = async () => (await t.app.inject({ method: 'GET', url: '/api/incidents?count=true', headers: t.as('reader') })).json().count as number;

  it('opens a New incident with the next number, no alerts, Medium severity, its timeline and audit, and announces it', async () => {
    const seeded = (await t.app.inject({ method: 'POST', url: '/api/alerts', headers: t.as('admin'), payload: { title: 'seed' } })).json();
    const seededNumber = (await t.app.inject({ method: 'GET', url: `/api/incidents/${seeded.incidentId}`, headers: t.as('reader') })).json().number;
    events = [];

    const res = await create({ title: 'Phishing report from the CFO', description: 'Forwarded by mail', labels: [{ labelName: 'vip' }] });
    expect(res.statusCode).toBe(201);
    const incident = res.json();
    expect(incident).toMatchObject({
      title: 'Phishing report from the CFO',
      description: 'Forwarded by mail',
      severity: 'Medium',
      status: 'New',
      phase: 'Investigation',
      number: seededNumber + 1,
      labels: [{ labelName: 'vip', labelType: 'User' }],
      alerts: [],
      comments: [],
      tasks: [],
      entities: [],
      firstActivityTimeUtc: null,
    });
    expect(incident.sla.acknowledgedAt).toBeNull();

    const read = (await t.app.inject({ method: 'GET', url: `/api/incidents/${incident.number}`, headers: t.as('reader') })).json();
    expect(read.id).toBe(incident.id);
    const timeline = (await t.app.inject({ method: 'GET', url: `/api/incidents/${incident.id}/timeline`, headers: t.as('reader') })).json().value;
    expect(timeline).toMatchObject([{ action: 'created', actor: expect.stringContaining('triage'), after: { number: incident.number } }]);
    const audit = (await t.app.inject({ method: 'GET', url: '/api/audit?entityType=incident', headers: t.as('admin') })).json().value;
    expect(audit.filter((e: { entityId: string }) => e.entityId === incident.id)).toMatchObject([{ action: 'create', before: null, after: { id: incident.id, title: incident.title } }]);
    expect(events.map((e) => e.type)).toEqual(['incident.created']);
    const graph = await t.app.inject({ method: 'GET', url: `/graph/v1.0/security/incidents/${incident.id}`, headers: t.as('reader') });
    expect(graph.statusCode).toBe(200);
  });

  it('applies the PATCH rules to the fields it is given: closed needs a classification, and closing resolves', async () => {
    const before = await count();
    const refused = await create({ title: 'Closed at once', status: 'Closed' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'BadRequest', field: '/classification' });
    expect(await count()).toBe(before);
    expect(events).toEqual([]);

    const closed = (await create({ title: 'Closed at once', status: 'Closed', classification: 'FalsePositive', classificationReason: 'InaccurateData', severity: 'low' })).json();
    expect(closed).toMatchObject({ status: 'Closed', severity: 'Low', classification: 'FalsePositive', phase: 'Resolved' });
    expect(closed.sla.recoveredAt).toBe(closed.createdTimeUtc);
    expect(closed.sla.acknowledgedAt).toBe(closed.createdTimeUtc);
  });

  it('names the field of bad input and writes nothing', async () => {
    const before = await count();
    for (const [payload, target] of [
      [{}, '/title'],
      [{ title: '' }, '/title'],
      [{ title: 'x', severity: 'Critical' }, '/severity'],
      [{ title: 'x', number: 7 }, '/number'],
    ] as const) {
      const res = await create(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error, JSON.stringify(payload)).toMatchObject({ code: 'BadRequest', field: target });
    }
    expect(await count()).toBe(before);
  });

  it('needs incidents.write, and incidents.assign to set an owner', async () => {
    expect((await create({ title: 'x' }, 'reader')).statusCode).toBe(403);
    const owned = await create({ title: 'Owned', owner: { assignedTo: 'ann@contoso.com' } }, 'triage');
    expect(owned.statusCode).toBe(201);
    expect(owned.json().sla.acknowledgedAt).not.toBeNull();
  });
});
