/**
 * The `jira` connector against testing/fake-api.ts, a local stand-in for Jira's REST API (Jira
 * cannot run here): what is sent (path, auth, body), what a playbook gets back, how failures read.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeApi, type FakeApi } from '../../testing/fake-api.ts';
import { callOperation } from '../../testing/connector-call.ts';
import { describeConnector } from '../sdk/define-connector.ts';
import { createJiraConnector } from './index.ts';

const TOKEN = 'jira-Api+Token/canary-7c41';
const PAT = 'jira-pat-canary-0d9e5b';
const jira = createJiraConnector();
let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi();
});
afterAll(async () => {
  await api.stop();
});
beforeEach(() => {
  api.requests.length = 0;
});

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
    expect(api.requests).toHaveLength(1);
    const sent = api.requests[0]!;
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from(`soc@example.com:${TOKEN}`).toString('base64')}`);
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.body).toEqual({ fields: { ...playbookBody.fields, project: { key: 'SOC' } } });
  });

  it('sends a personal access token as a bearer token', async () => {
    api.on('POST', '/rest/api/2/issue', { status: 201, body: { id: '1', key: 'SOC-1', self: 'x' } });
    const res = await create({ baseUrl: api.url, personalAccessToken: PAT });
    expect(res.statusCode).toBe(201);
    expect(api.requests[0]!.headers.authorization).toBe(`Bearer ${PAT}`);
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
