/** callWithBearer against testing/fake-api.ts standing in for a token endpoint and a service. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeApi, type FakeApi } from '../../testing/fake-api.ts';
import { defaultEgressPolicy } from '../http-egress/egress-policy.ts';
import { ConnectorError } from '../sdk/connector-error.ts';
import { callWithBearer } from './bearer-call.ts';
import { ClientCredentialsTokens, microsoftTokenUrl } from './client-credentials.ts';

const transport = { egress: defaultEgressPolicy };
let api: FakeApi;
let issued: number;
let tokens: ClientCredentialsTokens;
beforeEach(async () => {
  api = await startFakeApi();
  issued = 0;
  api.on('POST', '/t/oauth2/v2.0/token', () => ({ body: { access_token: `tok-${++issued}`, expires_in: 3600 } }));
  tokens = new ClientCredentialsTokens(transport);
});
afterEach(async () => {
  await api.stop();
});

const credentials = () => ({ tokenUrl: microsoftTokenUrl('t', api.url), clientId: 'app', clientSecret: 'sec', scope: 'https://svc/.default' });
const call = () => callWithBearer(transport, tokens, credentials(), { service: 'Svc', method: 'GET', url: `${api.url}/thing`, timeoutMs: 5000 });
const paths = () => api.requests.map((r) => `${r.path} ${r.headers.authorization ?? ''}`.trim());

it('sends the kept token; after the service’s 401 asks for a new one once and sends again', async () => {
  let refuse = false;
  api.on('GET', '/thing', (req) => (refuse && req.headers.authorization === 'Bearer tok-1' ? { status: 401, body: { error: 'expired' } } : { body: { ok: true } }));
  expect((await call()).body).toEqual({ ok: true });
  refuse = true;
  expect((await call()).body).toEqual({ ok: true });
  expect(paths()).toEqual(['/t/oauth2/v2.0/token', '/thing Bearer tok-1', '/thing Bearer tok-1', '/t/oauth2/v2.0/token', '/thing Bearer tok-2']);
});

it('a 401 to the fresh token, a 403, and a refused token request are answers, not retried', async () => {
  api.on('GET', '/thing', { status: 401, body: { error: 'no' } });
  await expect(call()).rejects.toMatchObject({ code: 'Unauthorized', statusCode: 401 });
  expect(paths()).toEqual(['/t/oauth2/v2.0/token', '/thing Bearer tok-1', '/t/oauth2/v2.0/token', '/thing Bearer tok-2']);

  api.requests.length = 0;
  api.on('GET', '/thing', { status: 403, body: { error: 'forbidden' } });
  await expect(call()).rejects.toMatchObject({ code: 'Unauthorized', statusCode: 403 });
  expect(paths()).toEqual(['/thing Bearer tok-2']);

  api.requests.length = 0;
  tokens.clear();
  api.on('POST', '/t/oauth2/v2.0/token', { status: 401, body: { error: 'invalid_client' } });
  const err = await call().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConnectorError);
  expect(paths()).toEqual(['/t/oauth2/v2.0/token']);
});
