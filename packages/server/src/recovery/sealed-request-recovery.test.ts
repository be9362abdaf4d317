import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorRegistry, type WorkflowAction } from '@riposte/engine';
import { indicatorsConnector, openSqliteIndicatorStore, type IndicatorStore } from '../connectors/indicators/index.ts';
import { newSecretKey, type SecretKey } from '../connectors/secrets/secret-key.ts';
import { ChangeLedger } from '../ledger/change-ledger.ts';
import { RecoveryService } from './recovery-service.ts';
import { call, connection, recoveryFixture, type RecoveryFixture } from './test-fixture.ts';

// Written as an operator would, not in the normalized form the indicator store keeps: only the
// request carries this spelling, so finding it anywhere means the request leaked.
const secretAddress = '2001:0DB8:0000:0000:0000:0000:C0DE:0F17';
const storedAddress = '2001:db8::c0de:f17';

describe('recovery of a change made by an action with secured inputs', () => {
  let f: RecoveryFixture;
  let indicators: IndicatorStore;
  let registry: ConnectorRegistry;
  let key: SecretKey;

  beforeEach(async () => {
    key = newSecretKey();
    indicators = openSqliteIndicatorStore({ path: ':memory:' });
    registry = new ConnectorRegistry().register(indicatorsConnector({ store: indicators }));
    f = await recoveryFixture(() => registry, {}, { key, previousKeys: [] });
  });
  afterEach(async () => {
    await f.close();
    await indicators.close();
  });

  const securedBlock: WorkflowAction = {
    ...call('indicators', 'post', '/indicators', { action: 'block', networkIPv6: secretAddress, expirationDateTime: '2099-01-01T00:00:00Z' }),
    runtimeConfiguration: { secureData: { properties: ['inputs'] } },
  };

  async function blocked(): Promise<{ incidentId: string; entryId: string }> {
    const incident = await f.incident('eve@contoso.com', '203.0.113.50');
    const run = await f.runFor(incident.id, { Block_IP: securedBlock }, { indicators: connection('indicators') });
    expect(run.status).toBe('Succeeded');
    expect((await indicators.findByKey(`ipv6:${storedAddress}`))?.action).toBe('block');
    const [entry] = f.ledger.listForIncident(incident.id);
    expect(entry!.request.body).toEqual({ $redacted: true });
    expect(JSON.stringify(entry)).not.toContain(secretAddress);
    return { incidentId: incident.id, entryId: entry!.id };
  }

  const approved = async (service: RecoveryService, incidentId: string) => {
    const plan = await service.create(incidentId, 'test');
    await service.approve(plan.id, { actor: 'lead', names: ['test-responder'] });
    return plan.id;
  };

  const serviceWith = (keys: { key: SecretKey; previousKeys: SecretKey[] }) =>
    new RecoveryService({ ctx: f.ctx, ledger: new ChangeLedger(f.ctx.store, f.ctx.clock, f.ctx.newId, keys), connectors: registry, runs: f.runs });

  it('opens the sealed request to lift the block, and the plan and ledger shown to people keep the marker', async () => {
    const { incidentId } = await blocked();
    const dryRun = await f.t.app.inject({ method: 'POST', url: `/api/incidents/${incidentId}/recovery/plan`, headers: f.t.as('responder'), payload: {} });
    expect(dryRun.statusCode, dryRun.body).toBe(200);
    // The current state could be read: the request was opened to find the indicator.
    expect(dryRun.json().diff[0]).toMatchObject({ current: { action: 'block', networkIPv6: storedAddress }, restored: null, conflict: false });
    const ledger = await f.t.app.inject({ method: 'GET', url: `/api/incidents/${incidentId}/ledger`, headers: f.t.as('responder') });
    expect(ledger.json().value[0].request.body).toEqual({ $redacted: true });
    expect(ledger.json().value[0]).not.toHaveProperty('sealedRequest');
    for (const answer of [dryRun.body, ledger.body]) expect(answer).not.toContain(secretAddress);

    const planId = await approved(f.recovery, incidentId);
    const ran = await f.recovery.run(planId, 'lead');
    expect(ran.status).toBe('succeeded');
    expect(ran.steps.map((s) => s.status)).toEqual(['restored']);
    expect(await indicators.findByKey(`ipv6:${storedAddress}`)).toBeUndefined();
    expect(JSON.stringify(f.recovery.requirePlan(planId))).not.toContain(secretAddress);
  });

  it('without the key the step fails naming the entry and key id, and resumes once the key is loaded again', async () => {
    const { incidentId, entryId } = await blocked();
    const withoutKey = serviceWith({ key: newSecretKey(), previousKeys: [] });
    const planId = await approved(withoutKey, incidentId);
    const failed = await withoutKey.run(planId, 'lead');
    expect(failed.status).toBe('failed');
    expect(failed.steps[0]).toMatchObject({ status: 'failed', error: { code: 'SealedRequestKeyNotLoaded' } });
    expect(failed.steps[0]!.error!.message).toContain(entryId);
    expect(failed.steps[0]!.error!.message).toContain(key.id);
    expect(JSON.stringify(failed)).not.toContain(secretAddress);
    // Nothing was changed: the block is still in force.
    expect((await indicators.findByKey(`ipv6:${storedAddress}`))?.action).toBe('block');

    // The key is back (rotated: now a previous key): the same plan continues from the failed step.
    const rotated = serviceWith({ key: newSecretKey(), previousKeys: [key] });
    const resumed = await rotated.run(planId, 'lead');
    expect(resumed.status).toBe('succeeded');
    expect(resumed.steps[0]).toMatchObject({ status: 'restored', attempts: 2 });
    expect(await indicators.findByKey(`ipv6:${storedAddress}`)).toBeUndefined();
  });
});
