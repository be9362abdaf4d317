/**
 * The REST and Graph contract as an outside checker uses it: the real server (startServer) on a
 * temporary data folder and a loopback port, driven with fetch and the corpus bodies taken
 * unchanged. Items covered by route tests elsewhere (batch limits, 413, route × role, OData
 * operators, subscriptions) are not repeated here.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../../test-support/corpus.ts';
import { startServer, type RunningServer } from './start-server.ts';

const adminKey = 'issue-contract-admin-key-0123456789';
const corpus = (path: string) => JSON.parse(readFileSync(join(corpusDir, path), 'utf8').replace(/^\uFEFF/, ''));
type Json = Record<string, any>;

describe('the issue contract, through HTTP on a running server', () => {
  let dir: string;
  let server: RunningServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'riposte-contract-'));
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir: dir, adminKey, logger: false });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Json) : {} };
  };

  it('stores the Graph alert_v2 example as an alert, keeps its providerAlertId, and a re-post is the same alert', async () => {
    const example = corpus('graph-security/v1.0__security-alert__get-response.json');
    const first = await call('POST', '/api/alerts', example);
    expect(first.status, JSON.stringify(first.json)).toBe(201);
    expect(first.json).toMatchObject({ providerAlertId: example.providerAlertId, title: example.title, severity: 'low' });
    expect(typeof first.json.id).toBe('string');
    const again = await call('POST', '/api/alerts', example);
    expect(again.status).toBe(201);
    expect(again.json.id).toBe(first.json.id);
    const incident = await call('GET', `/api/incidents/${first.json.incidentId}`);
    expect(incident.status).toBe(200);
    expect(incident.json.alerts.map((a: Json) => a.id)).toEqual([first.json.id]);
    expect(incident.json).toMatchObject({ comments: [], tasks: [], labels: [] });
    expect(incident.json.owner).toBeTypeOf('object');
  });

  it('lists incidents each with its alerts, comments, tasks, owner and labels, as GET /api/incidents/{id} shows it', async () => {
    const alert = (await call('POST', '/api/alerts', { title: 'Listed with its parts', serviceSource: 'contract', providerAlertId: 'listed-1' })).json;
    const incidentId = alert.incidentId as string;
    expect((await call('POST', `/api/incidents/${incidentId}/comments`, { message: 'seen' })).status).toBe(201);
    expect((await call('POST', `/api/incidents/${incidentId}/tasks`, { title: 'Reset the password' })).status).toBe(201);
    expect((await call('PATCH', `/api/incidents/${incidentId}`, { owner: { email: 'lead@contoso.com' }, labels: [{ labelName: 'contract' }] })).status).toBe(200);
    const list = await call('GET', '/api/incidents');
    expect(list.status).toBe(200);
    const listed = list.json.value.find((i: Json) => i.id === incidentId);
    expect(listed.alerts.map((a: Json) => a.id)).toEqual([alert.id]);
    expect(listed.comments.map((c: Json) => c.message)).toEqual(['seen']);
    expect(listed.tasks.map((t: Json) => t.title)).toEqual(['Reset the password']);
    expect(listed.owner.email).toBe('lead@contoso.com');
    expect(listed.labels.map((l: Json) => l.labelName)).toEqual(['contract']);
    const one = await call('GET', `/api/incidents/${incidentId}`);
    expect({ ...listed, sla: undefined }).toEqual({ ...one.json, sla: undefined });
  });

  it('creates the Sentinel automation rule example from its properties and as the whole resource', async () => {
    const resource = corpus('sentinel-automation-rules/AutomationRules_CreateOrUpdate.json').parameters.automationRule;
    const fromProperties = await call('POST', '/api/automation-rules', resource.properties);
    expect(fromProperties.status, JSON.stringify(fromProperties.json)).toBe(201);
    expect(fromProperties.json.properties.displayName).toBe(resource.properties.displayName);
    const whole = await call('POST', '/api/automation-rules', resource);
    expect(whole.status, JSON.stringify(whole.json)).toBe(201);
    expect(whole.json.name).toBe(resource.name);
    expect(whole.json.properties.actions).toEqual(resource.properties.actions);
  });

  it('creates every Defender automation example, from its properties and as the whole resource, once its Logic App is a playbook', async () => {
    const template = corpus('sentinel-playbooks/_template__alert-trigger.json');
    for (const name of ['MyTest1', 'MyTest2']) {
      expect((await call('POST', '/api/playbooks', { name, template })).status).toBe(201);
    }
    const files = ['PutAutomation_example.json', 'PutAutomationAllAssessments_example.json', 'PutAutomationHighSeverityAssessments_example.json', 'PutDisableAutomation_example.json'];
    for (const file of files) {
      const parameters = corpus(`defender-automations/${file}`).parameters;
      const resource = parameters.automation ?? parameters.Automation;
      for (const body of [resource.properties, resource]) {
        const created = await call('POST', '/api/workflow-automations', body);
        expect(created.status, `${file}: ${JSON.stringify(created.json)}`).toBe(201);
        expect(created.json.properties.sources).toEqual(resource.properties.sources);
      }
    }
  });

  it('creates the Graph tiIndicator create-request example unchanged (its description is 101 characters)', async () => {
    const example = corpus('graph-security/beta__tiindicator__create-request.json');
    const created = await call('POST', '/graph/beta/security/tiIndicators', example);
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toMatchObject({ description: example.description, fileHashValue: example.fileHashValue, tlpLevel: 'green' });
  });

  it('answers an over-long URL (a huge $filter) with 431 in the usual error body, and keeps serving', async () => {
    const filter = Array.from({ length: 2000 }, (_, i) => `title eq 'x${i}'`).join(' or ');
    const res = await fetch(`${server.url}/graph/v1.0/security/alerts_v2?$filter=${encodeURIComponent(filter)}`, { headers: { authorization: `Bearer ${adminKey}` } });
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as Json;
    expect(body.error.code).toBe('RequestHeaderFieldsTooLarge');
    expect(body.error.message).toMatch(/\$filter/);
    expect((await call('GET', '/healthz')).status).toBe(200);
  });

  it('answers $top=0 with no items and no next link, and the count when $count=true', async () => {
    await call('POST', '/api/alerts', [1, 2, 3].map((n) => ({ title: `top zero ${n}`, serviceSource: 'contract', providerAlertId: `top-zero-${n}` })));
    for (const path of ['/graph/v1.0/security/alerts_v2', '/graph/v1.0/security/alerts', '/graph/v1.0/security/incidents']) {
      const page = await call('GET', `${path}?$top=0&$count=true`);
      expect(page.status, path).toBe(200);
      expect(page.json.value, path).toEqual([]);
      expect(page.json['@odata.nextLink'], path).toBeUndefined();
      expect(page.json['@odata.count'], path).toBeGreaterThanOrEqual(3);
    }
  });
});
