import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorRegistry, WorkflowRuntime, type ConnectorRequest, type WorkflowDefinition } from '@riposte/engine';
import { call, connection, recoveryFixture, type RecoveryFixture } from '../recovery/test-fixture.ts';
import { LedgeredConnectorRegistry, withChangeLedger } from './ledger-dispatch.ts';
import { runIncidentResolver } from './run-incident.ts';
import { testResources, type TestResources } from './test-resource-connector.ts';

describe('change ledger', () => {
  let f: RecoveryFixture;
  let res: TestResources;

  beforeEach(async () => {
    res = testResources({ door: 'closed', window: 'open' });
    f = await recoveryFixture(() => new ConnectorRegistry().register(res.connector));
  });
  afterEach(() => f.close());

  const ledgerOf = async (incidentId: string, role: 'responder' | 'triage' = 'responder') =>
    f.t.app.inject({ method: 'GET', url: `/api/incidents/${incidentId}/ledger`, headers: f.t.as(role) });

  it("records each change of an incident's run before it is made, with before-state, request, actor and after-state", async () => {
    const incident = await f.incident('ann@contoso.com', '198.51.100.10');
    const result = await f.runFor(incident.id, { Lock_door: call('resources', 'post', '/resources/door', { value: 'locked', password: 'canary-Pa55-in-body' }) }, { resources: connection('resources', { apiToken: 'canary-token-9f8e7d' }) });
    expect(result.status).toBe('Succeeded');

    const answer = await ledgerOf(incident.id);
    expect(answer.statusCode).toBe(200);
    const [entry, ...rest] = answer.json().value;
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      incidentId: incident.id,
      resource: { kind: 'test-resource', id: 'door' },
      api: 'resources',
      operationId: 'resources.set',
      beforeState: { value: 'closed' },
      afterState: { value: 'locked' },
      status: 'applied',
      attempts: 1,
      actor: { kind: 'run', actionPath: 'Lock_door', workflowName: 'Contain-CompromisedAccount' },
      request: { method: 'post', path: '/resources/door', pathParams: { name: 'door' }, connection: { name: 'resources', api: 'resources' } },
    });
    expect(entry.appliedAt).toEqual(expect.any(String));
    // Credentials of the connection never reach the ledger; a password in the body is masked.
    expect(JSON.stringify(answer.json())).not.toContain('canary-token-9f8e7d');
    expect(JSON.stringify(answer.json())).not.toContain('canary-Pa55-in-body');
    expect(entry.intendedAfter).toEqual({ value: 'locked', password: '***' });
  });

  it('keeps the inputs of an action that secures them (secureData) only sealed, shows the marker, and restores through the sealed copy', async () => {
    const incident = await f.incident('ann@contoso.com', '198.51.100.15');
    const secured = { ...call('resources', 'post', '/resources/door', { value: 'canary-secure-4b1d' }), runtimeConfiguration: { secureData: { properties: ['inputs' as const] } } };
    const result = await f.runFor(incident.id, { Scope: { type: 'Scope', actions: { Set_secret_door: secured } } }, { resources: connection('resources') });
    expect(result.status).toBe('Succeeded');
    const answer = await ledgerOf(incident.id);
    expect(answer.json().value[0]).toMatchObject({ request: { body: { $redacted: true } }, intendedAfter: { $redacted: true }, actor: { actionPath: 'Scope/Set_secret_door' } });
    expect(answer.json().value[0]).not.toHaveProperty('sealedRequest');
    const stored = f.ledger.listForIncident(incident.id)[0]!;
    expect(stored.sealedRequest?.$sealed).toMatch(/^v1\./);
    expect(JSON.stringify({ request: stored.request, sealed: stored.sealedRequest, intended: stored.intendedAfter })).not.toContain('canary-secure-4b1d');
    // The resource's own state is not an input: it is recorded (and restored) as read.
    expect(answer.json().value[0].beforeState).toEqual({ value: 'closed' });
    const plan = await f.recovery.create(incident.id, 'test');
    await f.recovery.approve(plan.id, { actor: 'lead', names: ['test-responder'] });
    expect((await f.recovery.run(plan.id, 'lead')).status).toBe('succeeded');
    expect(res.values.get('door')).toBe('closed');
  });

  it('is refused to a role without recovery.read and answers 404 for an unknown incident', async () => {
    const incident = await f.incident('ann@contoso.com', '198.51.100.11');
    expect((await ledgerOf(incident.id, 'triage')).statusCode).toBe(403);
    expect((await ledgerOf('no-such-incident')).statusCode).toBe(404);
  });

  it('records a failed change as failed with the connector\'s error', async () => {
    const incident = await f.incident('ann@contoso.com', '198.51.100.12');
    res.nextStatuses = [409];
    const failed = await f.runFor(incident.id, { Shut_door: call('resources', 'post', '/resources/door', { value: 'shut' }) }, { resources: connection('resources') });
    expect(failed.status).toBe('Failed');
    expect(f.ledger.listForIncident(incident.id)).toMatchObject([{ status: 'failed', error: { code: 'UpstreamFailure' }, beforeState: { value: 'closed' }, afterState: null }]);
  });

  it('replays a call after a crash under the same idempotency key without a second entry or a before-state of its own change', async () => {
    const incident = await f.incident('ann@contoso.com', '198.51.100.13');
    await f.ledger.linkRun('run-crashed', incident.id);
    const resolver = withChangeLedger(new ConnectorRegistry().register(res.connector), { ledger: f.ledger, incidentOf: runIncidentResolver(f.runs, f.ctx.store, f.ledger) });
    const found = resolver.resolve('resources', 'post', '/resources/door')!;
    const req: ConnectorRequest = {
      connection: { name: 'resources', api: 'resources' },
      method: 'post',
      path: '/resources/door',
      pathParams: found.pathParams,
      queries: {},
      headers: {},
      body: { value: 'barred' },
      idempotencyKey: 'run-crashed/Bar_door',
      runId: 'run-crashed',
      actionName: 'Bar_door',
      signal: new AbortController().signal,
    };
    // A first attempt that fails (the engine's retry policy calls again with the same key) …
    res.nextStatuses = [502];
    expect((await found.operation.execute(req)).statusCode).toBe(502);
    expect(f.ledger.byKey(req.idempotencyKey)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await found.operation.execute(req)).statusCode).toBe(200);
    // … then the process died before the engine journaled the result: the action runs again.
    expect((await found.operation.execute(req)).statusCode).toBe(200);
    const entries = f.ledger.listForIncident(incident.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ beforeState: { value: 'closed' }, afterState: { value: 'barred' }, attempts: 3, status: 'applied', actor: { kind: 'run', runId: 'run-crashed', actionPath: 'Bar_door' } });
  });

  it('keeps one entry and the true before-state when a run that died inside the call is resumed by a new process', async () => {
    const incident = await f.incident('ann@contoso.com', '198.51.100.14');
    const arm = `/subscriptions/s/resourceGroups/r/providers/Microsoft.OperationalInsights/workspaces/w/providers/Microsoft.SecurityInsights/Incidents/${incident.id}`;
    const definition = { actions: { Bar_door: call('resources', 'post', '/resources/door', { value: 'barred' }) } } as WorkflowDefinition;
    res.hangAfterApply = true;
    const first = new WorkflowRuntime({ store: f.runs, connectors: f.connectors, owner: 'riposte-server' });
    const { runId } = await first.start({ definition, triggerBody: { object: { id: arm } }, parameters: { $connections: { resources: connection('resources') } } });
    for (let i = 0; i < 500 && f.ledger.listForIncident(incident.id).length === 0; i++) await new Promise((r) => setTimeout(r, 2));
    expect(res.values.get('door')).toBe('barred');

    const second = new WorkflowRuntime({ store: f.runs, connectors: f.connectors, owner: 'riposte-server' });
    const [result] = await second.resumeAll();
    expect(result).toMatchObject({ runId, status: 'Succeeded' });
    expect(res.executeCalls).toBe(2);
    const entries = f.ledger.listForIncident(incident.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ beforeState: { value: 'closed' }, afterState: { value: 'barred' }, status: 'applied', attempts: 2 });
  });

  it('records calls of connectors registered after the ledgered registry was made (the automation module registers late)', async () => {
    const base = new ConnectorRegistry();
    const ledgered = new LedgeredConnectorRegistry(base, { ledger: f.ledger, incidentOf: async () => ({ incidentId: null }) });
    ledgered.register(res.connector);
    expect(base.get('resources')).toBe(res.connector);
    expect(ledgered.hasOperationFor('resources', 'post', '/resources/@{x}')).toBe(true);
    const found = ledgered.resolve('resources', 'post', '/resources/gate')!;
    expect(found.connector).toBe(res.connector);
    await found.operation.execute({ connection: { name: 'resources', api: 'resources' }, method: 'post', path: '/resources/gate', pathParams: found.pathParams, queries: {}, headers: {}, body: { value: 'x' }, idempotencyKey: 'late/A', runId: 'late', actionName: 'A', signal: new AbortController().signal });
    expect(f.ledger.byKey('late/A')).toMatchObject({ resource: { kind: 'test-resource', id: 'gate' }, status: 'applied' });
  });

  it('refuses a change whose before-state cannot be read, and records changes outside an incident without one', async () => {
    const registry = new ConnectorRegistry().register({
      ...res.connector,
      operations: res.connector.operations.map((op) => ({ ...op, state: { ...op.state!, read: async () => Promise.reject(new Error('resource store offline')) } })),
    });
    const resolver = withChangeLedger(registry, { ledger: f.ledger, incidentOf: async () => ({ incidentId: null }) });
    const found = resolver.resolve('resources', 'post', '/resources/door')!;
    const req = { connection: { name: 'resources', api: 'resources' }, method: 'post', path: '/resources/door', pathParams: found.pathParams, queries: {}, headers: {}, body: { value: 'x' }, idempotencyKey: 'r/A', runId: 'r', actionName: 'A', signal: new AbortController().signal } as ConnectorRequest;
    const answer = await found.operation.execute(req);
    expect(answer.statusCode).toBe(500);
    expect(res.values.get('door')).toBe('closed');
    expect(f.ledger.byKey('r/A')).toBeUndefined();

    const plain = withChangeLedger(new ConnectorRegistry().register(res.connector), { ledger: f.ledger, incidentOf: async () => ({ incidentId: null }) });
    await plain.resolve('resources', 'post', '/resources/door')!.operation.execute({ ...req, pathParams: { name: 'door' }, idempotencyKey: 'r/B' });
    expect(f.ledger.byKey('r/B')).toMatchObject({ incidentId: null, status: 'applied', beforeState: { value: 'closed' } });
  });
});
