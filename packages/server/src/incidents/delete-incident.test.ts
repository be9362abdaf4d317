import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { roleNames } from '../auth/permissions.ts';
import type { SecurityEvent } from '../events/security-events.ts';
import type { GraphTestApp } from '../graph/graph-fixture.test-support.ts';
import { buildGraphTestApp } from '../graph/graph-fixture.test-support.ts';

const user = (upn: string) => ({ '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: { userPrincipalName: upn, accountName: upn.split('@')[0] } });
const travel = { title: 'Impossible travel', severity: 'medium', serviceSource: 's', providerAlertId: '1', detectorId: 'travel', evidence: [user('ann@contoso.com')] };

describe('DELETE /api/incidents/{id}', () => {
  let t: GraphTestApp;
  let events: SecurityEvent[];
  let incidentId: string;
  let alertIds: string[];
  let otherAlertId: string;

  beforeEach(async () => {
    t = await buildGraphTestApp({ seed: false });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/alerts',
      headers: t.as('admin'),
      payload: [
        travel,
        { title: 'Mass download', severity: 'high', serviceSource: 's', providerAlertId: '2', detectorId: 'download', evidence: [user('ann@contoso.com')] },
        { title: 'Unrelated', severity: 'low', serviceSource: 's', providerAlertId: '3', detectorId: 'other', evidence: [user('bob@contoso.com')] },
      ],
    });
    const alerts = res.json() as { id: string; incidentId: string }[];
    incidentId = alerts[0]!.incidentId;
    alertIds = [alerts[0]!.id, alerts[1]!.id];
    otherAlertId = alerts[2]!.id;
    expect(alerts[1]!.incidentId).toBe(incidentId);
    await t.app.inject({ method: 'POST', url: `/api/incidents/${incidentId}/comments`, headers: t.as('triage'), payload: { message: 'looking' } });
    await t.app.inject({ method: 'POST', url: `/api/incidents/${incidentId}/tasks`, headers: t.as('triage'), payload: { title: 'call ann' } });
    events = [];
    t.app.riposte.events.on('*', (e) => void events.push(e));
  });
  afterEach(() => t.close());

  const remove = (id: string, role: (typeof roleNames)[number] = 'admin') => t.app.inject({ method: 'DELETE', url: `/api/incidents/${id}`, headers: t.as(role) });
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: t.as('reader') });

  it('deletes the incident with its alerts, comments, tasks and timeline, audits each alert and the incident, and announces it', async () => {
    const before = (await get(`/api/incidents/${incidentId}`)).json();
    const res = await remove(incidentId);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');

    const gone = await get(`/api/incidents/${incidentId}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toEqual({ error: { code: 'NotFound', message: `incident '${incidentId}' was not found` } });
    expect((await get(`/graph/v1.0/security/incidents/${incidentId}`)).statusCode).toBe(404);
    expect((await get('/api/alerts')).json().value.map((a: { id: string }) => a.id)).toEqual([otherAlertId]);
    expect((await get('/graph/v1.0/security/alerts_v2')).json().value.map((a: { id: string }) => a.id)).toEqual([otherAlertId]);
    expect((await get('/graph/v1.0/security/alerts')).json().value.map((a: { id: string }) => a.id)).toEqual([otherAlertId]);
    const store = t.app.riposte.store;
    expect([await store.listComments(incidentId), await store.listTasks(incidentId), await store.listTimeline(incidentId)]).toEqual([[], [], []]);
    expect((await get('/api/incidents?count=true')).json().count).toBe(1);

    const deletions = (await store.listAudit({})).filter((e) => e.action === 'delete');
    // One entry per alert, as it was, and one for the incident.
    const alertEntries = deletions.filter((e) => e.entityType === 'alert');
    expect(alertEntries.map((e) => e.entityId).sort()).toEqual([...alertIds].sort());
    for (const e of alertEntries) expect(e).toMatchObject({ before: { id: e.entityId, incidentId }, after: null, actor: expect.stringContaining('test-admin') });
    const audit = deletions.filter((e) => e.entityType === 'incident');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entityType: 'incident', entityId: incidentId, actor: expect.stringContaining('test-admin'), after: null });
    const { alerts: _alerts, alertCount: _alertCount, comments: _comments, tasks: _tasks, sla: _sla, ...stored } = before;
    expect(audit[0]!.before).toMatchObject({ ...stored, alertIds: [...alertIds].sort() });

    expect(events.map((e) => e.type)).toEqual(['alert.deleted', 'alert.deleted', 'incident.deleted']);
    const deleted = events[2] as Extract<SecurityEvent, { type: 'incident.deleted' }>;
    expect(deleted.incident.id).toBe(incidentId);
    expect([...deleted.alertIds].sort()).toEqual([...alertIds].sort());
  });

  it('accepts the incident number, and an alert posted again later is a new alert in a new incident', async () => {
    const number = (await get(`/api/incidents/${incidentId}`)).json().number;
    expect((await remove(String(number))).statusCode).toBe(204);
    const again = (await t.app.inject({ method: 'POST', url: '/api/alerts', headers: t.as('admin'), payload: [travel] })).json()[0];
    expect(alertIds).not.toContain(again.id);
    expect(again.incidentId).not.toBe(incidentId);
    const incident = (await get(`/api/incidents/${again.incidentId}`)).json();
    // Numbers are never given again.
    expect(incident.number).toBe(3);
    expect(incident.alerts.map((a: { id: string }) => a.id)).toEqual([again.id]);
  });

  it('answers 404 in the error shape for an unknown incident, and deletes nothing', async () => {
    for (const id of ['no-such-incident', '999']) {
      const res = await remove(id);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: { code: 'NotFound', message: `incident '${id}' was not found` } });
    }
    expect((await get('/api/incidents?count=true')).json().count).toBe(2);
    expect(events).toEqual([]);
  });

  it('is refused with 403 to every role but admin', async () => {
    for (const role of roleNames.filter((r) => r !== 'admin')) {
      const res = await remove(incidentId, role);
      expect(res.statusCode, role).toBe(403);
      expect(res.json().error.message, role).toContain('incidents.delete');
    }
    expect((await get(`/api/incidents/${incidentId}`)).statusCode).toBe(200);
    expect(events).toEqual([]);
  });

  it('is refused with 409 naming every guard that refuses, and deletes nothing', async () => {
    t.app.riposte.incidentDeletionGuards.add({ name: 'a', refusal: () => 'it is under legal hold' });
    t.app.riposte.incidentDeletionGuards.add({ name: 'b', refusal: async (incident, reads) => `it has ${(await reads.listIncidentAlertIds(incident.id)).length} alerts` });
    const res = await remove(incidentId);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'Conflict', message: expect.stringMatching(/cannot be deleted: it is under legal hold; it has 2 alerts$/) });
    expect((await get(`/api/incidents/${incidentId}`)).json().alerts).toHaveLength(2);
    expect((await t.app.riposte.store.listAudit({})).filter((e) => e.action === 'delete')).toEqual([]);
    expect(events).toEqual([]);
  });

  it('is in the OpenAPI document with its permission', async () => {
    const doc = (await get('/openapi.json')).json();
    expect(doc.paths['/api/incidents/{id}'].delete['x-riposte-permission']).toBe('incidents.delete');
  });
});
