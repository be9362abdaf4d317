import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../app/test-app.ts';
import { automationTestApp, settledRuns } from './e2e.test-support.ts';
import { corpusDir } from '../../../../test-support/corpus.ts';

const corpusAutomation = (file: string) => JSON.parse(readFileSync(`${corpusDir}/defender-automations/${file}`, 'utf8')).parameters.Automation as Record<string, unknown>;

const sentinel = "@parameters('$connections')['azuresentinel']['connectionId']";
const connections = (apis: string[]) => ({
  $connections: Object.fromEntries(apis.map((api) => [`${api}_1`, { connectionId: `/c/${api}`, id: `/subscriptions/s/providers/Microsoft.Web/locations/l/managedApis/${api}` }])),
});

/** A Defender alert-trigger playbook that finds the alert's incident and comments on it. */
const defenderCommentPlaybook = {
  triggers: {
    When_a_Defender_for_Cloud_alert_is_created: {
      type: 'ApiConnectionWebhook',
      inputs: { host: { connection: { name: "@parameters('$connections')['ascalert_1']['connectionId']" } }, body: { callback_url: '@{listCallbackUrl()}' }, path: '/Microsoft.Security/Alert/subscribe' },
    },
  },
  actions: {
    'Alert_-_Get_incident': {
      type: 'ApiConnection',
      runAfter: {},
      inputs: {
        host: { connection: { name: sentinel.replace("'azuresentinel'", "'azuresentinel_1'") } },
        method: 'get',
        path: "/Incidents/subscriptions/@{encodeURIComponent('s')}/resourceGroups/@{encodeURIComponent('rg')}/workspaces/@{encodeURIComponent('ws')}/alerts/@{encodeURIComponent(triggerBody()?['SystemAlertId'])}",
      },
    },
    Add_comment: {
      type: 'ApiConnection',
      runAfter: { 'Alert_-_Get_incident': ['Succeeded'] },
      inputs: {
        host: { connection: { name: sentinel.replace("'azuresentinel'", "'azuresentinel_1'") } },
        method: 'post',
        path: '/Incidents/Comment',
        body: { incidentArmId: "@body('Alert_-_Get_incident')?['id']", message: "Defender: @{triggerBody()?['AlertDisplayName']} (@{triggerBody()?['Severity']})" },
      },
    },
  },
  parameters: { $connections: { type: 'Object', defaultValue: {} } },
};

/** A Request-trigger playbook that records what an assessment automation hands it. */
const assessmentPlaybook = {
  triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } },
  actions: { Status: { type: 'Compose', runAfter: {}, inputs: "@{triggerBody()?['properties']?['metadata']?['severity']}/@{triggerBody()?['properties']?['status']?['code']}" } },
};

