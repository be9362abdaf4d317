/**
 * The wdatp connector against Defender for Endpoint as played by `testing/fake-api.ts` (through
 * `fake-mde.test-support.ts`): the real service cannot run here, so the fake answers as MDE's API
 * documents and the tests assert what Riposte sent and what it made of the answers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorRegistry, type ConnectorRequest, type ConnectorResponse, type HttpMethod } from '@riposte/engine';
import { createWdatpConnector } from './index.ts';
import { startFakeMde, type FakeMde } from './fake-mde.test-support.ts';

const machineId = '1e5bc9d7e413ddd7902c2932e418702b84d0cc07';
let mde: FakeMde;
let connector: ReturnType<typeof createWdatpConnector>;
beforeEach(async () => {
  mde = await startFakeMde([
    { id: machineId, computerDnsName: 'ws-042.contoso.local', healthStatus: 'Active' },
    { id: 'b7a0e1c2d3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8', computerDnsName: 'srv-db-1.contoso.local', healthStatus: 'Active' },
  ]);
  connector = createWdatpConnector();
});
afterEach(async () => {
  await mde.stop();
});

function request(method: HttpMethod, path: string, input: { body?: unknown; queries?: Record<string, unknown>; settings?: Record<string, unknown> } = {}): { req: ConnectorRequest; op: ReturnType<ConnectorRegistry['resolve']> } {
  const found = new ConnectorRegistry().register(connector).resolve('wdatp', method, path);
  if (!found) throw new Error(`no operation for ${method} ${path}`);
  const req: ConnectorRequest = {
    connection: { name: 'wdatp', api: 'wdatp', settings: input.settings ?? mde.settings() },
    method,
    path,
    pathParams: found.pathParams,
    queries: input.queries ?? {},
    headers: {},
    body: input.body,
    idempotencyKey: 'run-1/Isolate',
    runId: 'run-1',
    actionName: 'Isolate',
    signal: new AbortController().signal,
  };
  return { req, op: found };
}

async function send(method: HttpMethod, path: string, input: Parameters<typeof request>[2] = {}): Promise<ConnectorResponse> {
  const { req, op } = request(method, path, input);
  return op!.operation.execute(req);
}

const isolatePath = `/api/machines/${machineId}/isolate`;

describe('wdatp: list machines', () => {
  it('gets a client-credentials token for <base>/.default, sends it as bearer, passes $filter and $top, answers MDE’s list', async () => {
    const res = await send('get', '/api/machines', { queries: { $filter: "healthStatus eq 'Active'", $top: '50' } });
    expect(res.statusCode).toBe(200);
    expect((res.body as { value: Array<{ computerDnsName: string }> }).value.map((m) => m.computerDnsName)).toEqual(['ws-042.contoso.local', 'srv-db-1.contoso.local']);

    const [token, list] = mde.api.requests;
    expect(token!.path).toBe(`/${mde.tenant}/oauth2/v2.0/token`);
    expect(token!.body).toEqual({ client_id: mde.clientId, client_secret: mde.clientSecret, grant_type: 'client_credentials', scope: `${mde.api.url}/.default` });
    expect(list!.headers.authorization).toBe('Bearer mde-token-1');
    expect(Object.fromEntries(list!.query)).toEqual({ $filter: "healthStatus eq 'Active'", $top: '50' });
  });

  it('reuses the token for later calls of the same connection', async () => {
    await send('get', '/api/machines');
    await send('get', '/api/machines');
    await send('post', isolatePath, { body: { Comment: 'c' } });
    expect(mde.issued).toEqual(['mde-token-1']);
    expect(mde.calls().every((c) => c.headers.authorization === 'Bearer mde-token-1')).toBe(true);
  });

  it('refuses an OData option MDE’s list does not take, naming it, and sends nothing (a dropped filter would list every machine)', async () => {
    const res = await send('get', '/api/machines', { queries: { $expand: 'logonUsers' } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'InvalidInput', field: '/queries' } });
    expect(mde.api.requests).toHaveLength(0);
  });
});

describe('wdatp: machine actions', () => {
  it('isolates: POST …/isolate with Comment and IsolationType, answers MDE’s machineAction (201)', async () => {
    const res = await send('post', isolatePath, { body: { Comment: 'Isolated by playbook', IsolationType: 'Selective' } });
    expect(res.statusCode).toBe(201);
    expect(res.body).toMatchObject({ id: 'ma-1', type: 'Isolate', scope: 'Selective', status: 'Pending', machineId, computerDnsName: 'ws-042.contoso.local', requestorComment: 'Isolated by playbook' });
    const sent = mde.calls().find((c) => c.method === 'POST')!;
    expect(sent.path).toBe(isolatePath);
    expect(sent.body).toEqual({ Comment: 'Isolated by playbook', IsolationType: 'Selective' });
    expect(sent.headers.authorization).toBe('Bearer mde-token-1');
  });

  it('isolates fully when the playbook names no IsolationType; unisolate and restrictCodeExecution send the Comment', async () => {
    await send('post', isolatePath, { body: { Comment: 'c1' } });
    mde.completeActions();
    expect((await send('post', `/api/machines/${machineId}/unisolate`, { body: { Comment: 'c2' } })).body).toMatchObject({ type: 'Unisolate', status: 'Pending' });
    expect((await send('post', `/api/machines/${machineId}/restrictCodeExecution`, { body: { Comment: 'c3' } })).body).toMatchObject({ type: 'RestrictCodeExecution', status: 'Pending' });
    expect(mde.calls().filter((c) => c.method === 'POST').map((c) => [c.path, c.body])).toEqual([
      [isolatePath, { Comment: 'c1', IsolationType: 'Full' }],
      [`/api/machines/${machineId}/unisolate`, { Comment: 'c2' }],
      [`/api/machines/${machineId}/restrictCodeExecution`, { Comment: 'c3' }],
    ]);
  });

  it('refuses a body without Comment or with an unknown IsolationType before calling MDE', async () => {
    expect((await send('post', isolatePath, { body: {} })).body).toMatchObject({ error: { code: 'InvalidInput', field: '/body/Comment' } });
    expect((await send('post', isolatePath, { body: { Comment: 'c', IsolationType: 'Partial' } })).body).toMatchObject({ error: { code: 'InvalidInput', field: '/body/IsolationType' } });
    expect(mde.api.requests).toHaveLength(0);
  });

  it('a retried isolation MDE already took (400 "Action is already in progress") answers the pending action instead of failing', async () => {
    const first = await send('post', isolatePath, { body: { Comment: 'c' } });
    const retried = await send('post', isolatePath, { body: { Comment: 'c' } });
    expect(retried.statusCode).toBe(201);
    expect(retried.body).toMatchObject({ id: (first.body as { id: string }).id, type: 'Isolate', status: 'Pending' });
    expect(mde.actions).toHaveLength(1);
  });

  it('maps MDE’s refusals: unknown machine 404, already in progress with nothing pending 400 (not retried), outage 502 (retried)', async () => {
    const unknown = await send('post', '/api/machines/0000000000000000000000000000000000000000/isolate', { body: { Comment: 'c' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'NotFound' } });

    mde.api.on('POST', isolatePath, { status: 400, body: { error: { code: 'ActiveRequestAlreadyExists', message: 'Action is already in progress' } } });
    const again = await send('post', isolatePath, { body: { Comment: 'c' } });
    expect(again.statusCode).toBe(400);
    expect((again.body as { error: { message: string } }).error.message).toContain('Action is already in progress');

    mde.api.on('GET', '/api/machines', { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'try later' } } });
    const down = await send('get', '/api/machines');
    expect(down.statusCode).toBe(502);
    expect(down.body).toMatchObject({ error: { code: 'UpstreamFailure' } });
    expect((down.body as { error: { message: string } }).error.message).toContain('Microsoft Defender for Endpoint');
  });

  it('asks for a new token once after a 401 and succeeds; a second 401 is the answer', async () => {
    await send('get', '/api/machines');
    mde.revokeTokens();
    const res = await send('post', isolatePath, { body: { Comment: 'c' } });
    expect(res.statusCode).toBe(201);
    expect(mde.issued).toEqual(['mde-token-1', 'mde-token-2']);
    expect(mde.calls().filter((c) => c.method === 'POST').map((c) => c.headers.authorization)).toEqual(['Bearer mde-token-1', 'Bearer mde-token-2']);

    mde.api.on('GET', '/api/machines', { status: 401, body: { error: { code: 'Unauthorized', message: 'no access' } } });
    const before = mde.api.requests.length;
    const refused = await send('get', '/api/machines');
    expect(refused.statusCode).toBe(401);
    expect(refused.body).toMatchObject({ error: { code: 'Unauthorized' } });
    // One call, one new token, one retry.
    expect(mde.api.requests.slice(before).map((r) => r.path)).toEqual(['/api/machines', `/${mde.tenant}/oauth2/v2.0/token`, '/api/machines']);
  });

  it('a refused client secret is 401 Unauthorized, and the secret is masked in the message', async () => {
    mde.api.on('POST', `/${mde.tenant}/oauth2/v2.0/token`, (req) => ({ status: 401, body: { error: 'invalid_client', echoed: (req.body as { client_secret: string }).client_secret } }));
    const res = await send('get', '/api/machines');
    expect(res.statusCode).toBe(401);
    expect(JSON.stringify(res.body)).not.toContain(mde.clientSecret);
    expect(mde.calls()).toHaveLength(0);
  });

  it('refuses incomplete connection settings naming the field', async () => {
    const { clientSecret: _, ...settings } = mde.settings();
    expect((await send('get', '/api/machines', { settings })).body).toMatchObject({ error: { code: 'InvalidConnection', field: '/connection/settings/clientSecret' } });
  });
});

describe('wdatp: state for the change ledger and recovery', () => {
  const stateOf = (path: string, body?: unknown) => {
    const { req, op } = request('post', path, { body });
    return { req, state: op!.operation.state!, execute: () => op!.operation.execute(req) };
  };

  it('reads isolation from the machine’s actions (failed ones do not count) and restores it by releasing the machine', async () => {
    const isolate = stateOf(isolatePath, { Comment: 'c', IsolationType: 'Full' });
    expect(isolate.state.resource(isolate.req)).toEqual({ kind: 'mde-machine-isolation', id: machineId });
    const before = await isolate.state.read(isolate.req);
    expect(before).toEqual({ machineId, isolated: false, isolationType: null });
    // A failed isolation of earlier days is not a state.
    mde.actions.push({ id: 'old', type: 'Isolate', scope: 'Full', status: 'Failed', machineId, computerDnsName: 'ws-042.contoso.local', requestor: 'x', requestorComment: 'x', creationDateTimeUtc: '2026-01-01T00:00:00Z', lastUpdateDateTimeUtc: '2026-01-01T00:00:00Z' });
    expect(await isolate.state.read(isolate.req)).toEqual(before);

    await isolate.execute();
    expect(await isolate.state.read(isolate.req)).toEqual({ machineId, isolated: true, isolationType: 'Full' });
    const machineActionsQuery = mde.calls().find((c) => c.path === '/api/machineactions')!;
    expect(machineActionsQuery.query.get('$filter')).toBe(`machineId eq '${machineId}'`);

    mde.completeActions();
    await isolate.state.restore(isolate.req, before);
    const release = mde.calls().filter((c) => c.method === 'POST').at(-1)!;
    expect(release.path).toBe(`/api/machines/${machineId}/unisolate`);
    expect((release.body as { Comment: string }).Comment).toContain('Riposte incident recovery');
    expect(await isolate.state.read(isolate.req)).toEqual(before);

    // Already as recorded: nothing is sent.
    const posts = mde.calls().filter((c) => c.method === 'POST').length;
    await isolate.state.restore(isolate.req, before);
    expect(mde.calls().filter((c) => c.method === 'POST')).toHaveLength(posts);
  });

  it('restores an unisolation by isolating again with the recorded isolation type', async () => {
    await send('post', isolatePath, { body: { Comment: 'earlier', IsolationType: 'Selective' } });
    mde.completeActions();
    const unisolate = stateOf(`/api/machines/${machineId}/unisolate`, { Comment: 'release' });
    const before = await unisolate.state.read(unisolate.req);
    expect(before).toEqual({ machineId, isolated: true, isolationType: 'Selective' });
    await unisolate.execute();
    mde.completeActions();
    await unisolate.state.restore(unisolate.req, before);
    expect(mde.calls().filter((c) => c.method === 'POST').at(-1)).toMatchObject({ path: isolatePath, body: { IsolationType: 'Selective' } });
    expect(await unisolate.state.read(unisolate.req)).toEqual(before);
  });

  it('reads app-execution restriction and restores it with unrestrictCodeExecution', async () => {
    const restrict = stateOf(`/api/machines/${machineId}/restrictCodeExecution`, { Comment: 'c' });
    expect(restrict.state.resource(restrict.req)).toEqual({ kind: 'mde-machine-code-execution', id: machineId });
    const before = await restrict.state.read(restrict.req);
    expect(before).toEqual({ machineId, codeExecutionRestricted: false });
    await restrict.execute();
    expect(await restrict.state.read(restrict.req)).toEqual({ machineId, codeExecutionRestricted: true });
    mde.completeActions();
    await restrict.state.restore(restrict.req, before);
    expect(mde.calls().filter((c) => c.method === 'POST').at(-1)!.path).toBe(`/api/machines/${machineId}/unrestrictCodeExecution`);
    expect(await restrict.state.read(restrict.req)).toEqual(before);
  });
});
