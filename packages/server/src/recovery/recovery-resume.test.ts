import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '@riposte/engine';
import { indicatorsConnector, openSqliteIndicatorStore, type IndicatorStore } from '../connectors/indicators/index.ts';
import { riposteConnector } from '../connectors/riposte/index.ts';
import { testResources, type TestResources } from '../ledger/test-resource-connector.ts';
import { RecoveryService } from './recovery-service.ts';
import { call, connection, recoveryFixture, type RecoveryFixture } from './test-fixture.ts';

describe('recovery: partial failure, resume, crash, auto-approval', () => {
  let f: RecoveryFixture;
  let res: TestResources;
  let indicators: IndicatorStore;

  async function setUp(policy = {}) {
    res = testResources({ door: 'open', gate: 'open' });
    indicators = openSqliteIndicatorStore({ path: ':memory:' });
    f = await recoveryFixture((recovery) => new ConnectorRegistry().register(res.connector).register(indicatorsConnector({ store: indicators })).register(riposteConnector(recovery)), policy);
  }
  beforeEach(() => setUp());
  afterEach(async () => {
    await f.close();
    await indicators.close();
  });

  const post = (url: string) => f.t.app.inject({ method: 'POST', url, headers: f.t.as('responder'), payload: {} });
  const connections = () => ({ resources: connection('resources'), indicators: connection('indicators') });

  async function contain(): Promise<string> {
    const incident = await f.incident('dan@contoso.com', '203.0.113.9');
    const run = await f.runFor(
      incident.id,
      {
        Lock_door: call('resources', 'post', '/resources/door', { value: 'locked' }),
        Lock_gate: call('resources', 'post', '/resources/gate', { value: 'locked' }, ['Lock_door']),
        Block_IP: call('indicators', 'post', '/indicators', { action: 'block', networkIPv4: '203.0.113.9', expirationDateTime: '2099-01-01T00:00:00Z' }, ['Lock_gate']),
      },
      connections(),
    );
    expect(run.status).toBe('Succeeded');
    return incident.id;
  }

  it('stops at a failing restore with a clear report, and a second run continues from that step', async () => {
    const incidentId = await contain();
    const planId = (await post(`/api/incidents/${incidentId}/recovery`)).json().id;
    expect((await post(`/api/recovery/${planId}/approve`)).statusCode).toBe(200);

    res.failRestore = true;
    const first = await post(`/api/recovery/${planId}/run`);
    expect(first.statusCode).toBe(200);
    expect(first.json().report).toEqual({
      planId,
      incidentId,
      status: 'failed',
      counts: { restored: 1, failed: 1, pending: 1 },
      resumeFrom: 1,
      withinSla: true,
      steps: [
        { position: 0, resource: { kind: 'indicator', id: 'ipv4:203.0.113.9' }, operationId: 'indicators.submit', status: 'restored' },
        { position: 1, resource: { kind: 'test-resource', id: 'gate' }, operationId: 'resources.set', status: 'failed', error: { code: 'UpstreamFailure', message: "resource 'gate' is unreachable" } },
        { position: 2, resource: { kind: 'test-resource', id: 'door' }, operationId: 'resources.set', status: 'pending' },
      ],
    });
    expect(await indicators.findByKey('ipv4:203.0.113.9')).toBeUndefined();
    expect([res.values.get('gate'), res.values.get('door')]).toEqual(['locked', 'locked']);

    res.failRestore = false;
    const second = (await post(`/api/recovery/${planId}/run`)).json();
    expect(second.report).toMatchObject({ status: 'succeeded', counts: { restored: 3 }, resumeFrom: null });
    // The step that had finished was not done again.
    expect(second.steps.map((s: { attempts: number }) => s.attempts)).toEqual([1, 2, 1]);
    expect([res.values.get('gate'), res.values.get('door')]).toEqual(['open', 'open']);
  });

  it('lets a plan waiting for approval be superseded, but refuses a second plan while one is approved or running, and a run while another plan of the incident runs', async () => {
    const incidentId = await contain();
    const first = (await post(`/api/incidents/${incidentId}/recovery`)).json().id as string;
    const second = await post(`/api/incidents/${incidentId}/recovery`);
    expect(second.statusCode).toBe(201);
    expect((await post(`/api/recovery/${first}/approve`)).statusCode).toBe(200);
    const refused = await post(`/api/incidents/${incidentId}/recovery`);
    expect([refused.statusCode, refused.json().error.message]).toEqual([409, `incident 1 already has recovery plan '${first}' approved: let it finish before planning another`]);

    // The first plan runs (as a crash would have left it); the second, approved too, must wait for it.
    await f.recovery.store.updatePlan({ ...f.recovery.requirePlan(first), status: 'running' });
    expect((await post(`/api/recovery/${second.json().id}/approve`)).statusCode).toBe(200);
    const waiting = await post(`/api/recovery/${second.json().id}/run`);
    expect([waiting.statusCode, waiting.json().error.message]).toEqual([409, `recovery plan '${first}' of the same incident is running: let it finish first`]);
    expect([res.values.get('gate'), res.values.get('door')]).toEqual(['locked', 'locked']);
    // The first plan, still marked running, is continued; the second one's refusal changed nothing.
    expect((await post(`/api/recovery/${first}/run`)).json().report.status).toBe('succeeded');
  });

  it('continues a plan left running by a crashed process, redoing only the step in flight', async () => {
    const incidentId = await contain();
    const plan = await f.recovery.create(incidentId, 'test');
    await f.recovery.approve(plan.id, { actor: 'lead', names: ['test-responder'] });
    // What a crash between "step 0 restored" and "step 1 finished" leaves in the tables.
    await f.recovery.store.updatePlan({ ...plan, status: 'running', approvedBy: 'lead', startedAt: plan.createdAt });
    await f.recovery.store.updateStep(plan.id, { ...plan.steps[0]!, status: 'restored', attempts: 1 });
    await indicators.delete((await indicators.findByKey('ipv4:203.0.113.9'))!.id);
    await f.recovery.store.updateStep(plan.id, { ...plan.steps[1]!, status: 'running', attempts: 1 });
    res.values.set('gate', 'open'); // the restore had reached the resource before the crash

    const restarted = new RecoveryService({ ctx: f.ctx, ledger: f.ledger, connectors: new ConnectorRegistry().register(res.connector).register(indicatorsConnector({ store: indicators })), runs: f.runs });
    const [resumed] = await restarted.resumeUnfinished();
    expect(resumed!.status).toBe('succeeded');
    expect(resumed!.steps.map((s) => `${s.status}/${s.attempts}`)).toEqual(['restored/1', 'restored/2', 'restored/1']);
    expect(res.values.get('door')).toBe('open');
  });

  it('lets a playbook approve and run its own recovery only when the policy allows auto-approval', async () => {
    await f.close();
    await indicators.close();
    await setUp({ allowAutoApprove: true });
    const incident = await f.incident('eve@contoso.com', '203.0.113.10');
    const run = await f.runFor(
      incident.id,
      { Lock_door: call('resources', 'post', '/resources/door', { value: 'locked' }), Recover: call('riposte', 'post', `/incidents/${incident.id}/recover`, { approve: true }, ['Lock_door']) },
      { ...connections(), riposte: connection('riposte') },
    );
    expect(run.status).toBe('Succeeded');
    const [plan] = f.recovery.store.listForIncident(incident.id);
    expect(plan!.approvedBy).toContain('auto-approve');
    const done = await f.recovery.run(plan!.id, 'test');
    expect(done.status).toBe('succeeded');
    expect(res.values.get('door')).toBe('open');
  });

  it('answers 404 for an unknown incident or plan and refuses to run a plan nobody approved', async () => {
    expect((await post('/api/incidents/nope/recovery')).statusCode).toBe(404);
    expect((await post('/api/recovery/nope/approve')).statusCode).toBe(404);
    const incidentId = await contain();
    const planId = (await post(`/api/incidents/${incidentId}/recovery`)).json().id;
    const refused = await post(`/api/recovery/${planId}/run`);
    expect(refused.statusCode).toBe(409);
    expect((await post(`/api/recovery/${planId}/run?wait=false`)).statusCode).toBe(409);
    expect(res.values.get('door')).toBe('locked');

    await post(`/api/recovery/${planId}/approve`);
    const started = await post(`/api/recovery/${planId}/run?wait=false`);
    expect(started.statusCode).toBe(202);
    expect(started.json()).toEqual({ planId, status: 'running' });
    const done = await f.recovery.run(planId, 'test');
    expect(done.status).toBe('succeeded');
    expect(res.values.get('door')).toBe('open');
  });
});
