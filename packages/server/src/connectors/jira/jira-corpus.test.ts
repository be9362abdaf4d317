/**
 * Create-Jira-Issue (incident trigger), imported unchanged from the corpus and run by hand on an
 * incident, against testing/fake-api.ts standing in for Jira's REST API (Jira cannot run here).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeApi, type FakeApi } from '../../testing/fake-api.ts';
import { corpusRunApp, type CorpusRunApp } from '../../testing/corpus-connector-run.ts';
import { compromisedAccountAlert } from '../../e2e/response-fixture.ts';

const TOKEN = 'jira-corpus-token-canary-31aa';
let api: FakeApi;
let env: CorpusRunApp;
beforeEach(async () => {
  [api, env] = await Promise.all([startFakeApi(), corpusRunApp()]);
});
afterEach(async () => {
  await Promise.all([env.close(), api.stop()]);
});

it('Create-Jira-Issue imports with nothing missing and opens an issue in project SOC for the incident', async () => {
  api.on('POST', '/rest/api/2/issue', { status: 201, body: { id: '10042', key: 'SOC-17', self: `${api.url}/rest/api/2/issue/10042` } });
  // The playbook's $connections key is "Jira"; a connection named after the API serves it.
  await env.connect('jira', 'jira', { baseUrl: api.url, user: 'soc@example.com', apiToken: TOKEN });
  const playbook = await env.importPlaybook('Create-Jira-Issue__incident-trigger.json');
  expect([playbook.missingOperations, playbook.notRunnable]).toEqual([[], []]);
  const incidentId = await env.incidentFrom(compromisedAccountAlert('203.0.113.7'));

  const run = await env.runByHand(playbook.id, { incidentId });
  expect(run.status).toBe('Succeeded');
  expect(api.requests).toHaveLength(1);
  const sent = api.requests[0]!;
  expect(sent.headers.authorization).toBe(`Basic ${Buffer.from(`soc@example.com:${TOKEN}`).toString('base64')}`);
  expect(sent.body).toMatchObject({
    fields: { project: { key: 'SOC' }, issuetype: { id: '10007' }, summary: 'Compromised account: alice signed in from 203.0.113.7', description: expect.stringContaining('Severity: High') },
  });
  const created = run.actions.find((a) => a.name === 'Create_a_new_issue');
  expect(created?.outputs?.body).toMatchObject({ id: '10042', key: 'SOC-17' });
});
