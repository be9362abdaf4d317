import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeApi, type FakeApi } from '../../testing/fake-api.ts';
import { compileEgressPolicy, defaultEgressPolicy } from '../http-egress/egress-policy.ts';
import { ConnectorError } from '../sdk/connector-error.ts';
import { ClientCredentialsTokens, microsoftTokenUrl } from './client-credentials.ts';
import { callUpstream } from './upstream-call.ts';

const transport = { egress: defaultEgressPolicy };
let api: FakeApi;
beforeEach(async () => {
  api = await startFakeApi();
});
afterEach(async () => {
  await api.stop();
});

const failure = async (p: Promise<unknown>): Promise<ConnectorError> => {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
};

describe('callUpstream', () => {
  it('sends JSON and answers the parsed JSON', async () => {
    api.on('POST', '/things', (req) => ({ status: 201, body: { got: req.body, type: req.headers['content-type'] } }));
    const res = await callUpstream(transport, { service: 'Things', method: 'POST', url: `${api.url}/things`, body: { a: 1 }, timeoutMs: 5000 });
    expect(res.statusCode).toBe(201);
    expect(res.body).toEqual({ got: { a: 1 }, type: 'application/json' });
  });

  it('maps each kind of refusal to its typed error, naming the service', async () => {
    for (const [status, code, httpStatus] of [
      [401, 'Unauthorized', 401],
      [403, 'Unauthorized', 403],
      [404, 'NotFound', 404],
      [409, 'Conflict', 409],
      [422, 'InvalidInput', 400],
      [429, 'UpstreamFailure', 429],
      [503, 'UpstreamFailure', 502],
    ] as const) {
      api.on('GET', '/x', { status, body: { message: `no ${status}` } });
      const err = await failure(callUpstream(transport, { service: 'Things', method: 'GET', url: `${api.url}/x`, timeoutMs: 5000 }));
      expect([err.code, err.statusCode]).toEqual([code, httpStatus]);
      expect(err.message).toContain('Things');
      expect(err.message).toContain(`no ${status}`);
    }
  });

  it('answers a non-2xx status the caller names instead of throwing, and still throws for the others', async () => {
    api.on('GET', '/old', { status: 410, body: { errorMessages: ['removed'] } });
    const gone = await callUpstream(transport, { service: 'Things', method: 'GET', url: `${api.url}/old`, timeoutMs: 5000, answerStatuses: [404, 410] });
    expect([gone.statusCode, gone.body]).toEqual([410, { errorMessages: ['removed'] }]);
    const err = await failure(callUpstream(transport, { service: 'Things', method: 'GET', url: `${api.url}/old`, timeoutMs: 5000, answerStatuses: [404] }));
    expect([err.code, err.statusCode]).toEqual(['InvalidInput', 400]);
  });

  it('refuses a destination the egress policy denies before connecting', async () => {
    const egress = compileEgressPolicy({ allowLoopback: false });
    const err = await failure(callUpstream({ egress }, { service: 'Things', method: 'GET', url: `${api.url}/x`, timeoutMs: 5000 }));
    expect(err.code).toBe('EgressRefused');
    expect(api.requests).toHaveLength(0);
  });

  it('reports an unreachable service as a retryable upstream failure', async () => {
    const url = api.url;
    await api.stop();
    const err = await failure(callUpstream(transport, { service: 'Things', method: 'GET', url: `${url}/x`, timeoutMs: 2000 }));
    expect(err.code).toBe('UpstreamFailure');
    api = await startFakeApi();
  });
});

describe('ClientCredentialsTokens', () => {
  const credentials = (tokenUrl: string, clientSecret = 's3cret') => ({ tokenUrl, clientId: 'app-1', clientSecret, scope: 'https://api.example/.default' });

  it('asks once, sends the client-credentials form, and keeps the token until a minute before expiry', async () => {
    let issued = 0;
    api.on('POST', '/tenant-1/oauth2/v2.0/token', () => ({ body: { token_type: 'Bearer', expires_in: 3600, access_token: `t${++issued}` } }));
    let now = 1_000_000;
    const tokens = new ClientCredentialsTokens(transport, () => now);
    const c = credentials(microsoftTokenUrl('tenant-1', api.url));
    const [a, b] = await Promise.all([tokens.token(c, { timeoutMs: 5000 }), tokens.token(c, { timeoutMs: 5000 })]);
    expect([a, b]).toEqual(['t1', 't1']);
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]!.body).toEqual({ client_id: 'app-1', client_secret: 's3cret', grant_type: 'client_credentials', scope: 'https://api.example/.default' });
    now += 3_540_000 - 1;
    expect(await tokens.token(c, { timeoutMs: 5000 })).toBe('t1');
    now += 1;
    expect(await tokens.token(c, { timeoutMs: 5000 })).toBe('t2');
    // A rotated secret is another credential: a token of its own at once.
    expect(await tokens.token(credentials(c.tokenUrl, 'rotated'), { timeoutMs: 5000 })).toBe('t3');
  });

  it('does not keep a failure, and refuses an answer without a token', async () => {
    let calls = 0;
    api.on('POST', '/t/oauth2/v2.0/token', () => (++calls === 1 ? { status: 401, body: { error: 'invalid_client' } } : calls === 2 ? { body: { token_type: 'Bearer' } } : { body: { access_token: 'ok', expires_in: 60 } }));
    const tokens = new ClientCredentialsTokens(transport);
    const c = credentials(microsoftTokenUrl('t', api.url));
    expect((await failure(tokens.token(c, { timeoutMs: 5000 }))).code).toBe('Unauthorized');
    expect((await failure(tokens.token(c, { timeoutMs: 5000 }))).message).toContain('access_token');
    expect(await tokens.token(c, { timeoutMs: 5000 })).toBe('ok');
  });
});
