/**
 * Create-Jira-Issue (incident trigger), imported unchanged from the corpus and run by hand on an
 * incident, against testing/fake-api.ts standing in for Jira's REST API (Jira cannot run here).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeApi, type FakeApi } from '../../testing/fake-api.ts';
import { corpusRunApp, type CorpusRunApp } from '../../testing/corpus-connector-run.ts';
import { compromisedAccountAlert } from '../../e2e/response-fixture.ts';
import { settledRuns } from '../../automation/e2e.test-support.ts';
import { startFakeJira } from './fake-jira.test-support.ts';

const TOKEN = 'jira-corpus-token-canary-31aa';
let api: FakeApi;
let env: CorpusRunApp;
beforeEach(async () => {
  [api, env] = await Promise.all([startFakeApi(), corpusRunApp()]);
  // Before creating, the connector searches for an issue an earlier attempt made: none here.
  api.on('GET', '/rest/api/2/search', { status: 200, body: { startAt: 0, maxResults: 1, total: 0, issues: [] } });
});
const posted = () => api.requests.filter((r) => r.method === 'POST');
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
  expect(posted()).toHaveLength(1);
  const sent = posted()[0]!;
  expect(sent.headers.authorization).toBe(`Basic ${Buffer.from(`soc@example.com:${TOKEN}`).toString('base64')}`);
  expect(sent.body).toMatchObject({
    fields: { project: { key: 'SOC' }, issuetype: { id: '10007' }, summary: 'Compromised account: alice signed in from 203.0.113.7', description: expect.stringContaining('Severity: High') },
  });
  const created = run.actions.find((a) => a.name === 'Create_a_new_issue');
  expect(created?.outputs?.body).toMatchObject({ id: '10042', key: 'SOC-17' });
});

it('the alert-trigger variant runs on a new alert by itself, finds the alert’s incident and opens the issue from it', async () => {
  api.on('POST', '/rest/api/2/issue', { status: 201, body: { id: '10043', key: 'SOC-18', self: `${api.url}/rest/api/2/issue/10043` } });
  await env.connect('jira', 'jira', { baseUrl: api.url, personalAccessToken: TOKEN });
  const playbook = await env.importPlaybook('Create-Jira-Issue__alert-trigger.json');
  expect([playbook.missingOperations, playbook.notRunnable]).toEqual([[], []]);
  const alert = await env.alertFrom(compromisedAccountAlert('198.51.100.4', 'bob'));

  // An alert-trigger playbook no automation claims runs for every new alert, as in Sentinel.
  const runs = await settledRuns(env.t, playbook.id);
  expect(runs.map((r) => [r.status, r.startedBy.split(':')[0]])).toEqual([['Succeeded', 'alert.created']]);
  expect(api.requests.map((r) => [r.method, r.headers.authorization])).toEqual([['GET', `Bearer ${TOKEN}`], ['POST', `Bearer ${TOKEN}`]]);
  expect(posted()[0]!.body).toMatchObject({ fields: { project: { key: 'SOC' }, summary: 'Compromised account: bob signed in from 198.51.100.4' } });
});

it('a refusal fails the run without the token reaching the run history, even when Jira quotes it', async () => {
  api.on('POST', '/rest/api/2/issue', { status: 401, body: { errorMessages: [`Basic auth with token ${TOKEN} is not allowed`] } });
  await env.connect('jira', 'jira', { baseUrl: api.url, user: 'soc@example.com', apiToken: TOKEN });
  const playbook = await env.importPlaybook('Create-Jira-Issue__incident-trigger.json');
  const incidentId = await env.incidentFrom(compromisedAccountAlert('203.0.113.9'));

  const run = await env.runByHand(playbook.id, { incidentId });
  expect(run.status).toBe('Failed');
  // 401 is not retried: one create.
  expect(posted()).toHaveLength(1);
  const failed = run.actions.find((a) => a.name === 'Create_a_new_issue');
  expect(failed?.status).toBe('Failed');
  expect(JSON.stringify(failed)).toContain('Jira refused the credentials (401)');
  expect(JSON.stringify(run)).not.toContain(TOKEN);
});

it('a create whose answer is lost is retried by the run and answers the one issue Jira made, with the run’s mark beside no other label', async () => {
  const jira = await startFakeJira();
  try {
    jira.loseAnswers = 1;
    await env.connect('jira', 'jira', { baseUrl: jira.api.url, user: 'soc@example.com', apiToken: TOKEN });
    const playbook = await env.importPlaybook('Create-Jira-Issue__incident-trigger.json');
    const incidentId = await env.incidentFrom(compromisedAccountAlert('203.0.113.8'));

    // The default retry policy waits 5–7.5 s before the second attempt.
    const run = await env.runByHand(playbook.id, { incidentId });
    expect(run.status).toBe('Succeeded');
    expect(jira.issues).toHaveLength(1);
    expect(jira.issues[0]!.fields.labels).toEqual([expect.stringMatching(/^riposte-[0-9a-f]{32}$/)]);
    expect(jira.api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /rest/api/2/search', 'POST /rest/api/2/issue', 'GET /rest/api/2/search']);
    const created = run.actions.find((a) => a.name === 'Create_a_new_issue');
    expect(created?.outputs?.body).toEqual({ id: jira.issues[0]!.id, key: 'SOC-1', self: jira.issues[0]!.self });
  } finally {
    await jira.stop();
  }
}, 20_000);
