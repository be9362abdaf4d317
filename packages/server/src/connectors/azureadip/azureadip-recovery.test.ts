/**
 * Confirm-EntraIDRiskyUser's own "Confirm a risky user as compromised" action, run for an incident
 * through the change ledger, then the incident's recovery — against Graph's identityProtection API
 * played by testing/fake-api.ts (fake-identity-protection.test-support.ts): Graph cannot run here.
 * What Identity Protection can put back is restored; what it cannot is reported as not restorable.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ConnectorRegistry, type WorkflowAction } from '@riposte/engine';
import { corpusDir } from '../../../../../test-support/corpus.ts';
import { connection, recoveryFixture, type RecoveryFixture } from '../../recovery/test-fixture.ts';
import { createAzureAdIpConnector } from './index.ts';
import { startFakeIdentityProtection, type FakeIdentityProtection } from './fake-identity-protection.test-support.ts';

const alice = '29f270bb-4d23-4f68-8a57-dc73dc0d4caf';
const bob = '20f91ec9-d140-4d90-9cd9-f618587a1471';

/** The corpus action, unchanged but for its runAfter (the playbook's Get_user, an azuread read, is not part of this run). */
function corpusConfirmAction(): WorkflowAction {
  const template = JSON.parse(readFileSync(`${corpusDir}/sentinel-playbooks/Confirm-EntraIDRiskyUser__incident-trigger.json`, 'utf8').replace(/^\uFEFF/, ''));
  const workflow = template.resources.find((r: { type: string }) => r.type === 'Microsoft.Logic/workflows');
  const action = workflow.properties.definition.actions.For_each.actions.Confirm_a_risky_user_as_compromised;
  expect(action.inputs).toMatchObject({ method: 'post', path: '/beta/riskyUsers/confirmCompromised', body: { userIds: ["@items('For_each')?['AadUserId']"] } });
  return { ...action, runAfter: {} };
}

let graph: FakeIdentityProtection;
let f: RecoveryFixture;
beforeEach(async () => {
  graph = await startFakeIdentityProtection([
    { id: alice, riskState: 'atRisk', riskLevel: 'medium', riskDetail: 'none' },
    { id: bob, riskState: 'dismissed', riskLevel: 'none', riskDetail: 'adminDismissedAllRiskForUser' },
  ]);
  f = await recoveryFixture(() => new ConnectorRegistry().register(createAzureAdIpConnector()));
});
afterEach(async () => {
  await f.close();
  await graph.stop();
});

it('confirms both users for the incident; recovery dismisses bob again and reports alice, who was at risk, as not restorable', async () => {
  const incident = await f.incident('alice@contoso.com', '198.51.100.23');
  const accounts = JSON.stringify([{ AadUserId: alice }, { AadUserId: bob }]);
  const run = await f.runFor(incident.id, { For_each: { type: 'Foreach', foreach: `@json('${accounts}')`, actions: { Confirm_a_risky_user_as_compromised: corpusConfirmAction() } } }, { azureadip: connection('azureadip', graph.settings()) });
  expect(run.status).toBe('Succeeded');
  expect(graph.users.get(alice)).toMatchObject({ riskState: 'confirmedCompromised', riskLevel: 'high' });
  expect(graph.users.get(bob)).toMatchObject({ riskState: 'confirmedCompromised', riskLevel: 'high' });

  const get = (url: string) => f.t.app.inject({ method: 'GET', url, headers: f.t.as('reader') });
  const post = (url: string, role: 'responder' | 'reader' = 'responder') => f.t.app.inject({ method: 'POST', url, headers: f.t.as(role), payload: {} });
  const ledger = (await get(`/api/incidents/${incident.id}/ledger`)).json().value;
  expect(ledger).toMatchObject([
    { operationId: 'azureadip.confirmCompromised', status: 'applied', resource: { kind: 'entra-user-risk', id: alice }, beforeState: { users: [{ id: alice, riskState: 'atRisk', riskLevel: 'medium' }], restorable: false }, afterState: { users: [{ riskState: 'confirmedCompromised', riskLevel: 'high' }] } },
    { operationId: 'azureadip.confirmCompromised', status: 'applied', resource: { kind: 'entra-user-risk', id: bob }, beforeState: { users: [{ id: bob, riskState: 'dismissed', riskLevel: 'none' }] } },
  ]);
  expect(JSON.stringify(ledger)).not.toContain(graph.clientSecret);

  // The dry run says up front which change cannot be put back.
  const dry = (await post(`/api/incidents/${incident.id}/recovery/plan`, 'reader')).json();
  expect(dry.diff.map((d: { resource: { id: string }; restorable: boolean }) => [d.resource.id, d.restorable])).toEqual([
    [bob, true],
    [alice, false],
  ]);

  const plan = (await post(`/api/incidents/${incident.id}/recovery`)).json();
  expect((await post(`/api/recovery/${plan.id}/approve`)).statusCode).toBe(200);
  const ran = (await post(`/api/recovery/${plan.id}/run`)).json();
  expect(ran.report.counts).toEqual({ restored: 1, 'not-restorable': 1 });
  const alicesStep = ran.steps.find((s: { resource: { id: string } }) => s.resource.id === alice);
  expect(alicesStep).toMatchObject({ status: 'not-restorable', error: { code: 'NotRestorable' } });
  expect(alicesStep.error.message).toContain('no call that puts a user back at risk');

  // bob is dismissed again, as before; alice is left as the incident left her, for a person to decide.
  expect(graph.users.get(bob)).toMatchObject({ riskState: 'dismissed', riskLevel: 'none' });
  expect(graph.users.get(alice)).toMatchObject({ riskState: 'confirmedCompromised', riskLevel: 'high' });
  expect(graph.calls().filter((c) => c.path.endsWith('/dismiss')).map((c) => c.body)).toEqual([{ userIds: [bob] }]);
});
