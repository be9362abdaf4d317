import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphTestApp } from './graph-fixture.test-support.ts';
import { buildGraphTestApp } from './graph-fixture.test-support.ts';

describe('Graph security/incidents and legacy security/alerts', () => {
  let t: GraphTestApp;
  beforeAll(async () => {
    t = await buildGraphTestApp();
  });
  afterAll(() => t.close());

  const get = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: { ...t.as('reader'), host: 'riposte.test' } });
    return { status: res.statusCode, body: res.json() };
  };

  it('lists incidents in Graph vocabulary and expands their alerts', async () => {
    const { status, body } = await get('/graph/v1.0/security/incidents?$expand=alerts&$count=true');
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body['@odata.count']).toBeGreaterThan(0);
    const first = body.value[0];
    expect(first['@odata.type']).toBe('#microsoft.graph.security.incident');
    expect(['active', 'inProgress', 'resolved']).toContain(first.status);
    expect(['informational', 'low', 'medium', 'high']).toContain(first.severity);
    expect(first.alerts.length).toBeGreaterThan(0);
    const alertIds = body.value.flatMap((i: { alerts: { id: string }[] }) => i.alerts.map((a) => a.id)).sort();
    expect(alertIds).toEqual(t.alerts.map((a) => a.id).sort());
  });

  it('filters incidents on Graph values translated to the stored ones', async () => {
    const all = (await get('/graph/v1.0/security/incidents')).body.value as { severity: string; status: string }[];
    const high = await get(`/graph/v1.0/security/incidents?$filter=${encodeURIComponent("severity eq 'high' and status eq 'active'")}`);
    expect(high.status).toBe(200);
    expect(high.body.value.length).toBe(all.filter((i) => i.severity === 'high' && i.status === 'active').length);
    expect(high.body.value.length).toBeGreaterThan(0);
  });

  it('gets one incident, patches it as Graph does, and filters on the result', async () => {
    const list = (await get('/graph/v1.0/security/incidents?$top=1')).body.value;
    const id = list[0].id as string;
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/graph/v1.0/security/incidents/${id}`,
      headers: t.as('triage'),
      payload: { classification: 'TruePositive', determination: 'MultiStagedAttack', customTags: ['Demo'], assignedTo: 'KaiC@contoso.com', status: 'inProgress' },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json()).toMatchObject({ id, classification: 'truePositive', customTags: ['Demo'], assignedTo: 'KaiC@contoso.com', status: 'inProgress' });
    const found = await get(`/graph/v1.0/security/incidents?$filter=${encodeURIComponent("assignedTo eq 'KaiC@contoso.com' and classification eq 'truePositive'")}`);
    expect(found.body.value.map((i: { id: string }) => i.id)).toEqual([id]);
    const one = await get(`/graph/v1.0/security/incidents/${id}?$expand=alerts`);
    expect(one.status).toBe(200);
    expect(one.body['@odata.context']).toBe('http://riposte.test/graph/v1.0/$metadata#security/incidents/$entity');
    expect(one.body.alerts.length).toBeGreaterThan(0);
    const selected = await get(`/graph/v1.0/security/incidents/${id}?$select=displayName&$expand=alerts`);
    expect(Object.keys(selected.body).sort()).toEqual(['@odata.context', 'alerts', 'displayName']);
    const bad = await t.app.inject({ method: 'PATCH', url: `/graph/v1.0/security/incidents/${id}`, headers: t.as('triage'), payload: { status: 'sleeping' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('/status');
    expect((await get('/graph/v1.0/security/incidents/nope')).body.error.code).toBe('ResourceNotFound');
    const commented = await t.app.inject({ method: 'POST', url: `/graph/v1.0/security/incidents/${id}/comments`, headers: t.as('responder'), payload: { '@odata.type': 'microsoft.graph.security.alertComment', comment: 'Demo incident' } });
    expect(commented.statusCode, commented.body).toBe(200);
    expect(commented.json().value.map((c: { comment: string }) => c.comment)).toEqual(['Demo incident']);
    expect((await get(`/graph/v1.0/security/incidents/${id}?$select=comments`)).body.comments[0]).toMatchObject({ comment: 'Demo incident' });
  });

  it('serves the legacy v1 alert shape with v1 filter names', async () => {
    const { status, body } = await get(`/graph/v1.0/security/alerts?$filter=${encodeURIComponent("status eq 'newAlert' and vendorInformation/provider eq 'microsoftDefenderForEndpoint'")}`);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body['@odata.context']).toBe('http://riposte.test/graph/v1.0/$metadata#security/alerts');
    expect(body.value.map((a: { title: string }) => a.title)).toEqual(['Ransomware behavior', 'Port scan']);
    expect(body.value[0]).toMatchObject({ status: 'newAlert', vendorInformation: { provider: 'microsoftDefenderForEndpoint' } });
    const feedback = await get(`/graph/v1.0/security/alerts?$filter=${encodeURIComponent("feedback eq 'truePositive'")}&$select=title,feedback`);
    expect(feedback.body.value).toEqual([{ title: 'Phishing mail', feedback: 'truePositive' }]);
  });

  it('PATCHes a legacy alert (204) and the change shows in alert_v2', async () => {
    const id = t.alerts[5]!.id;
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/graph/v1.0/security/alerts/${id}`,
      headers: t.as('triage'),
      payload: { assignedTo: 'bob@contoso.com', comments: ['checked'], feedback: 'falsePositive', status: 'dismissed', vendorInformation: { provider: 'riposte', vendor: 'Riposte' } },
    });
    expect(res.statusCode, res.body).toBe(204);
    const v2 = (await get(`/graph/v1.0/security/alerts_v2/${id}`)).body;
    expect(v2).toMatchObject({ assignedTo: 'bob@contoso.com', classification: 'falsePositive', status: 'resolved' });
    expect(v2.comments.map((c: { comment: string }) => c.comment)).toEqual(['checked']);
  });
});
