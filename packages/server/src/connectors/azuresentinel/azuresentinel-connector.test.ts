import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorRequest } from '@riposte/engine';
import type { TestApp } from '../../app/test-app.ts';
import { automationTestApp } from '../../automation/e2e.test-support.ts';
import { incidentArmId } from '../../domain/sentinel-payloads/index.ts';
import { defaultWorkspace } from '../../triggers/payloads.ts';

describe('azuresentinel connector on Riposte incidents', () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  async function call(method: string, path: string, body?: unknown, connectionKey = 'azuresentinel_1', idempotencyKey = `k-${Math.random()}`) {
    const registry = t.app.riposteAutomation.playbooks.options.connectors;
    const found = registry.resolve('azuresentinel', method, path);
    if (!found) throw new Error(`no operation ${method} ${path}`);
    const req: ConnectorRequest = {
      connection: { name: connectionKey, api: 'azuresentinel' },
      method: method as ConnectorRequest['method'],
      path,
      pathParams: found.pathParams,
      queries: {},
      headers: {},
      body,
      idempotencyKey,
      runId: 'run-1',
      actionName: 'A',
      signal: new AbortController().signal,
    };
    return { op: found.operation, req, res: await found.operation.execute(req) };
  }

  async function incidentWithAlert() {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/alerts',
      headers: t.as('responder'),
      payload: {
        providerAlertId: 'c1',
        title: 'Mail from a bad sender',
        severity: 'medium',
        evidence: [
          { '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: { accountName: 'bob', domainName: 'CONTOSO', userPrincipalName: 'bob@contoso.com' }, verdict: 'unknown', remediationStatus: 'none', roles: [] },
          { '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress: '198.51.100.7', verdict: 'unknown', remediationStatus: 'none', roles: [] },
        ],
      },
    });
    const alert = res.json();
    const incident = (await t.app.inject({ method: 'GET', url: `/api/incidents/${alert.incidentId}`, headers: t.as('reader') })).json();
    return { alert, incident, armId: incidentArmId({ id: incident.id }, defaultWorkspace) };
  }

  it('PUT /Incidents changes severity, status, classification, owner and tags; its state reads and restores the fields', async () => {
    t = await automationTestApp();
    const { incident, armId } = await incidentWithAlert();
    const body = {
      incidentArmId: armId,
      severity: 'High',
      status: 'Closed',
      classification: { ClassificationAndReason: 'TruePositive - SuspiciousActivity', ClassificationReasonText: 'confirmed' },
      ownerAction: 'Assign',
      owner: 'ann@contoso.com',
      tagsToAdd: { TagsToAdd: [{ Tag: 'phish' }] },
    };
    const op = t.app.riposteAutomation.playbooks.options.connectors.resolve('azuresentinel', 'put', '/Incidents')!.operation;
    const before = await op.state!.read({ body } as ConnectorRequest);
    const { res } = await call('put', '/Incidents', body);
    expect(res.statusCode).toBe(200);
    const after = (await t.app.inject({ method: 'GET', url: `/api/incidents/${incident.id}`, headers: t.as('reader') })).json();
    expect([after.severity, after.status, after.classification, after.classificationReason, after.owner.userPrincipalName, after.labels.map((l: { labelName: string }) => l.labelName)]).toEqual([
      'High',
      'Closed',
      'TruePositive',
      'SuspiciousActivity',
      'ann@contoso.com',
      ['phish'],
    ]);
    await op.state!.restore({ body, runId: 'run-1' } as ConnectorRequest, before);
    const restored = (await t.app.inject({ method: 'GET', url: `/api/incidents/${incident.id}`, headers: t.as('reader') })).json();
    expect([restored.severity, restored.status, restored.labels, restored.owner.userPrincipalName ?? null]).toEqual([incident.severity, incident.status, [], incident.owner.userPrincipalName ?? null]);
    const bad = await call('put', '/Incidents', { incidentArmId: armId, classification: { ClassificationAndReason: 'Maybe' } });
    expect(bad.res.statusCode).toBe(400);
  });

  it('adds comments and tasks as the playbook; an unknown incident is a 404', async () => {
    t = await automationTestApp();
    const { incident, armId } = await incidentWithAlert();
    const first = await call('post', '/Incidents/Comment', { incidentArmId: armId, message: 'checked' }, 'azuresentinel', 'run-1/Add_comment');
    // The same action retried (same idempotency key) answers as before and adds nothing.
    const retried = await call('post', '/Incidents/Comment', { incidentArmId: armId, message: 'checked' }, 'azuresentinel', 'run-1/Add_comment');
    expect([first.res.statusCode, retried.res.body]).toEqual([200, first.res.body]);
    expect((await call('post', '/Incidents/Tasks', { incidentArmId: armId, title: 'Block sender' })).res.statusCode).toBe(200);
    const view = (await t.app.inject({ method: 'GET', url: `/api/incidents/${incident.id}`, headers: t.as('reader') })).json();
    expect(view.comments.map((c: { message: string }) => c.message)).toEqual(['checked']);
    expect(view.tasks.map((x: { title: string }) => x.title)).toEqual(['Block sender']);
    const missing = await call('post', '/Incidents/Comment', { incidentArmId: `${armId}-nope`, message: 'x' });
    expect([missing.res.statusCode, (missing.res.body as { error: { code: string } }).error.code]).toEqual([404, 'NotFound']);
  });

  it('entities by type, from the incident trigger payload, and the incident of an alert (both API generations)', async () => {
    t = await automationTestApp();
    const { alert, incident } = await incidentWithAlert();
    const { incidentTriggerBody } = await import('../../triggers/payloads.ts');
    const stored = (await t.app.riposte.store.getIncident(incident.id))!;
    const trigger = await incidentTriggerBody(t.app.riposte, stored, defaultWorkspace);
    const accounts = (await call('post', '/entities/account', trigger.object.properties.relatedEntities)).res.body as { Accounts: Array<Record<string, unknown>> };
    expect(accounts.Accounts.map((a) => [a.Name, a.UPNSuffix])).toEqual([['bob', 'contoso.com']]);
    const ips = (await call('post', '/entities/ip', trigger.object.properties.relatedEntities)).res.body as { IPs: Array<Record<string, unknown>> };
    expect(ips.IPs.map((i) => i.Address)).toEqual(['198.51.100.7']);
    const byAlert = await call('get', `/Incidents/subscriptions/s/resourceGroups/rg/workspaces/ws/alerts/${alert.id}`);
    expect((byAlert.res.body as { id: string }).id).toBe(trigger.object.id);
    const byCase = await call('get', `/Cases/${alert.id}/s/ws/rg`);
    expect((byCase.res.body as { properties: { CaseNumber: number } }).properties.CaseNumber).toBe(incident.number);
    const sev = await call('put', `/Case/s/ws/rg/Incident/${incident.number}/Severity/Critical`);
    expect(sev.res.statusCode).toBe(200);
    expect((await t.app.riposte.store.getIncident(incident.id))!.severity).toBe('High');
  });

  it('creates an incident as the corpus playbook does (once per idempotency key), checking its fields like POST /api/incidents', async () => {
    t = await automationTestApp();
    const path = '/Incidents/subscriptions/s/resourceGroups/rg/workspaces/ws';
    const body = { title: ' Mail from the shared mailbox ', description: 'reported', severity: 'High', status: 'Active', ownerAction: 'Assign', owner: 'ann@contoso.com', tagsToAdd: { TagsToAdd: [{ Tag: 'mailbox' }] } };
    const first = await call('put', path, body, 'azuresentinel', 'run-1/Create_incident');
    expect(first.res.statusCode).toBe(200);
    const object = first.res.body as { id: string; properties: { incidentNumber: number; title: string; severity: string; status: string } };
    expect([object.properties.title, object.properties.severity, object.properties.status]).toEqual(['Mail from the shared mailbox', 'High', 'Active']);
    const retried = await call('put', path, body, 'azuresentinel', 'run-1/Create_incident');
    expect(retried.res.body).toEqual(first.res.body);
    const listed = (await t.app.inject({ method: 'GET', url: '/api/incidents', headers: t.as('reader') })).json().value;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ title: 'Mail from the shared mailbox', owner: { userPrincipalName: 'ann@contoso.com' }, labels: [{ labelName: 'mailbox' }] });
    expect((first.op as { effect?: string }).effect).toBe('notify');

    for (const [bad, field] of [
      [{ description: 'no title' }, '/body/title'],
      [{ title: 'x', severity: 'Severe' }, '/body/severity'],
      [{ title: 'x', status: 'Closed' }, ''],
    ] as const) {
      const res = (await call('put', path, bad)).res;
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      if (field) expect((res.body as { error: { field?: string } }).error.field, JSON.stringify(bad)).toBe(field);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/incidents?count=true', headers: t.as('reader') })).json().count).toBe(1);
  });

  it('adds labels by incident number (older API), skipping ones already there; its state restores the labels', async () => {
    t = await automationTestApp();
    const { incident } = await incidentWithAlert();
    const path = `/Case/s/ws/rg/Incident/${incident.number}/AddLabels`;
    const body = { Labels: [{ Label: 'Paris' }, { Label: 'France' }] };
    const { op, req, res } = await call('put', path, body);
    expect(res.statusCode).toBe(200);
    await call('put', path, { Labels: [{ Label: 'paris' }, { Label: 'Europe' }] });
    const labels = async () => (await t.app.riposte.store.getIncident(incident.id))!.labels.map((l) => l.labelName);
    expect(await labels()).toEqual(['Paris', 'France', 'Europe']);
    await op.state!.restore(req, { labels: [] });
    expect(await labels()).toEqual([]);
    const missing = await call('put', '/Case/s/ws/rg/Incident/9999/AddLabels', body);
    expect(missing.res.statusCode).toBe(404);
  });
});
