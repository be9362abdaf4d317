import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryRunStore, WorkflowRuntime } from '@riposte/engine';
import { securityContext } from '../app/security-context.ts';
import { buildTestApp, type TestApp } from '../app/test-app.ts';
import { defaultConnectorRegistry } from '../connectors/index.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../testing/smtp.ts';
import { ResponseProcess } from './response-process.ts';

describe('the response process wired into the default connectors', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let rp: ResponseProcess;
  let runtime: WorkflowRuntime;

  beforeEach(async () => {
    smtp = await startTestSmtpServer();
    const ctx = securityContext({ store: openSqliteSecurityStore({ path: ':memory:', durability: 'normal' }) });
    rp = new ResponseProcess(ctx, {
      publicBaseUrl: 'http://riposte.test',
      notifications: { smtp: { host: smtp.host, port: smtp.port, from: 'soc@riposte.test' } },
      escalation: { triage: { assignedTo: 'IR retainer', ownerType: 'Group' } },
      incidentOf: async () => ({ incidentId: null }),
    });
    t = await buildTestApp({ ...ctx, modules: [rp.module] });
    const registry = rp.extendConnectors(defaultConnectorRegistry());
    runtime = new WorkflowRuntime({ store: new MemoryRunStore(), connectors: rp.gate(registry) });
    rp.bindRuntime(runtime);
    rp.start();
  });
  afterEach(async () => {
    rp.stop();
    await t.close();
    await smtp.stop();
  });

  it('documents its routes in the OpenAPI document', async () => {
    const paths = Object.keys((await t.app.inject({ method: 'GET', url: '/openapi.json' })).json().paths);
    for (const p of ['/api/approvals/{id}/respond', '/api/incidents/{id}/escalate', '/api/incidents/{id}/resolve', '/api/incidents/{id}/roles', '/api/stakeholder-policies', '/api/change-requests/{id}/approve', '/api/assets/{id}']) {
      expect(paths).toContain(p);
    }
  });

  it('keeps office365 mail operations beside the approval email, and a playbook escalates then asks the triage lead', async () => {
    const registry = rp.extendConnectors(defaultConnectorRegistry());
    expect(registry.resolve('office365', 'post', '/v2/Mail')).toBeDefined();
    expect(registry.resolveWebhook('office365', 'post', '/approvalmail/$subscriptions')).toBeDefined();
    expect(registry.resolve('riposte', 'post', '/incidents/7/recover')).toBeDefined();

    const alert = await t.app.inject({
      method: 'POST',
      url: '/api/alerts',
      headers: t.as('admin'),
      payload: [{ title: 'Ransomware note', severity: 'high', serviceSource: 's', providerAlertId: '1', detectorId: 'd', evidence: [], createdDateTime: '2026-03-01T11:00:00Z' }],
    });
    const incidentId = alert.json()[0].incidentId as string;
    const riposte = { connection: { name: "@parameters('$connections')['riposte']['connectionId']" } };
    const definition = {
      parameters: { $connections: { type: 'Object', defaultValue: {} } },
      actions: {
        Escalate: { type: 'ApiConnection', inputs: { host: riposte, method: 'post', path: "/incidents/@{triggerBody()?['incidentId']}/escalate", body: { reason: 'Encryption seen on file servers' } }, runAfter: {} },
        Ask: {
          type: 'ApiConnectionWebhook',
          inputs: { host: riposte, method: 'post', path: '/approvals/$subscriptions', body: { to: 'lead@riposte.test', subject: 'Isolate the file servers?', incidentId: "@{triggerBody()?['incidentId']}" } },
          runAfter: { Escalate: ['Succeeded'] },
        },
      },
    };
    const handle = await runtime.start({ definition, parameters: { $connections: { riposte: { connectionId: 'riposte', id: '/managedApis/riposte' } } }, triggerBody: { incidentId } } as unknown as Parameters<WorkflowRuntime['start']>[0]);
    await smtp.waitForMessages(1);
    const incident = (await t.app.inject({ method: 'GET', url: `/api/incidents/${incidentId}`, headers: t.as('reader') })).json();
    expect(incident).toMatchObject({ phase: 'Escalated', owner: { assignedTo: 'IR retainer' } });
    expect(incident.tasks).toMatchObject([{ description: 'Encryption seen on file servers' }]);

    const pending = (await t.app.inject({ method: 'GET', url: `/api/approvals?status=Pending`, headers: t.as('reader') })).json().value;
    expect(pending).toMatchObject([{ incidentId, subject: 'Isolate the file servers?' }]);
    await t.app.inject({ method: 'POST', url: `/api/approvals/${pending[0].id}/answer`, headers: t.as('triage'), payload: { option: 'Approve' } });
    expect((await handle.done).status).toBe('Succeeded');
    // Several statuses at once; an unknown one is a 400 naming the parameter.
    const decided = (await t.app.inject({ method: 'GET', url: `/api/approvals?status=Pending,Answered`, headers: t.as('reader') })).json().value;
    expect(decided.map((a: { status: string }) => a.status)).toEqual(['Answered']);
    const bad = await t.app.inject({ method: 'GET', url: `/api/approvals?status=Answered,Maybe`, headers: t.as('reader') });
    expect([bad.statusCode, bad.json().error.field]).toEqual([400, '/query/status/1']);
    const timeline = (await t.app.inject({ method: 'GET', url: `/api/incidents/${incidentId}/timeline`, headers: t.as('reader') })).json().value as Array<{ action: string; actor: string }>;
    expect(timeline.map((e) => e.action)).toEqual(expect.arrayContaining(['approvalRequested', 'approvalAnswered']));
    expect(timeline.find((e) => e.action === 'approvalAnswered')!.actor).toContain('triage');
  });
});
