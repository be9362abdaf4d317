/**
 * Confirm-EntraIDRiskyUser and Dismiss-EntraIDRiskyUser imported unchanged and run on an incident:
 * Get_user reads the account from a real OpenLDAP (the `azuread` connection here is a directory,
 * which answers the entry's entryUUID as Graph's object id; the alert's AadUserId is that GUID),
 * the risky-user call goes to Graph's identityProtection API played by testing/fake-api.ts
 * (fake-identity-protection.test-support.ts) — Graph cannot run here.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { settledRuns } from '../../automation/e2e.test-support.ts';
import { corpusRunApp, type CorpusRunApp } from '../../testing/corpus-connector-run.ts';
import { entryUuidOf, startTestDirectory, type TestDirectory } from '../../testing/slapd.ts';
import { startFakeIdentityProtection, type FakeIdentityProtection } from './fake-identity-protection.test-support.ts';

// Alice's object id: the entryUUID slapd gave her entry, as Entra and the directory agree on one id.
let aliceId: string;
let dir: TestDirectory;
let graph: FakeIdentityProtection;
let env: CorpusRunApp;
beforeAll(async () => {
  dir = await startTestDirectory();
  aliceId = await entryUuidOf(dir, `uid=alice,ou=people,${dir.baseDn}`);
});
afterAll(async () => {
  await dir?.stop();
});
beforeEach(async () => {
  [graph, env] = await Promise.all([startFakeIdentityProtection([{ id: aliceId, riskState: 'atRisk', riskLevel: 'high', riskDetail: 'none' }]), corpusRunApp()]);
  await env.connect('azureadip', 'azureadip', graph.settings());
  await env.connect('azuread', 'azuread', { url: dir.url, bindDn: dir.adminDn, bindPassword: dir.adminPassword, baseDn: dir.baseDn, profile: 'openldap-ppolicy', userIdAttribute: 'uid' });
});
afterEach(async () => {
  await Promise.all([env.close(), graph.stop()]);
});

const riskySignIn = (id: string) => ({
  providerAlertId: `idp-corpus-${id}`,
  serviceSource: 'azureAdIdentityProtection',
  title: 'Atypical travel: alice',
  severity: 'high',
  evidence: [{ '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: { accountName: 'alice', userPrincipalName: 'alice@riposte.test', azureAdUserId: aliceId } }],
});

const comments = async (incidentId: string) =>
  ((await env.t.app.inject({ method: 'GET', url: `/api/incidents/${incidentId}`, headers: env.t.as('reader') })).json().comments as Array<{ message: string }>).map((c) => c.message);

it('Confirm-EntraIDRiskyUser (incident) confirms the account’s AadUserId as compromised and comments', async () => {
  const playbook = await env.importPlaybook('Confirm-EntraIDRiskyUser__incident-trigger.json');
  expect([playbook.missingOperations, playbook.notRunnable]).toEqual([[], []]);
  const incidentId = await env.incidentFrom(riskySignIn('confirm'));
  const run = await env.runByHand(playbook.id, { incidentId });
  expect(run.status, JSON.stringify(run.actions.filter((a) => a.status !== 'Succeeded'))).toBe('Succeeded');
  expect(graph.calls().filter((c) => c.method === 'POST').map((c) => [c.path, c.body, c.headers.authorization])).toEqual([
    ['/v1.0/identityProtection/riskyUsers/confirmCompromised', { userIds: [aliceId] }, 'Bearer graph-token-1'],
  ]);
  expect(graph.users.get(aliceId)).toMatchObject({ riskState: 'confirmedCompromised', riskLevel: 'high' });
  expect(await comments(incidentId)).toEqual([expect.stringContaining('User [alice@riposte.test] was confirmed compromised via playbook.')]);
});

it('Dismiss-EntraIDRiskyUser (incident) dismisses the account’s risk', async () => {
  const playbook = await env.importPlaybook('Dismiss-EntraIDRiskyUser__incident-trigger.json');
  expect([playbook.missingOperations, playbook.notRunnable]).toEqual([[], []]);
  const incidentId = await env.incidentFrom(riskySignIn('dismiss'));
  const run = await env.runByHand(playbook.id, { incidentId });
  expect(run.status, JSON.stringify(run.actions.filter((a) => a.status !== 'Succeeded'))).toBe('Succeeded');
  expect(graph.users.get(aliceId)).toMatchObject({ riskState: 'dismissed', riskLevel: 'none' });
  expect(await comments(incidentId)).toEqual([expect.stringContaining('was dismissed as a risky user via playbook.')]);
});

it('Dismiss-EntraIDRiskyUser (alert) sends Get_user’s id — the entry’s GUID from the LDAP-backed azuread — and Graph dismisses that user', async () => {
  const playbook = await env.importPlaybook('Dismiss-EntraIDRiskyUser__alert-trigger.json');
  expect([playbook.missingOperations, playbook.notRunnable]).toEqual([[], []]);
  await env.alertFrom(riskySignIn('dismiss-alert'));
  const [run] = await settledRuns(env.t, playbook.id);
  const history = (await env.t.app.inject({ method: 'GET', url: `/api/runs/${run!.runId}`, headers: env.t.as('reader') })).json();
  expect(history.status, JSON.stringify(history.actions.filter((a: { status: string }) => a.status !== 'Succeeded'))).toBe('Succeeded');
  const dismiss = history.actions.find((a: { name: string }) => a.name === 'Dismiss_a_risky_user');
  expect(dismiss).toMatchObject({ status: 'Succeeded', inputs: { body: { userIds: [aliceId] } } });
  expect(graph.calls().filter((c) => c.method === 'POST').map((c) => [c.path, c.body])).toEqual([['/v1.0/identityProtection/riskyUsers/dismiss', { userIds: [aliceId] }]]);
  expect(graph.users.get(aliceId)).toMatchObject({ riskState: 'dismissed', riskLevel: 'none' });
});
