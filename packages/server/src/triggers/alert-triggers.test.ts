import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../app/test-app.ts';
import { automationTestApp, corpusPlaybook, settledRuns } from '../automation/e2e.test-support.ts';

const graphAlertPlaybook = {
  parameters: { $connections: { type: 'Object', defaultValue: {} } },
  triggers: {
    On_all_new_alerts: {
      type: 'ApiConnection',
      recurrence: { frequency: 'Minute', interval: 5 },
      inputs: { host: { connection: { name: "@parameters('$connections')['microsoftgraphsecurity']['connectionId']" } }, method: 'get', path: '/v1.0/security/alerts' },
    },
  },
  actions: { Title: { type: 'Compose', runAfter: {}, inputs: "@{triggerBody()?['title']}/@{triggerBody()?['vendorInformation']?['provider']}" } },
};

describe('alert triggers on alert.created', () => {
  let t: TestApp;
  afterEach(async () => t?.close());
  const postAlert = (id: string, severity = 'medium', evidence: unknown[] = []) =>
    t.app.inject({ method: 'POST', url: '/api/alerts', headers: t.as('responder'), payload: { providerAlertId: id, serviceSource: 'microsoftDefenderForEndpoint', title: `alert ${id}`, severity, evidence } });
  const account = (name: string) => ({ '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: { accountName: name, domainName: 'CONTOSO' }, verdict: 'unknown', remediationStatus: 'none', roles: [] });

  it('a corpus Sentinel alert-trigger playbook runs on a new alert and changes its incident', async () => {
    t = await automationTestApp();
    const pb = (await t.app.inject({ method: 'POST', url: '/api/playbooks', headers: t.as('automation-author'), payload: { template: corpusPlaybook('Change-Incident-Severity__alert-trigger.json') } })).json();
    expect([pb.triggerKind, pb.missingOperations]).toEqual(['sentinel-alert', []]);
    // The playbook raises the severity when an account name contains "admin".
    const alert = (await postAlert('s1', 'low', [account('admin-bob')])).json();
    const runs = await settledRuns(t, pb.id);
    expect(runs.map((r) => [r.status, r.startedBy])).toEqual([['Succeeded', 'alert.created']]);
    const incident = (await t.app.inject({ method: 'GET', url: `/api/incidents/${alert.incidentId}`, headers: t.as('reader') })).json();
    expect(incident.severity).toBe('High');
  });

  it('an alert-trigger playbook named by an automation rule on Alerts runs only when that rule matches', async () => {
    t = await automationTestApp();
    const pb = (await t.app.inject({ method: 'POST', url: '/api/playbooks', headers: t.as('automation-author'), payload: { name: 'tmpl', template: corpusPlaybook('_template__alert-trigger.json') } })).json();
    const rule = await t.app.inject({
      method: 'POST',
      url: '/api/automation-rules',
      headers: t.as('automation-author'),
      payload: {
        displayName: 'high alerts only',
        order: 1,
        triggeringLogic: {
          isEnabled: true,
          triggersOn: 'Alerts',
          triggersWhen: 'Created',
          conditions: [{ conditionType: 'Property', conditionProperties: { propertyName: 'IncidentSeverity', operator: 'Equals', propertyValues: ['High'] } }],
        },
        actions: [{ order: 1, actionType: 'RunPlaybook', actionConfiguration: { logicAppResourceId: 'tmpl' } }],
      },
    });
    expect(rule.statusCode).toBe(201);
    await postAlert('s2', 'low');
    await postAlert('s3', 'high');
    const runs = await settledRuns(t, pb.id);
    expect(runs.map((r) => [r.status, r.startedBy])).toEqual([['Succeeded', 'automation-rule:high alerts only']]);
  });

  it('a Graph "On all new alerts" playbook gets the alert in the legacy v1 shape; disabled playbooks do not run', async () => {
    t = await automationTestApp();
    const pb = (
      await t.app.inject({
        method: 'POST',
        url: '/api/playbooks',
        headers: t.as('automation-author'),
        payload: { name: 'graph', definition: graphAlertPlaybook, parameters: { $connections: { microsoftgraphsecurity: { connectionId: 'c', id: '/x/managedApis/microsoftgraphsecurity' } } } },
      })
    ).json();
    expect(pb.triggerKind).toBe('graph-alert');
    const off = (await t.app.inject({ method: 'POST', url: '/api/playbooks', headers: t.as('automation-author'), payload: { name: 'off', definition: graphAlertPlaybook, enabled: false } })).json();
    await postAlert('s4');
    const runs = await settledRuns(t, pb.id);
    const run = (await t.app.inject({ method: 'GET', url: `/api/runs/${runs[0]!.runId}`, headers: t.as('reader') })).json();
    expect(run.actions.find((a: { name: string }) => a.name === 'Title').outputs).toBe('alert s4/microsoftDefenderForEndpoint');
    expect((await t.app.inject({ method: 'GET', url: `/api/playbooks/${off.id}/runs`, headers: t.as('reader') })).json().value).toEqual([]);
  });
});
