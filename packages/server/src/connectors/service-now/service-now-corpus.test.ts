/**
 * Create-SNOW-record (incident trigger), imported unchanged from the corpus and run by hand on an
 * incident, against testing/fake-api.ts standing in for a ServiceNow instance (it cannot run here).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeApi, type FakeApi } from '../../testing/fake-api.ts';
import { corpusRunApp, type CorpusRunApp } from '../../testing/corpus-connector-run.ts';
import { compromisedAccountAlert } from '../../e2e/response-fixture.ts';
import { settledRuns } from '../../automation/e2e.test-support.ts';

const PASSWORD = 'snow-corpus-Pa55-canary-b71';
let api: FakeApi;
let env: CorpusRunApp;
beforeEach(async () => {
  [api, env] = await Promise.all([startFakeApi(), corpusRunApp()]);
  // Before creating, the connector looks for the record an earlier attempt made: none here.
  api.on('GET', '/api/now/table/incident', { status: 200, body: { result: [] } });
});
const posted = () => api.requests.filter((r) => r.method === 'POST');
afterEach(async () => {
  await Promise.all([env.close(), api.stop()]);
});

it('Create-SNOW-record imports with nothing missing and creates an incident record with urgency and impact from the severity', async () => {
  api.on('POST', '/api/now/table/incident', (req) => ({ status: 201, body: { result: { ...(req.body as object), sys_id: '9d38', number: 'INC0010023' } } }));
  await env.connect('service-now', 'service-now', { instanceUrl: api.url, username: 'riposte', password: PASSWORD });
  const playbook = await env.importPlaybook('Create-SNOW-record__incident-trigger.json');
  expect([playbook.missingOperations, playbook.notRunnable]).toEqual([[], []]);
  const incidentId = await env.incidentFrom(compromisedAccountAlert('203.0.113.7'));

  const run = await env.runByHand(playbook.id, { incidentId });
  expect(run.status).toBe('Succeeded');
  expect(api.requests.map((r) => r.method)).toEqual(['GET', 'POST']);
  const lookup = api.requests[0]!;
  expect(lookup.query.get('sysparm_query')).toMatch(/^correlation_id=riposte-[0-9a-f]{32}$/);
  const sent = posted()[0]!;
  expect(sent.headers.authorization).toBe(`Basic ${Buffer.from(`riposte:${PASSWORD}`).toString('base64')}`);
  expect(Object.fromEntries(sent.query)).toEqual({ sysparm_display_value: 'false', sysparm_exclude_reference_link: 'true' });
  expect(sent.body).toMatchObject({ short_description: 'Compromised account: alice signed in from 203.0.113.7', impact: '1', urgency: '1', description: expect.stringContaining('Severity: High'), number: incidentId, correlation_display: 'Riposte' });
  expect(`correlation_id=${(sent.body as any).correlation_id}`).toBe(lookup.query.get('sysparm_query'));
  const created = run.actions.find((a) => a.name === 'Create_Record');
  expect(created?.outputs?.body?.result).toMatchObject({ sys_id: '9d38', number: 'INC0010023' });
});

it('the alert-trigger variant runs on a new alert by itself, finds the alert’s incident and creates the record from it', async () => {
  api.on('POST', '/api/now/table/incident', { status: 201, body: { result: { sys_id: 'b2', number: 'INC0010024' } } });
  await env.connect('service-now', 'service-now', { instanceUrl: api.url, token: PASSWORD });
  const playbook = await env.importPlaybook('Create-SNOW-record__alert-trigger.json');
  expect([playbook.missingOperations, playbook.notRunnable]).toEqual([[], []]);
  const alert = await env.alertFrom(compromisedAccountAlert('198.51.100.4', 'bob'));

  // An alert-trigger playbook no automation claims runs for every new alert, as in Sentinel.
  const runs = await settledRuns(env.t, playbook.id);
  expect(runs.map((r) => [r.status, r.startedBy.split(':')[0]])).toEqual([['Succeeded', 'alert.created']]);
  expect(api.requests.map((r) => [r.method, r.headers.authorization])).toEqual([['GET', `Bearer ${PASSWORD}`], ['POST', `Bearer ${PASSWORD}`]]);
  expect(posted()[0]!.body).toMatchObject({ short_description: 'Compromised account: bob signed in from 198.51.100.4', impact: '1', urgency: '1', number: alert.incidentId });
});
