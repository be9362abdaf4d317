/**
 * The `service-now` connector against testing/fake-api.ts, a local stand-in for a ServiceNow
 * instance's Table API (ServiceNow cannot run here): what is sent, what comes back, how failures read.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeApi, type FakeApi } from '../../testing/fake-api.ts';
import { callOperation } from '../../testing/connector-call.ts';
import { describeConnector } from '../sdk/define-connector.ts';
import { createServiceNowConnector } from './index.ts';

const PASSWORD = 'snow-Pa55+word/canary-e3a1';
const TOKEN = 'snow-oauth-canary-44f0c2';
const snow = createServiceNowConnector();
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

const settings = () => ({ instanceUrl: api.url, username: 'riposte', password: PASSWORD });
// As Create-SNOW-record (incident trigger) sends it.
const record = {
  comments: 'https://portal/incidents/1',
  description: 'Incident description: x;\nSeverity: High',
  impact: '1',
  number: '7f3a',
  short_description: 'Suspicious sign-in',
  urgency: '1',
};
const queries = { sysparm_display_value: false, sysparm_exclude_reference_link: true };
const create = (s: Record<string, unknown>, body: unknown = record, path = '/api/now/v2/table/incident', q: Record<string, unknown> = queries) =>
  callOperation(snow, 'post', path, { settings: s, body, queries: q });

describe('service-now POST /api/now/v2/table/{tableType}', () => {
  it('creates the record through the Table API with basic auth and the playbook’s sysparm flags, and answers result', async () => {
    const result = { sys_id: '9d385017c611228701d22104cc95c371', number: 'INC0010023', short_description: 'Suspicious sign-in', urgency: '1' };
    api.on('POST', '/api/now/table/incident', { status: 201, body: { result } });
    const res = await create(settings());
    expect(res.statusCode).toBe(201);
    expect(res.body).toEqual({ result });
    const sent = api.requests[0]!;
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from(`riposte:${PASSWORD}`).toString('base64')}`);
    expect(Object.fromEntries(sent.query)).toEqual({ sysparm_display_value: 'false', sysparm_exclude_reference_link: 'true' });
    expect(sent.body).toEqual(record);
  });

  it('sends an OAuth token as a bearer token, to any table', async () => {
    api.on('POST', '/api/now/table/sn_si_incident', { status: 201, body: { result: { sys_id: 'a1' } } });
    const res = await create({ instanceUrl: `${api.url}/`, token: TOKEN }, { short_description: 's' }, '/api/now/v2/table/sn_si_incident', {});
    expect(res.statusCode).toBe(201);
    expect(api.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect([...api.requests[0]!.query.keys()]).toEqual([]);
  });

  it('refuses a bad table, body or flag, naming the field, before calling ServiceNow', async () => {
    const table = await create(settings(), record, '/api/now/v2/table/sys_user%3Fsysparm_query%3Dx');
    expect(table.statusCode).toBe(400);
    expect((table.body as any).error.field).toBe('/path/tableType');
    const body = await create(settings(), 'not a record');
    expect((body.body as any).error.field).toBe('/body');
    const flag = await create(settings(), record, '/api/now/v2/table/incident', { sysparm_exclude_reference_link: 'maybe' });
    expect((flag.body as any).error.field).toBe('/queries/sysparm_exclude_reference_link');
    const noAuth = await create({ instanceUrl: api.url, username: 'riposte' });
    expect((noAuth.body as any).error).toMatchObject({ code: 'InvalidConnection', field: '/connection/settings/password' });
    expect(api.requests).toHaveLength(0);
  });

  it('maps ServiceNow refusals and outages; the password never appears in a message', async () => {
    for (const [status, code, httpStatus] of [
      [400, 'InvalidInput', 400],
      [401, 'Unauthorized', 401],
      [403, 'Unauthorized', 403],
      [500, 'UpstreamFailure', 502],
    ] as const) {
      api.on('POST', '/api/now/table/incident', { status, body: { error: { message: `User Not Authenticated: riposte/${PASSWORD}` }, status: 'failure' } });
      const res = await create(settings());
      expect([res.statusCode, (res.body as any).error.code]).toEqual([httpStatus, code]);
      expect((res.body as any).error.message).toContain('ServiceNow');
      expect(JSON.stringify(res.body)).not.toContain(PASSWORD);
    }
  });

  it('describes password and token as secrets and creating a record as a record (nothing to restore)', () => {
    const d = describeConnector(snow);
    expect(d.connection?.secrets).toEqual(['password', 'token']);
    expect(d.operations.map((o) => [o.method, o.path, o.effect, o.reversible])).toEqual([['post', '/api/now/v2/table/{tableType}', 'notify', false]]);
  });
});
