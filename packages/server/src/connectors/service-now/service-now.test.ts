/**
 * The `service-now` connector against testing/fake-api.ts, a local stand-in for a ServiceNow
 * instance's Table API (ServiceNow cannot run here): what is sent, what comes back, how failures read.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useFakeApi } from '../../testing/use-fake-api.ts';
import { callOperation } from '../../testing/connector-call.ts';
import { describeConnector } from '../sdk/define-connector.ts';
import { idempotencyMark } from '../upstream/idempotency-mark.ts';
import { createServiceNowConnector } from './index.ts';
import { startFakeServiceNow, type FakeServiceNow } from './fake-service-now.test-support.ts';

const PASSWORD = 'snow-Pa55+word/canary-e3a1';
const TOKEN = 'snow-oauth-canary-44f0c2';
const snow = createServiceNowConnector();
const api = useFakeApi();
beforeEach(() => {
  // No record carries the correlation_id yet: every create below is a first one.
  api.on('GET', /^\/api\/now\/table\//, { status: 200, body: { result: [] } });
});
const posted = () => api.requests.filter((r) => r.method === 'POST');
const MARK = idempotencyMark('run-1/service-now');
const marked = (r: Record<string, unknown>) => ({ ...r, correlation_id: MARK, correlation_display: 'Riposte' });

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
    expect(posted()).toHaveLength(1);
    const sent = posted()[0]!;
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from(`riposte:${PASSWORD}`).toString('base64')}`);
    expect(Object.fromEntries(sent.query)).toEqual({ sysparm_display_value: 'false', sysparm_exclude_reference_link: 'true' });
    expect(sent.body).toEqual(marked(record));
  });

  it('sends an OAuth token as a bearer token, to any table', async () => {
    api.on('POST', '/api/now/table/sn_si_incident', { status: 201, body: { result: { sys_id: 'a1' } } });
    const res = await create({ instanceUrl: `${api.url}/`, token: TOKEN }, { short_description: 's' }, '/api/now/v2/table/sn_si_incident', {});
    expect(res.statusCode).toBe(201);
    expect(api.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
    expect([...posted()[0]!.query.keys()]).toEqual([]);
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

describe('service-now creates once per idempotency key', () => {
  let snow2: FakeServiceNow;
  beforeEach(async () => {
    snow2 = await startFakeServiceNow();
    return () => snow2.stop();
  });
  const at = () => ({ instanceUrl: snow2.api.url, username: 'riposte', password: PASSWORD });
  const createAs = (idempotencyKey: string, body: unknown = record, q: Record<string, unknown> = queries) =>
    callOperation(snow, 'post', '/api/now/v2/table/incident', { settings: at(), body, queries: q, idempotencyKey });

  it('a retry after the answer to the create was lost answers the record the first attempt created, not a second one', async () => {
    snow2.loseAnswers = 1;
    const first = await createAs('run-7/Create_Record');
    // The instance stored the record, but the caller saw a gateway timeout: the retry policy retries a 502.
    expect([first.statusCode, (first.body as any).error.code]).toEqual([502, 'UpstreamFailure']);
    expect(snow2.records).toHaveLength(1);

    const retry = await createAs('run-7/Create_Record');
    expect(retry.statusCode).toBe(200);
    expect(retry.body).toEqual({ result: snow2.records[0] });
    expect(snow2.records).toHaveLength(1);
    expect(snow2.records[0]).toMatchObject({ ...record, correlation_id: idempotencyMark('run-7/Create_Record'), correlation_display: 'Riposte' });
    expect(snow2.api.requests.map((r) => [r.method, r.query.get('sysparm_query')])).toEqual([
      ['GET', `correlation_id=${idempotencyMark('run-7/Create_Record')}`],
      ['POST', null],
      ['GET', `correlation_id=${idempotencyMark('run-7/Create_Record')}`],
    ]);
    expect(snow2.api.requests[0]!.query.get('sysparm_limit')).toBe('1');
    // The lookup reads the record with the create's flags, so the answer has the shape a create gives.
    expect(snow2.api.requests[0]!.query.get('sysparm_display_value')).toBe('false');
    expect(snow2.api.requests[0]!.query.get('sysparm_exclude_reference_link')).toBe('true');
  });

  it('another action (or another iteration) creates its own record', async () => {
    await createAs('run-7/Create_Record');
    await createAs('run-7/For_each/Create_Record#1');
    expect(snow2.records.map((r) => r.correlation_id)).toEqual([idempotencyMark('run-7/Create_Record'), idempotencyMark('run-7/For_each/Create_Record#1')]);
  });

  it('keeps a correlation_id and correlation_display the playbook set (and then cannot look the record up)', async () => {
    const own = { ...record, correlation_id: 'SENTINEL-42', correlation_display: 'Sentinel' };
    const res = await createAs('run-7/Create_Record', own);
    expect(res.statusCode).toBe(201);
    expect(snow2.records[0]).toMatchObject({ correlation_id: 'SENTINEL-42', correlation_display: 'Sentinel' });
    expect(snow2.api.requests.map((r) => r.method)).toEqual(['POST']);
    // Only correlation_display of its own: Riposte still marks the record, and names the display.
    await createAs('run-8/Create_Record', { ...record, correlation_display: 'SOC' });
    expect(snow2.records[1]).toMatchObject({ correlation_id: idempotencyMark('run-8/Create_Record'), correlation_display: 'SOC' });
  });

  it('creates when the instance answers a record without the correlation_id (a table without the field: the condition is dropped)', async () => {
    snow2.api.on('GET', '/api/now/table/incident', { status: 200, body: { result: [{ sys_id: 'other', number: 'INC0000001', short_description: 'unrelated' }] } });
    const res = await createAs('run-7/Create_Record');
    expect(res.statusCode).toBe(201);
    expect(snow2.records).toHaveLength(1);
  });

  it('asks the lookup for correlation_id beside the playbook’s sysparm_fields and answers only the fields it asked for', async () => {
    const q = { sysparm_fields: 'sys_id, number' };
    await createAs('run-7/Create_Record', record, q);
    const again = await createAs('run-7/Create_Record', record, q);
    expect(again.statusCode).toBe(200);
    expect(snow2.api.requests.at(-1)!.query.get('sysparm_fields')).toBe('sys_id,number,correlation_id');
    // The fake answers every field; Riposte drops only the one it added.
    expect((again.body as any).result.correlation_id).toBeUndefined();
    expect((again.body as any).result).toMatchObject({ sys_id: snow2.records[0]!.sys_id, number: snow2.records[0]!.number });
    expect(snow2.records).toHaveLength(1);
  });

  it('reads correlation_id as {value, display_value} when the playbook asks for sysparm_display_value=all', async () => {
    await createAs('run-7/Create_Record');
    const mark = idempotencyMark('run-7/Create_Record');
    snow2.api.on('GET', '/api/now/table/incident', { status: 200, body: { result: [{ sys_id: { value: 'sys1', display_value: 'sys1' }, correlation_id: { value: mark, display_value: mark } }] } });
    const again = await createAs('run-7/Create_Record', record, { sysparm_display_value: 'all' });
    expect([again.statusCode, (again.body as any).result.sys_id.value]).toEqual([200, 'sys1']);
    expect(snow2.records).toHaveLength(1);
  });

  it('maps a failed lookup as any upstream failure and creates nothing', async () => {
    for (const [status, code, httpStatus] of [
      [500, 'UpstreamFailure', 502],
      [401, 'Unauthorized', 401],
      [400, 'InvalidInput', 400],
    ] as const) {
      snow2.api.on('GET', '/api/now/table/incident', { status, body: { error: { message: `lookup refused for riposte/${PASSWORD}` }, status: 'failure' } });
      const res = await createAs('run-7/Create_Record');
      expect([res.statusCode, (res.body as any).error.code]).toEqual([httpStatus, code]);
      expect((res.body as any).error.message).toContain('ServiceNow');
      expect(JSON.stringify(res.body)).not.toContain(PASSWORD);
    }
    snow2.api.on('GET', '/api/now/table/incident', { status: 200, body: '<html>login</html>' });
    const odd = await createAs('run-7/Create_Record');
    expect([odd.statusCode, (odd.body as any).error.code]).toEqual([502, 'UpstreamFailure']);
    expect(snow2.api.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    expect(snow2.records).toHaveLength(0);
  });
});
