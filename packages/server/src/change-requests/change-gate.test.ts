import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorRegistry, MemoryRunStore, WorkflowRuntime, type Connector } from '@riposte/engine';
import { buildTestApp, type TestApp } from '../app/test-app.ts';
import { registerAssetRoutes } from '../assets/asset-routes.ts';
import { ChangeLedger } from '../ledger/change-ledger.ts';
import { withChangeLedger } from '../ledger/ledger-dispatch.ts';
import { runIncidentResolver } from '../ledger/run-incident.ts';
import { GatedConnectorRegistry, withChangeRequestGate, type ChangeGatePolicy } from './change-gate.ts';
import { registerChangeRequestRoutes } from './change-request-routes.ts';
import { ChangeRequestService } from './change-request-service.ts';

/** A directory stand-in: accounts in memory, a disable operation that declares its state. */
function accountsConnector(enabled: Map<string, boolean>): Connector {
  const id = (req: { pathParams: Record<string, string> }) => req.pathParams.user!.toLowerCase();
  return {
    api: 'accounts',
    displayName: 'Accounts',
    operations: [
      {
        id: 'accounts.disable',
        summary: 'Disable account',
        method: 'post',
        path: '/users/{user}/disable',
        state: {
          resource: (req) => ({ kind: 'ldap-user', id: id(req) }),
          read: async (req) => ({ enabled: enabled.get(id(req)) ?? true }),
          restore: async (req, before) => void enabled.set(id(req), (before as { enabled: boolean }).enabled),
        },
        async execute(req) {
          enabled.set(id(req), false);
          return { statusCode: 204 };
        },
      },
    ],
  };
}

/** Polls until `read` gives a non-empty list (the gate opens its request asynchronously). */
async function eventually<T>(read: () => Promise<T[]>): Promise<T[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = await read();
    if (value.length > 0 || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 5));
  }
}

const definition = {
  parameters: { $connections: { type: 'Object', defaultValue: {} } },
  actions: {
    Disable: {
      type: 'ApiConnection',
      inputs: { host: { connection: { name: "@parameters('$connections')['accounts']['connectionId']" } }, method: 'post', path: "/users/@{encodeURIComponent(triggerBody()?['user'])}/disable" },
      runAfter: {},
    },
  },
};
const parameters = { $connections: { accounts: { connectionId: 'accounts', id: '/managedApis/accounts' } } };

