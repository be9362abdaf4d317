/**
 * The azureadip connector against Microsoft Graph's identityProtection riskyUsers API as played by
 * `testing/fake-api.ts` (through `fake-identity-protection.test-support.ts`): Graph cannot run
 * here, so the fake answers as Graph documents and the tests assert what Riposte sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorRegistry, type ConnectorRequest, type ConnectorResponse } from '@riposte/engine';
import { createAzureAdIpConnector } from './index.ts';
import { startFakeIdentityProtection, type FakeIdentityProtection } from './fake-identity-protection.test-support.ts';

const alice = '29f270bb-4d23-4f68-8a57-dc73dc0d4caf';
const bob = '20f91ec9-d140-4d90-9cd9-f618587a1471';
let graph: FakeIdentityProtection;
let connector: ReturnType<typeof createAzureAdIpConnector>;
beforeEach(async () => {
  graph = await startFakeIdentityProtection([
    { id: alice, riskState: 'atRisk', riskLevel: 'medium', riskDetail: 'none', userPrincipalName: 'alice@contoso.com' },
    { id: bob, riskState: 'dismissed', riskLevel: 'none', riskDetail: 'adminDismissedAllRiskForUser', userPrincipalName: 'bob@contoso.com' },
  ]);
  connector = createAzureAdIpConnector();
});
afterEach(async () => {
  await graph.stop();
});

function request(path: string, body: unknown, settings: Record<string, unknown> = graph.settings()) {
  const found = new ConnectorRegistry().register(connector).resolve('azureadip', 'post', path);
  if (!found) throw new Error(`no operation for ${path}`);
  const req: ConnectorRequest = {
    connection: { name: 'azureadip', api: 'azureadip', settings },
    method: 'post',
    path,
    pathParams: found.pathParams,
    queries: {},
    headers: {},
    body,
    idempotencyKey: 'run-1/Confirm',
    runId: 'run-1',
    actionName: 'Confirm',
    signal: new AbortController().signal,
  };
  return { req, operation: found.operation };
}
const send = (path: string, body: unknown, settings?: Record<string, unknown>): Promise<ConnectorResponse> => {
  const { req, operation } = request(path, body, settings);
  return operation.execute(req);
};

describe('azureadip: confirm compromised and dismiss', () => {
  it('confirms: POST v1.0 identityProtection/riskyUsers/confirmCompromised with the userIds and a Graph token; 204', async () => {
    const res = await send('/beta/riskyUsers/confirmCompromised', { userIds: [alice] });
    expect(res).toEqual({ statusCode: 204 });
    const [token, call] = graph.api.requests;
    expect(token!.body).toEqual({ client_id: graph.clientId, client_secret: graph.clientSecret, grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default' });
    expect(call).toMatchObject({ method: 'POST', path: '/v1.0/identityProtection/riskyUsers/confirmCompromised', body: { userIds: [alice] } });
    expect(call!.headers.authorization).toBe('Bearer graph-token-1');
    expect(graph.users.get(alice)).toMatchObject({ riskState: 'confirmedCompromised', riskLevel: 'high' });
  });

  it('dismisses, reusing the token', async () => {
    await send('/beta/riskyUsers/confirmCompromised', { userIds: [alice] });
    expect(await send('/beta/riskyUsers/dismiss', { userIds: [alice, bob] })).toEqual({ statusCode: 204 });
    expect(graph.calls().at(-1)).toMatchObject({ path: '/v1.0/identityProtection/riskyUsers/dismiss', body: { userIds: [alice, bob] } });
    expect(graph.issued).toEqual(['graph-token-1']);
    expect(graph.users.get(alice)).toMatchObject({ riskState: 'dismissed', riskLevel: 'none' });
  });

  it('refuses a missing user id (an account entity without AadUserId) or more than 60, naming the field, before calling Graph', async () => {
    expect((await send('/beta/riskyUsers/confirmCompromised', { userIds: [null] })).body).toMatchObject({ error: { code: 'InvalidInput', field: '/body/userIds/0' } });
    expect((await send('/beta/riskyUsers/dismiss', { userIds: [] })).body).toMatchObject({ error: { code: 'InvalidInput', field: '/body/userIds' } });
    const dn = await send('/beta/riskyUsers/dismiss', { userIds: [alice, 'uid=alice,ou=people,dc=riposte,dc=test'] });
    expect(dn.body).toMatchObject({ error: { code: 'InvalidInput', field: '/body/userIds/1', message: expect.stringContaining('GUID') } });
    const many = Array.from({ length: 61 }, (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`);
    expect((await send('/beta/riskyUsers/dismiss', { userIds: many })).body).toMatchObject({ error: { code: 'InvalidInput', field: '/body/userIds' } });
    expect(graph.api.requests).toHaveLength(0);
  });

  it('maps Graph’s answers: 403 (permission not granted) Unauthorized, 400 InvalidInput, 429 and 5xx retried as UpstreamFailure', async () => {
    const path = '/v1.0/identityProtection/riskyUsers/confirmCompromised';
    for (const [status, code, statusCode] of [
      [403, 'Unauthorized', 403],
      [400, 'InvalidInput', 400],
      [429, 'UpstreamFailure', 429],
      [503, 'UpstreamFailure', 502],
    ] as const) {
      graph.api.on('POST', path, { status, body: { error: { code: 'X', message: `answer ${status}` } } });
      const res = await send('/beta/riskyUsers/confirmCompromised', { userIds: [alice] });
      expect([res.statusCode, (res.body as { error: { code: string } }).error.code]).toEqual([statusCode, code]);
      expect((res.body as { error: { message: string } }).error.message).toContain('Microsoft Entra ID Protection');
    }
  });

  it('after a 401 asks for a new token once and sends again', async () => {
    await send('/beta/riskyUsers/dismiss', { userIds: [bob] });
    graph.revokeTokens();
    expect(await send('/beta/riskyUsers/confirmCompromised', { userIds: [alice] })).toEqual({ statusCode: 204 });
    expect(graph.issued).toEqual(['graph-token-1', 'graph-token-2']);
    expect(graph.calls().map((c) => c.headers.authorization)).toEqual(['Bearer graph-token-1', 'Bearer graph-token-1', 'Bearer graph-token-2']);
  });

  it('a wrong client secret is 401, masked', async () => {
    const res = await send('/beta/riskyUsers/dismiss', { userIds: [bob] }, { ...graph.settings(), clientSecret: 'wrong-secret-canary-0042' });
    expect(res.statusCode).toBe(401);
    expect(JSON.stringify(res)).not.toContain('wrong-secret-canary-0042');
  });
});

describe('azureadip: risk state for the ledger and recovery', () => {
  it('reads each user’s riskState and riskLevel (a user Graph never assessed has none) and names the users as the resource', async () => {
    const carol = '7a7a7a7a-0000-4000-8000-000000000001';
    const { req, operation } = request('/beta/riskyUsers/confirmCompromised', { userIds: [bob.toUpperCase(), carol] });
    expect(operation.state!.resource(req)).toEqual({ kind: 'entra-user-risk', id: [bob, carol].sort().join(',') });
    expect(await operation.state!.read(req)).toEqual({
      users: [
        { id: bob, riskState: 'dismissed', riskLevel: 'none' },
        { id: carol, riskState: 'none', riskLevel: 'none' },
      ].sort((a, b) => a.id.localeCompare(b.id)),
      restorable: false,
    });
    expect(graph.calls().map((c) => c.path)).toEqual([bob, carol].sort().map((id) => `/v1.0/identityProtection/riskyUsers/${id}`));
  });

  it('undoes a confirmation of a dismissed user exactly, by dismissing again', async () => {
    const { req, operation } = request('/beta/riskyUsers/confirmCompromised', { userIds: [bob] });
    const before = await operation.state!.read(req);
    expect(before).toEqual({ users: [{ id: bob, riskState: 'dismissed', riskLevel: 'none' }] });
    await operation.execute(req);
    expect(await operation.state!.read(req)).toEqual({ users: [{ id: bob, riskState: 'confirmedCompromised', riskLevel: 'high' }] });
    expect(await operation.state!.restore(req, before)).toBeUndefined();
    expect(graph.calls().at(-1)).toMatchObject({ path: '/v1.0/identityProtection/riskyUsers/dismiss', body: { userIds: [bob] } });
    expect(await operation.state!.read(req)).toEqual(before);
  });

  it('undoes a dismissal of a compromised user by confirming again', async () => {
    graph.users.set(alice, { id: alice, riskState: 'confirmedCompromised', riskLevel: 'high', riskDetail: 'adminConfirmedUserCompromised' });
    const { req, operation } = request('/beta/riskyUsers/dismiss', { userIds: [alice] });
    const before = await operation.state!.read(req);
    await operation.execute(req);
    await operation.state!.restore(req, before);
    expect(graph.calls().at(-1)).toMatchObject({ path: '/v1.0/identityProtection/riskyUsers/confirmCompromised', body: { userIds: [alice] } });
    expect(await operation.state!.read(req)).toEqual(before);
  });

  it('a user without risk before gets the added risk dismissed, and the notice says the state now reads dismissed', async () => {
    const carol = '7a7a7a7a-0000-4000-8000-000000000001';
    const { req, operation } = request('/beta/riskyUsers/confirmCompromised', { userIds: [carol] });
    const before = await operation.state!.read(req);
    expect(before).toEqual({ users: [{ id: carol, riskState: 'none', riskLevel: 'none' }], restorable: false });
    await operation.execute(req);
    const notice = (await operation.state!.restore(req, before)) as unknown as { restored: boolean; message: string };
    expect(graph.calls().at(-1)).toMatchObject({ path: '/v1.0/identityProtection/riskyUsers/dismiss', body: { userIds: [carol] } });
    expect(graph.users.get(carol)).toMatchObject({ riskState: 'dismissed', riskLevel: 'none' });
    expect(notice).toEqual({ restored: false, message: expect.stringContaining("riskState 'dismissed' where it was 'none'") });
  });

  it('cannot put an at-risk user back at risk: sends nothing and says so', async () => {
    const { req, operation } = request('/beta/riskyUsers/confirmCompromised', { userIds: [alice] });
    const before = await operation.state!.read(req);
    expect(before).toEqual({ users: [{ id: alice, riskState: 'atRisk', riskLevel: 'medium' }], restorable: false });
    await operation.execute(req);
    const posts = graph.calls().filter((c) => c.method === 'POST').length;
    const notice = (await operation.state!.restore(req, before)) as unknown as { restored: boolean; message: string };
    expect(notice.restored).toBe(false);
    expect(notice.message).toContain('no call that puts a user back at risk');
    expect(notice.message).toContain('atRisk (medium)');
    expect(graph.calls().filter((c) => c.method === 'POST')).toHaveLength(posts);
    expect(graph.users.get(alice)).toMatchObject({ riskState: 'confirmedCompromised' });
  });
});
