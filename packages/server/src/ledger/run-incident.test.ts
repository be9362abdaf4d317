import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConnectorRegistry, type NewRun } from '@riposte/engine';
import { buildEntityTriggerBody, buildIncidentTriggerBody, type PayloadIncident } from '../domain/sentinel-payloads/index.ts';
import { recoveryFixture, type RecoveryFixture } from '../recovery/test-fixture.ts';
import { incidentReferencesOf, runIncidentResolver } from './run-incident.ts';

const workspace = { subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroupName: 'soc', workspaceName: 'soc', workspaceId: '11111111-1111-1111-1111-111111111111' };

describe('the incident a run works on', () => {
  let f: RecoveryFixture;
  beforeEach(async () => {
    f = await recoveryFixture(() => new ConnectorRegistry());
  });
  afterEach(() => f.close());

  async function runWith(id: string, body: unknown, parentRunId?: string): Promise<string> {
    const run: NewRun = { id, workflowName: 'wf', definition: { actions: {} } as NewRun['definition'], trigger: { name: 't', outputs: { body }, startTime: '2026-01-01T00:00:00Z' }, parameters: {}, startTime: '2026-01-01T00:00:00Z', ...(parentRunId ? { parentRunId } : {}) };
    await f.runs.createRun(run);
    return id;
  }

  it("is found from Sentinel's incident trigger, the entity trigger, a parent run, or an explicit link", async () => {
    const a = await f.incident('ann@contoso.com', '198.51.100.1');
    const b = await f.incident('ben@contoso.com', '198.51.100.2');
    const incidentBody = buildIncidentTriggerBody({ id: a.id, incidentNumber: a.number, title: 't', severity: 'High', status: 'New', createdTimeUtc: '2026-01-01T00:00:00Z', lastModifiedTimeUtc: '2026-01-01T00:00:00Z' } as unknown as PayloadIncident, workspace);
    const entityBody = buildEntityTriggerBody({ kind: 'Ip', properties: { address: '198.51.100.2' } } as never, workspace, { incidentId: b.id });
    const resolve = runIncidentResolver(f.runs, f.ctx.store, f.ledger);

    expect((await resolve(await runWith('r1', incidentBody))).incidentId).toBe(a.id);
    expect((await resolve(await runWith('r2', entityBody))).incidentId).toBe(b.id);
    expect((await resolve(await runWith('r3', { anything: 1 }, 'r2'))).incidentId).toBe(b.id);
    expect(await resolve(await runWith('r4', { incidentId: 'no-such-incident' }))).toMatchObject({ incidentId: null, workflowName: 'wf', definition: { actions: {} } });
    await f.ledger.linkRun('r4', a.id);
    expect((await resolve('r4')).incidentId).toBe(a.id);
    expect(await resolve('unknown-run')).toEqual({ incidentId: null });
  });

  it('reads references from any trigger body without throwing', () => {
    fc.assert(fc.property(fc.jsonValue(), (body) => Array.isArray(incidentReferencesOf(body))));
    expect(incidentReferencesOf({ object: { id: '/subscriptions/x/Incidents/abc', properties: { incidentNumber: 7 } } })).toEqual(['abc', '7']);
  });
});