describe('the change-request gate on containment of business-critical assets', () => {
  let t: TestApp;
  let changes: ChangeRequestService;
  let ledger: ChangeLedger;
  let runtime: WorkflowRuntime;
  let policy: ChangeGatePolicy;
  let incidentId: string;
  const enabled = new Map<string, boolean>();

  beforeEach(async () => {
    policy = { mode: 'wait' };
    enabled.clear();
    t = await buildTestApp({
      modules: [
        (_app, services) => {
          changes = new ChangeRequestService(services);
          registerChangeRequestRoutes(services, changes);
          registerAssetRoutes(services, changes.assets);
        },
      ],
    });
    const services = t.app.riposte;
    const runs = new MemoryRunStore();
    ledger = new ChangeLedger(services.store, services.clock, services.newId);
    const incidentOf = runIncidentResolver(runs, services.store, ledger);
    const registry = new ConnectorRegistry().register(accountsConnector(enabled));
    const connectors = withChangeRequestGate(withChangeLedger(registry, { ledger, incidentOf }), { changeRequests: changes, policy: () => policy, incidentOf });
    runtime = new WorkflowRuntime({ store: runs, connectors });

    const res = await t.app.inject({
      method: 'POST',
      url: '/api/alerts',
      headers: t.as('admin'),
      payload: [{ title: 'Token theft', severity: 'high', serviceSource: 's', providerAlertId: '1', detectorId: 'd', evidence: [{ '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: { userPrincipalName: 'ceo@riposte.test', accountName: 'ceo' } }], createdDateTime: '2026-03-01T11:00:00Z' }],
    });
    incidentId = res.json()[0].incidentId;
    const tag = (key: string, businessCritical: boolean) => t.app.inject({ method: 'POST', url: '/api/assets', headers: t.as('admin'), payload: { kind: 'user', key, businessCritical } });
    expect((await tag('CEO@riposte.test', true)).statusCode).toBe(201);
    expect((await tag('intern@riposte.test', false)).statusCode).toBe(201);
  });
  afterEach(() => t.close());

  const run = (user: string) => runtime.start({ definition, parameters, triggerBody: { incidentId, user } } as unknown as Parameters<WorkflowRuntime['start']>[0]);
  const post = (url: string, role: 'triage' | 'responder' | 'reader' | 'admin', payload: object = {}) => t.app.inject({ method: 'POST', url, headers: t.as(role), payload });

  it('waits for a change request it opens, and disables the account once the request is approved (the ledger entry names it)', async () => {
    const handle = await run('ceo');
    const list = await eventually(async () => (await t.app.inject({ method: 'GET', url: `/api/change-requests?incidentId=${incidentId}`, headers: t.as('reader') })).json().value as any[]);
    expect(list).toHaveLength(1);
    const cr = list[0];
    expect(cr).toMatchObject({ status: 'Requested', steps: [{ kind: 'containment', operationId: 'accounts.disable', resource: { kind: 'ldap-user', id: 'ceo' } }] });
    expect(enabled.get('ceo')).toBeUndefined();

    expect((await post(`/api/change-requests/${cr.id}/approve`, 'reader')).statusCode).toBe(403);
    const approved = await post(`/api/change-requests/${cr.id}/approve`, 'triage', { comment: 'CAB by phone' });
    expect(approved.json()).toMatchObject({ status: 'Approved', decision: { comment: 'CAB by phone' } });
    const result = await handle.done;
    expect(result.status).toBe('Succeeded');
    expect(enabled.get('ceo')).toBe(false);
    expect(ledger.listForIncident(incidentId)).toMatchObject([{ resource: { kind: 'ldap-user', id: 'ceo' }, changeRequestId: cr.id, status: 'applied' }]);

    // Implement and close; transitions out of order are refused.
    expect((await post(`/api/change-requests/${cr.id}/approve`, 'triage')).statusCode).toBe(409);
    expect((await post(`/api/change-requests/${cr.id}/implement`, 'responder')).json().status).toBe('Implemented');
    expect((await post(`/api/change-requests/${cr.id}/close`, 'responder')).json().status).toBe('Closed');
    const timeline = (await t.app.inject({ method: 'GET', url: `/api/incidents/${incidentId}/timeline`, headers: t.as('reader') })).json().value as Array<{ action: string }>;
    expect(timeline.map((e) => e.action).filter((a) => a.startsWith('changeRequest'))).toEqual(['changeRequestCreated', 'changeRequestApproved', 'changeRequestImplemented', 'changeRequestClosed']);
  });

  it('a rejected request fails the waiting action', async () => {
    const handle = await run('ceo');
    const [cr] = await eventually(async () => changes.store.ofIncident(incidentId));
    await post(`/api/change-requests/${cr!.id}/reject`, 'triage', { comment: 'not during the board meeting' });
    const result = await handle.done;
    expect(result.status).toBe('Failed');
    const history = await runtime.history(handle.runId);
    expect(JSON.stringify(history.actions[0]!.outputs)).toContain('was rejected (not during the board meeting)');
    expect(enabled.get('ceo')).toBeUndefined();
  });

  it('in fail mode refuses with an error naming the asset and the policy; an approved request opened beforehand lets it through; non-critical accounts pass', async () => {
    policy = { mode: 'fail' };
    const refused = await (await run('ceo@riposte.test')).done;
    expect(refused.status).toBe('Failed');
    const history = await runtime.history(refused.runId);
    expect(history.actions[0]!.outputs).toMatchObject({
      statusCode: 403,
      body: { error: { code: 'ChangeRequestRequired', message: expect.stringMatching(/business-critical user 'ceo@riposte\.test'.*change-request policy \(mode fail\).*no approved change request/) } },
    });
    expect(enabled.get('ceo@riposte.test')).toBeUndefined();

    expect((await (await run('intern')).done).status).toBe('Succeeded');

    const opened = await post('/api/change-requests', 'responder', {
      incidentId,
      title: 'Disable the CEO account',
      steps: [{ kind: 'containment', summary: 'Disable ceo@riposte.test in the directory' }],
      assets: ['user:ceo@riposte.test'],
    });
    expect(opened.statusCode).toBe(201);
    expect((await post('/api/change-requests', 'responder', { incidentId, title: 'x', steps: [{ kind: 'containment', summary: 'y' }], assets: ['user:nobody'] })).json().error.field).toBe('/assets/0');
    await post(`/api/change-requests/${opened.json().id}/approve`, 'admin');
    expect((await (await run('ceo@riposte.test')).done).status).toBe('Succeeded');
    expect(enabled.get('ceo@riposte.test')).toBe(false);
  });
});

describe('GatedConnectorRegistry', () => {
  it('sees connectors registered in its base after it was built, and webhooks as the base resolves them', async () => {
    const base = new ConnectorRegistry();
    const gated = new GatedConnectorRegistry(base, { changeRequests: {} as ChangeRequestService, policy: () => ({ mode: 'fail' }), incidentOf: async () => ({ incidentId: null }) });
    const late: Connector = {
      api: 'late',
      displayName: 'Late',
      operations: [{ id: 'late.ping', summary: 'ping', method: 'get', path: '/ping', execute: async () => ({ statusCode: 200, body: 'pong' }) }],
      webhooks: [{ id: 'late.sub', summary: 'subscribe', method: 'post', path: '/subs', subscribe: async () => ({ subscriptionId: 's1' }) }],
    };
    base.register(late);
    expect(gated.get('late')).toBe(late);
    const op = gated.resolve('late', 'get', '/ping');
    expect(await op!.operation.execute({} as never)).toEqual({ statusCode: 200, body: 'pong' });
    expect(gated.resolveWebhook('late', 'post', '/subs')?.operation.id).toBe('late.sub');
  });
});
