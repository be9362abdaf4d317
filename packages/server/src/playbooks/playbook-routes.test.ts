import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../app/test-app.ts';
import { automationTestApp, corpusPlaybook, settledRuns } from '../automation/e2e.test-support.ts';

const compose = (value: string) => ({
  parameters: { secret: { type: 'securestring', defaultValue: 'hunter2' } },
  triggers: { manual: { type: 'Request', kind: 'Http' } },
  actions: { Say: { type: 'Compose', runAfter: {}, inputs: value } },
});

describe('/api/playbooks', () => {
  let t: TestApp;
  afterEach(async () => t?.close());
  const create = (payload: object, role: 'automation-author' | 'responder' = 'automation-author') => t.app.inject({ method: 'POST', url: '/api/playbooks', headers: t.as(role), payload });
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: t.as('reader') });

  it('creates from a definition, keeps versions on PUT, and runs the current one by hand', async () => {
    t = await automationTestApp();
    const res = await create({ name: 'hello', definition: compose("@{triggerBody()?['who']} v1") });
    expect(res.statusCode).toBe(201);
    const { id } = res.json();
    const put = await t.app.inject({ method: 'PUT', url: `/api/playbooks/${id}`, headers: t.as('automation-author'), payload: { definition: compose("@{triggerBody()?['who']} v2") } });
    expect([put.statusCode, put.json().version]).toEqual([200, 2]);
    const versions = (await get(`/api/playbooks/${id}/versions`)).json().value;
    expect(versions.map((v: { version: number; current: boolean }) => [v.version, v.current])).toEqual([[1, false], [2, true]]);
    // Secure parameter values are never shown.
    expect(versions[0].parameters.secret).toEqual({ $redacted: true });
    expect((await get(`/api/playbooks/${id}`)).json().parameters.secret).toEqual({ $redacted: true });

    const run = await t.app.inject({ method: 'POST', url: `/api/playbooks/${id}/runs`, headers: t.as('responder'), payload: { triggerBody: { who: 'ann' }, wait: true } });
    expect([run.statusCode, run.json().status]).toEqual([200, 'Succeeded']);
    const history = (await get(`/api/runs/${run.json().runId}`)).json();
    expect(history.actions.find((a: { name: string }) => a.name === 'Say').outputs).toBe('ann v2');
    expect(history.playbookVersion).toBe(2);
    expect(history.parameters.secret).toEqual({ $redacted: true });
    expect(history.startedBy).toMatch(/^manual:key:[0-9a-f]+ \(test-responder\)$/);
    const runs = (await get(`/api/playbooks/${id}/runs`)).json().value;
    expect(runs.map((r: { status: string }) => r.status)).toEqual(['Succeeded']);
    const audit = (await t.app.inject({ method: 'GET', url: `/api/audit?entityType=playbook&entityId=${id}`, headers: t.as('admin') })).json().value;
    expect(audit.map((a: { action: string }) => a.action).sort()).toEqual(['create', 'run', 'update']);
  });

  it('finds a playbook by id, name or ARM id; a taken name is a 409', async () => {
    t = await automationTestApp();
    const { id } = (await create({ name: 'Finder', definition: compose('x') })).json();
    for (const ref of [id, 'finder', '/subscriptions/s/resourceGroups/r/providers/Microsoft.Logic/workflows/Finder']) {
      expect((await get(`/api/playbooks/${encodeURIComponent(ref)}`)).json().id).toBe(id);
    }
    const dup = await create({ name: 'FINDER', definition: compose('y') });
    expect([dup.statusCode, dup.json().error.field]).toEqual([409, '/name']);
  });

  it('an invalid definition is a 400 naming the pointer, and nothing is written', async () => {
    t = await automationTestApp();
    const bad = await create({ name: 'bad', definition: { triggers: { manual: { type: 'Request' } }, actions: { A: { type: 'Compose', inputs: 'x', runAfter: { Missing: ['Succeeded'] } } } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('/definition/actions/A/runAfter/Missing');
    const both = await create({ name: 'both', definition: compose('x'), template: {} });
    expect([both.statusCode, both.json().error.field]).toEqual([400, '/template']);
    const template = corpusPlaybook('_template__incident-trigger.json');
    const broken = JSON.parse(JSON.stringify(template).replace('"runAfter":{}', '"runAfter":{"Nowhere":["Succeeded"]}'));
    const badTemplate = await create({ name: 'broken', template: broken });
    expect(badTemplate.statusCode).toBe(400);
    expect(badTemplate.json().error.field).toMatch(/^\/template\/resources\/\d+\/properties\/definition\/actions\//);
    expect((await get('/api/playbooks')).json().value).toEqual([]);
  });

  it('imports a corpus template: connections by managed API, whatever their key', async () => {
    t = await automationTestApp();
    const res = await create({ template: corpusPlaybook('Block-AADUser__incident-trigger.json') });
    expect(res.statusCode).toBe(201);
    const playbook = (await get(`/api/playbooks/${res.json().id}`)).json();
    expect(playbook.triggerKind).toBe('sentinel-incident');
    const sentinel = playbook.connections.find((c: { name: string }) => c.name === 'microsoftsentinel');
    expect(sentinel.api).toBe('azuresentinel');
    // microsoftsentinel's comment operation resolves: only the other connectors' operations are missing.
    expect(playbook.missingOperations.some((m: { api: string }) => m.api === 'azuresentinel')).toBe(false);
  });

  it('disable stops triggers; delete removes the playbook; responders cannot write', async () => {
    t = await automationTestApp();
    expect((await create({ name: 'x', definition: compose('x') }, 'responder')).statusCode).toBe(403);
    const { id } = (await create({ name: 'x', definition: compose('x') })).json();
    const off = await t.app.inject({ method: 'POST', url: `/api/playbooks/${id}/disable`, headers: t.as('automation-author') });
    expect(off.json().enabled).toBe(false);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/playbooks/${id}`, headers: t.as('automation-author') })).statusCode).toBe(204);
    expect((await get(`/api/playbooks/${id}`)).statusCode).toBe(404);
  });

  it('a manual run of an incident-trigger playbook gets the Sentinel payload of the chosen incident', async () => {
    t = await automationTestApp();
    const template = corpusPlaybook('Restrict-MDEAppExecution__incident-trigger.json');
    const { id } = (await create({ name: 'restrict', template })).json();
    const alert = await t.app.inject({
      method: 'POST',
      url: '/api/alerts',
      headers: t.as('responder'),
      payload: { providerAlertId: 'm1', title: 'x', severity: 'low', evidence: [{ '@odata.type': '#microsoft.graph.security.deviceEvidence', hostName: 'H1', verdict: 'unknown', remediationStatus: 'none', roles: [] }] },
    });
    const incidentId = alert.json().incidentId;
    const run = await t.app.inject({ method: 'POST', url: `/api/playbooks/${id}/runs`, headers: t.as('responder'), payload: { incidentId } });
    expect(run.statusCode).toBe(202);
    const runs = await settledRuns(t, id);
    expect(runs[0]!.status).toBe('Succeeded');
    const comments = (await get(`/api/incidents/${incidentId}/comments`)).json().value;
    expect(comments.map((c: { message: string }) => c.message)).toEqual(['<p>H1 was triggered for restrict app execution, but the host does not have a MDEDeviceID.</p>']);
    const missing = await t.app.inject({ method: 'POST', url: `/api/playbooks/${id}/runs`, headers: t.as('responder'), payload: { incidentId: 'nope' } });
    expect(missing.statusCode).toBe(404);
  });
});