describe('Defender for Cloud workflow automations (through HTTP)', () => {
  let t: TestApp;
  let receiver: Server | undefined;
  afterEach(async () => {
    await t?.close();
    await new Promise((r) => (receiver ? receiver.close(r) : r(undefined)));
    receiver = undefined;
  });

  it('an automation on Alerts runs its LogicApp playbook with the Defender payload; the playbook comments on the alert’s incident', async () => {
    t = await automationTestApp();
    const pb = await t.app.inject({ method: 'POST', url: '/api/playbooks', headers: t.as('automation-author'), payload: { name: 'Comment-On-Defender-Alert', definition: defenderCommentPlaybook, parameters: connections(['ascalert', 'azuresentinel']) } });
    expect(pb.statusCode).toBe(201);
    expect(pb.json().triggerKind).toBe('defender-alert');
    const automation = await t.app.inject({
      method: 'POST',
      url: '/api/workflow-automations',
      headers: t.as('automation-author'),
      payload: {
        name: 'high-alerts',
        properties: {
          isEnabled: true,
          sources: [{ eventSource: 'Alerts', ruleSets: [{ rules: [{ propertyJPath: 'Severity', propertyType: 'String', expectedValue: 'High', operator: 'Equals' }] }] }],
          actions: [{ actionType: 'LogicApp', logicAppResourceId: '/subscriptions/x/resourceGroups/y/providers/Microsoft.Logic/workflows/Comment-On-Defender-Alert', uri: 'https://unused.example' }],
        },
      },
    });
    expect(automation.statusCode).toBe(201);

    const low = await t.app.inject({ method: 'POST', url: '/api/alerts', headers: t.as('responder'), payload: { providerAlertId: 'd-low', serviceSource: 'microsoftDefenderForCloud', title: 'Low one', severity: 'low' } });
    const high = await t.app.inject({ method: 'POST', url: '/api/alerts', headers: t.as('responder'), payload: { providerAlertId: 'd-high', serviceSource: 'microsoftDefenderForCloud', title: 'Crypto miner on vm-3', severity: 'high' } });
    expect([low.statusCode, high.statusCode]).toEqual([201, 201]);

    const runs = await settledRuns(t, pb.json().id);
    expect(runs.map((r) => [r.status, r.startedBy])).toEqual([['Succeeded', 'workflow-automation:high-alerts']]);
    const incident = (await t.app.inject({ method: 'GET', url: `/api/incidents/${high.json().incidentId}`, headers: t.as('reader') })).json();
    expect(incident.comments.map((c: { message: string }) => c.message)).toEqual(['Defender: Crypto miner on vm-3 (High)']);
    const lowIncident = (await t.app.inject({ method: 'GET', url: `/api/incidents/${low.json().incidentId}`, headers: t.as('reader') })).json();
    expect(lowIncident.comments).toEqual([]);
  });

  it('the corpus automation on high-severity assessments runs its playbook and a Webhook action receives the assessment; disabled automations do not', async () => {
    t = await automationTestApp();
    const received: unknown[] = [];
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as { port: number }).port;

    const pb = await t.app.inject({ method: 'POST', url: '/api/playbooks', headers: t.as('automation-author'), payload: { name: 'MyTest1', definition: assessmentPlaybook } });
    expect(pb.statusCode).toBe(201);
    const body = corpusAutomation('PutAutomationHighSeverityAssessments_example.json');
    const created = await t.app.inject({ method: 'POST', url: '/api/workflow-automations', headers: t.as('automation-author'), payload: body });
    expect(created.statusCode).toBe(201);
    const hook = await t.app.inject({
      method: 'POST',
      url: '/api/workflow-automations',
      headers: t.as('automation-author'),
      payload: { name: 'hook', properties: { isEnabled: true, sources: [{ eventSource: 'Assessments' }], actions: [{ actionType: 'Webhook', uri: `http://127.0.0.1:${port}/hook` }] } },
    });
    expect(hook.statusCode).toBe(201);

    const resource = '/subscriptions/a5caac9c-5c04-49af-b3d0-e204f40345d5/resourceGroups/myResourceGroup/providers/Microsoft.Compute/virtualMachines/vm1';
    const assessment = (name: string, severity: string) => ({
      name,
      properties: { displayName: `Check ${name}`, status: { code: 'Unhealthy' }, resourceDetails: { source: 'Azure', id: resource }, metadata: { displayName: `Check ${name}`, severity } },
    });
    expect((await t.app.inject({ method: 'POST', url: '/api/assessments', headers: t.as('responder'), payload: assessment('a-high', 'High') })).statusCode).toBeLessThan(300);
    expect((await t.app.inject({ method: 'POST', url: '/api/assessments', headers: t.as('responder'), payload: assessment('a-low', 'Low') })).statusCode).toBeLessThan(300);
    const runs = await settledRuns(t, pb.json().id);
    expect(runs).toHaveLength(1);
    const run = (await t.app.inject({ method: 'GET', url: `/api/runs/${runs[0]!.runId}`, headers: t.as('reader') })).json();
    expect(run.actions.find((a: { name: string }) => a.name === 'Status').outputs).toBe('High/Unhealthy');
    expect(received.map((r) => (r as { name: string }).name).sort()).toEqual(['a-high', 'a-low']);

    // Disabled: the next assessment reaches neither the playbook nor the webhook.
    const automationName = created.json().name as string;
    expect((await t.app.inject({ method: 'POST', url: `/api/workflow-automations/${automationName}/disable`, headers: t.as('automation-author') })).json().properties.isEnabled).toBe(false);
    await t.app.inject({ method: 'POST', url: '/api/workflow-automations/hook/disable', headers: t.as('automation-author') });
    await t.app.inject({ method: 'POST', url: '/api/assessments', headers: t.as('responder'), payload: assessment('a-high-2', 'High') });
    expect(await settledRuns(t, pb.json().id)).toHaveLength(1);
    expect(received).toHaveLength(2);
  });
});
