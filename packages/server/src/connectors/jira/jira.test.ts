/**
 * The `jira` connector against testing/fake-api.ts, a local stand-in for Jira's REST API (Jira
 * cannot run here): what is sent (path, auth, body), what a playbook gets back, how failures read.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useFakeApi } from '../../testing/use-fake-api.ts';
import { callOperation } from '../../testing/connector-call.ts';
import { describeConnector } from '../sdk/define-connector.ts';
import { idempotencyMark } from '../upstream/idempotency-mark.ts';
import { createJiraConnector } from './index.ts';
import { startFakeJira, type FakeJira } from './fake-jira.test-support.ts';

const TOKEN = 'jira-Api+Token/canary-7c41';
const PAT = 'jira-pat-canary-0d9e5b';
const jira = createJiraConnector();
const api = useFakeApi();
beforeEach(() => {
  // No issue carries the label yet: every create below is a first one.
  api.on('GET', /\/rest\/api\/2\/search$/, { status: 200, body: { startAt: 0, maxResults: 1, total: 0, issues: [] } });
});
const posted = () => api.requests.filter((r) => r.method === 'POST');
const MARK = idempotencyMark('run-1/jira');

const settings = () => ({ baseUrl: `${api.url}/jira/`, user: 'soc@example.com', apiToken: TOKEN });
// As Create-Jira-Issue (incident trigger) sends it.
const playbookBody = {
  fields: { summary: 'Suspicious sign-in', description: 'Incident description: x;\nSeverity: High;\nIncident URL:  https://portal/1', issuetype: { id: '10007' } },
};
const create = (s: Record<string, unknown>, body: unknown = playbookBody, queries: Record<string, unknown> = { projectKey: 'SOC' }) =>
  callOperation(jira, 'post', '/issue', { settings: s, body, queries });

describe('jira POST /issue', () => {
  it('creates the issue through REST API v2 with basic auth, the project from projectKey, and answers id, key and self', async () => {
    api.on('POST', '/jira/rest/api/2/issue', { status: 201, body: { id: '10042', key: 'SOC-17', self: `${api.url}/jira/rest/api/2/issue/10042` } });
    const res = await create(settings());
    expect(res.statusCode).toBe(201);
    expect(res.body).toEqual({ id: '10042', key: 'SOC-17', self: `${api.url}/jira/rest/api/2/issue/10042` });
    expect(posted()).toHaveLength(1);
    const sent = posted()[0]!;
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from(`soc@example.com:${TOKEN}`).toString('base64')}`);
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.body).toEqual({ fields: { ...playbookBody.fields, labels: [MARK], project: { key: 'SOC' } } });
  });

  it('sends a personal access token as a bearer token', async () => {
    api.on('POST', '/rest/api/2/issue', { status: 201, body: { id: '1', key: 'SOC-1', self: 'x' } });
    const res = await create({ baseUrl: api.url, personalAccessToken: PAT });
    expect(res.statusCode).toBe(201);
    expect(api.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${PAT}`, `Bearer ${PAT}`]);
  });

  it('refuses a body or query the playbook got wrong, naming the field, before calling Jira', async () => {
    const noSummary = await create(settings(), { fields: { issuetype: { id: '10007' } } });
    expect(noSummary.statusCode).toBe(400);
    expect((noSummary.body as any).error.field).toBe('/body/fields/summary');
    const noType = await create(settings(), { fields: { summary: 's', issuetype: {} } });
    expect((noType.body as any).error.field).toBe('/body/fields/issuetype');
    const noProject = await create(settings(), playbookBody, {});
    expect(noProject.statusCode).toBe(400);
    expect((noProject.body as any).error.field).toBe('/queries/projectKey');
    expect(api.requests).toHaveLength(0);
  });

  it('refuses a connection without credentials, naming the setting', async () => {
    const res = await create({ baseUrl: api.url, user: 'soc@example.com' });
    expect(res.statusCode).toBe(400);
    expect((res.body as any).error).toMatchObject({ code: 'InvalidConnection', field: '/connection/settings/apiToken' });
    const noUser = await create({ baseUrl: api.url, apiToken: TOKEN });
    expect((noUser.body as any).error.field).toBe('/connection/settings/user');
    expect(JSON.stringify(noUser.body)).not.toContain(TOKEN);
    expect(api.requests).toHaveLength(0);
  });

  it('maps Jira refusals and outages; the token never appears in a message, even when Jira echoes it', async () => {
    for (const [status, code, httpStatus] of [
      [400, 'InvalidInput', 400],
      [401, 'Unauthorized', 401],
      [404, 'NotFound', 404],
      [503, 'UpstreamFailure', 502],
    ] as const) {
      api.on('POST', '/jira/rest/api/2/issue', { status, body: { errorMessages: [`bad token ${TOKEN}`], errors: { summary: 'nope' } } });
      const res = await create(settings());
      expect([res.statusCode, (res.body as any).error.code]).toEqual([httpStatus, code]);
      expect((res.body as any).error.message).toContain('Jira');
      expect(JSON.stringify(res.body)).not.toContain(TOKEN);
    }
  });

  it('describes the token settings as secrets and creating an issue as a record (nothing to restore)', () => {
    const d = describeConnector(jira);
    expect(d.connection?.secrets).toEqual(['apiToken', 'personalAccessToken']);
    expect(d.operations.map((o) => [o.method, o.path, o.effect, o.reversible])).toEqual([['post', '/issue', 'notify', false]]);
  });
});

describe('jira creates once per idempotency key', () => {
  let fake: FakeJira;
  beforeEach(async () => {
    fake = await startFakeJira();
    return () => fake.stop();
  });
  const at = (extra: Record<string, unknown> = {}) => ({ baseUrl: fake.api.url, user: 'soc@example.com', apiToken: TOKEN, ...extra });
  const createAs = (idempotencyKey: string, body: unknown = playbookBody, s: Record<string, unknown> = at()) =>
    callOperation(jira, 'post', '/issue', { settings: s, body, queries: { projectKey: 'SOC' }, idempotencyKey });
  const searches = () => fake.api.requests.filter((r) => r.method === 'GET').map((r) => [r.path, r.query.get('jql'), r.query.get('maxResults'), r.query.get('fields')]);

  it('a retry after the answer to the create was lost answers the issue the first attempt created, not a second one', async () => {
    fake.loseAnswers = 1;
    const first = await createAs('run-7/Create_a_new_issue');
    expect([first.statusCode, (first.body as any).error.code]).toEqual([502, 'UpstreamFailure']);
    expect(fake.issues).toHaveLength(1);

    const retry = await createAs('run-7/Create_a_new_issue');
    expect(retry.statusCode).toBe(200);
    const { id, key, self } = fake.issues[0]!;
    expect(retry.body).toEqual({ id, key, self });
    expect(fake.issues).toHaveLength(1);
    const mark = idempotencyMark('run-7/Create_a_new_issue');
    expect(fake.issues[0]!.fields.labels).toEqual([mark]);
    expect(searches()).toEqual([
      ['/rest/api/2/search', `labels = "${mark}"`, '1', 'key'],
      ['/rest/api/2/search', `labels = "${mark}"`, '1', 'key'],
    ]);
  });

  it('a retry after the client gave up waiting answers the issue Jira created meanwhile', async () => {
    fake.delayMs = 1_500;
    const first = await createAs('run-7/Create_a_new_issue', playbookBody, at({ timeoutSeconds: 0.5 }));
    expect([first.statusCode, (first.body as any).error.code]).toEqual([502, 'UpstreamFailure']);
    fake.delayMs = 0;
    const retry = await createAs('run-7/Create_a_new_issue', playbookBody, at({ timeoutSeconds: 0.5 }));
    expect([retry.statusCode, (retry.body as any).key]).toEqual([200, 'SOC-1']);
    expect(fake.issues).toHaveLength(1);
  });

  it('keeps the playbook’s own labels beside the mark, and another action creates its own issue', async () => {
    const labelled = { fields: { ...playbookBody.fields, labels: ['sentinel', 'phishing'] } };
    await createAs('run-7/Create_a_new_issue', labelled);
    await createAs('run-7/For_each/Create_a_new_issue#1', labelled);
    expect(fake.issues.map((i) => i.fields.labels)).toEqual([
      ['sentinel', 'phishing', idempotencyMark('run-7/Create_a_new_issue')],
      ['sentinel', 'phishing', idempotencyMark('run-7/For_each/Create_a_new_issue#1')],
    ]);
    const spaced = await createAs('run-7/Create_a_new_issue', { fields: { ...playbookBody.fields, labels: ['two words'] } });
    expect([spaced.statusCode, (spaced.body as any).error.field]).toEqual([400, '/body/fields/labels/0']);
    expect(fake.issues).toHaveLength(2);
  });

  it('searches Jira Cloud on /search/jql; a Cloud site behind another host name gets there after the 410', async () => {
    const cloud = await startFakeJira({ cloud: true });
    try {
      const cloudAt = (idempotencyKey: string) => callOperation(jira, 'post', '/issue', { settings: { baseUrl: cloud.api.url, personalAccessToken: PAT }, body: playbookBody, queries: { projectKey: 'SOC' }, idempotencyKey });
      cloud.loseAnswers = 1;
      await cloudAt('run-9/Create_a_new_issue');
      const retry = await cloudAt('run-9/Create_a_new_issue');
      expect([retry.statusCode, (retry.body as any).key]).toEqual([200, 'SOC-1']);
      expect(cloud.issues).toHaveLength(1);
      // 127.0.0.1 is not *.atlassian.net: the Server path first, then the Cloud one.
      expect(cloud.api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /rest/api/2/search', 'GET /rest/api/2/search/jql', 'POST /rest/api/2/issue',
        'GET /rest/api/2/search', 'GET /rest/api/2/search/jql',
      ]);
    } finally {
      await cloud.stop();
    }
  });

  it('reads key and self from the issue when the search answers ids only', async () => {
    await createAs('run-7/Create_a_new_issue');
    const { id, key, self } = fake.issues[0]!;
    fake.api.on('GET', '/rest/api/2/search', { status: 200, body: { issues: [{ id }] } });
    fake.api.on('GET', `/rest/api/2/issue/${id}`, { status: 200, body: { id, key, self, fields: { summary: 'Suspicious sign-in' } } });
    const again = await createAs('run-7/Create_a_new_issue');
    expect([again.statusCode, again.body]).toEqual([200, { id, key, self }]);
  });

  it('creates without the mark in a project whose create screen has no Labels field, unless the playbook sent labels itself', async () => {
    const noLabels = { status: 400, body: { errorMessages: [], errors: { labels: "Field 'labels' cannot be set. It is not on the appropriate screen, or unknown." } } };
    fake.api.on('POST', '/rest/api/2/issue', (req) => ((req.body as any).fields.labels ? noLabels : undefined));
    const res = await createAs('run-7/Create_a_new_issue');
    expect([res.statusCode, (res.body as any).key]).toEqual([201, 'SOC-1']);
    expect(fake.issues.map((i) => i.fields.labels)).toEqual([undefined]);
    const own = await createAs('run-8/Create_a_new_issue', { fields: { ...playbookBody.fields, labels: ['sentinel'] } });
    expect([own.statusCode, (own.body as any).error.code]).toEqual([400, 'InvalidInput']);
    expect((own.body as any).error.message).toContain('cannot be set');
    expect(fake.issues).toHaveLength(1);
  });

  it('maps a failed search as any upstream failure and creates nothing', async () => {
    for (const [status, code, httpStatus] of [
      [503, 'UpstreamFailure', 502],
      [401, 'Unauthorized', 401],
      [400, 'InvalidInput', 400],
    ] as const) {
      fake.api.on('GET', '/rest/api/2/search', { status, body: { errorMessages: [`search refused for ${TOKEN}`] } });
      const res = await createAs('run-7/Create_a_new_issue');
      expect([res.statusCode, (res.body as any).error.code]).toEqual([httpStatus, code]);
      expect((res.body as any).error.message).toContain('Jira');
      expect(JSON.stringify(res.body)).not.toContain(TOKEN);
    }
    // Neither search path exists (a base URL that is not Jira): NotFound, as the create would answer.
    fake.api.on('GET', '/rest/api/2/search', { status: 404, body: '' });
    const nowhere = await createAs('run-7/Create_a_new_issue');
    expect([nowhere.statusCode, (nowhere.body as any).error.code]).toEqual([404, 'NotFound']);
    expect(fake.api.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    expect(fake.issues).toHaveLength(0);
  });
});
