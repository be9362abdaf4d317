import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '@riposte/engine';
import type { TestApp } from '../app/test-app.ts';
import { automationTestApp } from '../automation/e2e.test-support.ts';
import { testResources, type TestResources } from '../ledger/test-resource-connector.ts';
import { call, connection, incidentPlaybook } from './test-fixture.ts';

describe('the change ledger and recovery as the server wires them (automation module)', () => {
  let t: TestApp;
  let res: TestResources;
  beforeEach(async () => {
    res = testResources({ door: 'open' });
    t = await automationTestApp({ connectors: new ConnectorRegistry().register(res.connector) });
  });
  afterEach(() => t.close());

  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, role: 'admin' | 'responder' = 'admin') =>
    t.app.inject({ method, url, headers: t.as(role), ...(payload ? { payload } : {}) });

  it('records a playbook run for an incident in its ledger; "Recover incident" makes a plan the lead approves and runs', async () => {
    const alerts = await api('POST', '/api/alerts', [
      { title: 'Door forced', severity: 'high', serviceSource: 'test', providerAlertId: 'wiring-1', detectorId: 'door', evidence: [{ '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress: '192.0.2.44' }], createdDateTime: new Date().toISOString() },
    ]);
    const incidentId = alerts.json()[0].incidentId as string;
    expect((await api('PATCH', `/api/incidents/${incidentId}`, { roles: { lead: 'test-responder' } })).statusCode).toBe(200);

    const created = await api('POST', '/api/playbooks', {
      name: 'Lock-Door',
      definition: incidentPlaybook(
        {
          Lock_door: call('resources', 'post', '/resources/door', { value: 'locked' }),
          Recover_incident: call('riposte', 'post', "/incidents/@{encodeURIComponent(triggerBody()?['object']?['properties']?['incidentNumber'])}/recover", {}, ['Lock_door']),
        },
        { azuresentinel: connection('azuresentinel'), resources: connection('resources'), riposte: connection('riposte') },
      ),
    });
    expect(created.statusCode).toBe(201);
    const run = await api('POST', `/api/playbooks/${created.json().id}/runs`, { incidentId, wait: true });
    expect(run.json()).toMatchObject({ status: 'Succeeded' });
    expect(res.values.get('door')).toBe('locked');

    const ledger = (await api('GET', `/api/incidents/${incidentId}/ledger`)).json().value;
    expect(ledger).toMatchObject([{ operationId: 'resources.set', beforeState: { value: 'open' }, afterState: { value: 'locked' }, actor: { kind: 'run', runId: run.json().runId, workflowName: 'Lock-Door' } }]);

    const [plan] = (await api('GET', `/api/incidents/${incidentId}/recovery`)).json().value;
    expect(plan).toMatchObject({ status: 'awaiting-approval', createdBy: `run:${run.json().runId}` });
    expect((await api('POST', `/api/recovery/${plan.id}/approve`, {}, 'responder')).statusCode).toBe(200);
    const done = (await api('POST', `/api/recovery/${plan.id}/run`, {}, 'responder')).json();
    expect(done.report).toMatchObject({ status: 'succeeded', counts: { restored: 1 } });
    expect(res.values.get('door')).toBe('open');
  });
});
