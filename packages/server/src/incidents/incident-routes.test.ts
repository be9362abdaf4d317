import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../app/test-app.ts';
import { buildTestApp } from '../app/test-app.ts';
import type { SecurityEvent } from '../events/security-events.ts';

const user = (upn: string) => ({ '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: { userPrincipalName: upn, accountName: upn.split('@')[0] } });
const ip = (ipAddress: string) => ({ '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress });

describe('incidents over HTTP', () => {
  let t: TestApp;
  let events: SecurityEvent[];
  let incidentId: string;
  let now: Date;

  beforeEach(async () => {
    now = new Date('2026-03-01T12:00:00Z');
    t = await buildTestApp({ clock: () => now });
    events = [];
    t.app.riposte.events.on('*', (e) => void events.push(e));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/alerts',
      headers: t.as('admin'),
      payload: [
        { title: 'Impossible travel', severity: 'medium', serviceSource: 's', providerAlertId: '1', detectorId: 'travel', evidence: [user('ann@contoso.com'), ip('198.51.100.1')], createdDateTime: '2026-03-01T11:00:00Z' },
        { title: 'Mass download', severity: 'high', serviceSource: 's', providerAlertId: '2', detectorId: 'download', evidence: [user('ann@contoso.com')], createdDateTime: '2026-03-01T11:20:00Z' },
        { title: 'Unrelated', severity: 'low', serviceSource: 's', providerAlertId: '3', detectorId: 'other', evidence: [user('bob@contoso.com')], createdDateTime: '2026-03-01T11:30:00Z' },
      ],
    });
    incidentId = res.json()[0].incidentId;
    events.length = 0;
  });
  afterEach(() => t.close());

  const get = (url: string, role: 'reader' | 'admin' = 'reader') => t.app.inject({ method: 'GET', url, headers: t.as(role) });
  const patch = (payload: object, role: 'triage' | 'responder' | 'admin' = 'triage', id = incidentId) =>
    t.app.inject({ method: 'PATCH', url: `/api/incidents/${id}`, headers: t.as(role), payload });

  it('groups alerts that share an entity into one incident whose severity is the highest', async () => {
    const incident = (await get(`/api/incidents/${incidentId}`)).json();
    expect(incident).toMatchObject({ number: 1, severity: 'High', status: 'New', phase: 'Investigation', title: 'Impossible travel' });
    expect(incident.alerts.map((a: { title: string }) => a.title)).toEqual(['Impossible travel', 'Mass download']);
    expect(incident.entities.map((e: { key: string }) => e.key)).toEqual(['account:ann@contoso.com', 'ip:198.51.100.1']);
    expect(incident).toHaveProperty('comments', []);
    expect(incident).toHaveProperty('tasks', []);
    expect(incident.sla).toMatchObject({ acknowledgeBy: '2026-03-01T12:30:00.0000000Z', recoverBy: '2026-03-02T12:00:00.0000000Z', acknowledgeBreached: false });
    const list = (await get('/api/incidents?count=true')).json();
    expect(list.count).toBe(2);
    expect((await get('/api/incidents/2')).json().title).toBe('Unrelated');
  });

  it('filters the list by status, severity and owner', async () => {
    await patch({ owner: { email: 'Lead@Contoso.com', assignedTo: 'Lead' }, status: 'Active' });
    expect((await get('/api/incidents?status=Active')).json().value.map((i: { id: string }) => i.id)).toEqual([incidentId]);
    expect((await get('/api/incidents?severity=low')).json().value.map((i: { title: string }) => i.title)).toEqual(['Unrelated']);
    expect((await get('/api/incidents?owner=lead@contoso.com')).json().value).toHaveLength(1);
    expect((await get('/api/incidents?owner=nobody')).json().value).toHaveLength(0);
  });

  it('records every change on the timeline and in the audit log, and announces it', async () => {
    const res = await patch({ status: 'Active', owner: { userPrincipalName: 'lead@contoso.com' }, labels: [{ labelName: 'vip' }] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'Active', labels: [{ labelName: 'vip', labelType: 'User' }], owner: { userPrincipalName: 'lead@contoso.com' } });
    expect(res.json().sla.acknowledgedAt).toBe('2026-03-01T12:00:00.0000000Z');
    const timeline = (await get(`/api/incidents/${incidentId}/timeline`)).json().value;
    const statusEntry = timeline.find((e: { field: string }) => e.field === 'status');
    expect(statusEntry).toMatchObject({ action: 'updated', before: 'New', after: 'Active', actor: expect.stringContaining('test-triage') });
    expect(timeline.map((e: { action: string }) => e.action)).toContain('alertAdded');
    const audit = (await get(`/api/audit?entityType=incident&entityId=${incidentId}`, 'admin')).json().value;
    expect(audit[0]).toMatchObject({ action: 'update', before: { status: 'New' }, after: { status: 'Active' } });
    const updated = events.find((e) => e.type === 'incident.updated');
    expect(updated?.type === 'incident.updated' && updated.changes.map((c) => c.field).sort()).toEqual(['labels', 'owner', 'sla', 'status']);
  });

  it('refuses to close without a classification, names the field and changes nothing', async () => {
    const before = (await get(`/api/incidents/${incidentId}/timeline`)).json().value.length;
    const res = await patch({ status: 'Closed' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'BadRequest', field: '/classification' });
    expect((await get(`/api/incidents/${incidentId}`)).json().status).toBe('New');
    expect((await get(`/api/incidents/${incidentId}/timeline`)).json().value).toHaveLength(before);
    expect(events).toEqual([]);
  });

  it('closes with a classification, resolves the phase and stops the recovery clock; reopening restarts it', async () => {
    now = new Date('2026-03-01T13:00:00Z');
    const closed = (await patch({ status: 'Closed', classification: 'TruePositive', classificationReason: 'SuspiciousActivity', classificationComment: 'confirmed' })).json();
    expect(closed).toMatchObject({ status: 'Closed', phase: 'Resolved', classification: 'TruePositive' });
    expect(closed.sla).toMatchObject({ recoveredAt: '2026-03-01T13:00:00.0000000Z', recoveryBreached: false, acknowledgeBreached: true });
    const reopened = (await patch({ status: 'Active' })).json();
    expect(reopened).toMatchObject({ status: 'Active', phase: 'Investigation' });
    expect(reopened.sla.recoveredAt).toBeNull();
  });

  it('moves the response through its phases, or escalates, and refuses going backwards', async () => {
    expect((await patch({ phase: 'Containment' })).json().phase).toBe('Containment');
    const back = await patch({ phase: 'Investigation' });
    expect(back.statusCode).toBe(400);
    expect(back.json().error.field).toBe('/phase');
    expect((await patch({ phase: 'Escalated', roles: { lead: 'ann', legal: 'lee' }, objective: 'stop exfiltration', scope: ['account:ann@contoso.com'] })).json()).toMatchObject({
      phase: 'Escalated',
      roles: { lead: 'ann', technical: null, legal: 'lee', communications: null },
      objective: 'stop exfiltration',
      scope: ['account:ann@contoso.com'],
    });
    expect((await patch({ phase: 'Resolved' })).json().error.field).toBe('/phase');
  });

  it('flags SLA breaches as time passes', async () => {
    now = new Date('2026-03-02T13:00:00Z');
    const incident = (await get(`/api/incidents/${incidentId}`)).json();
    expect(incident.sla).toMatchObject({ acknowledgeBreached: true, recoveryBreached: true, warnings: ['acknowledge-overdue', 'recovery-overdue'] });
  });

  it('adds comments and tasks, updates a task, and shows them on the incident', async () => {
    const c = await t.app.inject({ method: 'POST', url: `/api/incidents/${incidentId}/comments`, headers: t.as('triage'), payload: { message: 'looking' } });
    expect(c.statusCode).toBe(201);
    expect(c.json()).toMatchObject({ message: 'looking', author: { name: expect.stringContaining('test-triage') } });
    const task = await t.app.inject({ method: 'POST', url: `/api/incidents/${incidentId}/tasks`, headers: t.as('responder'), payload: { title: 'Reset password', owner: 'ann' } });
    expect(task.statusCode).toBe(201);
    expect(task.json()).toMatchObject({ title: 'Reset password', status: 'New', owner: 'ann' });
    const done = await t.app.inject({ method: 'PATCH', url: `/api/incidents/${incidentId}/tasks/${task.json().id}`, headers: t.as('responder'), payload: { status: 'completed' } });
    expect(done.json().status).toBe('Completed');
    const incident = (await get(`/api/incidents/${incidentId}`)).json();
    expect(incident.comments.map((x: { message: string }) => x.message)).toEqual(['looking']);
    expect(incident.tasks.map((x: { status: string }) => x.status)).toEqual(['Completed']);
    expect((await get(`/api/incidents/${incidentId}/comments`)).json().value).toHaveLength(1);
    expect(events.map((e) => e.type)).toEqual(['incident.comment.created', 'incident.updated', 'incident.task.created', 'incident.updated', 'incident.task.updated']);
    const timelineActions = (await get(`/api/incidents/${incidentId}/timeline`)).json().value.map((e: { action: string }) => e.action);
    expect(timelineActions).toEqual(expect.arrayContaining(['commentAdded', 'taskAdded', 'taskUpdated']));
  });

  it('lists an incident’s alerts and entities', async () => {
    expect((await get(`/api/incidents/${incidentId}/alerts`)).json().value).toHaveLength(2);
    expect((await get(`/api/incidents/${incidentId}/entities`)).json().value.map((e: { kind: string }) => e.kind)).toEqual(['Account', 'Ip']);
  });

  it('lists each incident with its latest 50 alerts, oldest first, and alertCount; the incident itself has them all', async () => {
    const burst = Array.from({ length: 60 }, (_, i) => ({
      title: 'Noisy detector',
      severity: 'low',
      serviceSource: 's',
      providerAlertId: `noisy-${i}`,
      detectorId: 'noisy',
      createdDateTime: new Date(Date.parse('2026-03-01T11:00:00Z') + i * 1000).toISOString(),
    }));
    const posted = (await t.app.inject({ method: 'POST', url: '/api/alerts', headers: t.as('admin'), payload: burst })).json() as { id: string; incidentId: string }[];
    const noisy = posted[0]!.incidentId;
    expect(new Set(posted.map((a) => a.incidentId))).toEqual(new Set([noisy]));

    const listed = (await get('/api/incidents')).json().value as { id: string; alerts: { id: string }[]; alertCount: number }[];
    const item = listed.find((i) => i.id === noisy)!;
    expect(item.alertCount).toBe(60);
    expect(item.alerts.map((a) => a.id)).toEqual(posted.slice(10).map((a) => a.id));
    const small = listed.find((i) => i.id === incidentId)!;
    expect([small.alertCount, small.alerts.length]).toEqual([2, 2]);

    const whole = (await get(`/api/incidents/${noisy}`)).json();
    expect(whole.alertCount).toBe(60);
    expect(whole.alerts.map((a: { id: string }) => a.id)).toEqual(posted.map((a) => a.id));
  });

  it('answers 404 for unknown incidents and tasks', async () => {
    expect((await get('/api/incidents/nope')).statusCode).toBe(404);
    expect((await get('/api/incidents/999')).statusCode).toBe(404);
    const res = await t.app.inject({ method: 'PATCH', url: `/api/incidents/${incidentId}/tasks/nope`, headers: t.as('admin'), payload: { status: 'Completed' } });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NotFound');
  });
});
