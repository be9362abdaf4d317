import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../runtime/clock.ts';
import { startTestServer, type TestServer } from '../runtime/test-server.ts';
import { runDefinition } from '../runtime/test-support.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('Http', () => {
  it('sends method, uri, queries, headers, JSON body and Basic authentication; parses a JSON answer', async () => {
    server = await startTestServer(() => ({ status: 200, body: { ok: true } }));
    const { byName, result } = await runDefinition({
      actions: {
        Call: {
          type: 'Http',
          inputs: { method: 'POST', uri: `${server.url}/items`, queries: { q: 'a b' }, headers: { 'X-Tag': 't' }, body: { n: 1 }, authentication: { type: 'Basic', username: 'u', password: 'secret-pw' } },
        },
      },
    });
    expect(result.status).toBe('Succeeded');
    const [req] = server.requests;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/items?q=a+b');
    expect(req.headers['x-tag']).toBe('t');
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from('u:secret-pw').toString('base64')}`);
    expect(req.headers['idempotency-key']).toBe(`${result.runId}/Call`);
    expect(JSON.parse(req.body)).toEqual({ n: 1 });
    expect(byName.Call.outputs).toMatchObject({ statusCode: 200, body: { ok: true } });
    expect(JSON.stringify(byName.Call.inputs)).not.toContain('secret-pw');
    expect(byName.Call.inputs).toMatchObject({ authentication: { type: 'Basic' }, headers: { 'X-Tag': 't' } });
  });

  it('keeps credential-like headers out of history', async () => {
    server = await startTestServer(() => ({ status: 200 }));
    const { byName } = await runDefinition({ actions: { Call: { type: 'Http', inputs: { method: 'GET', uri: server.url, headers: { 'X-Api-Key': 'k-999', Authorization: 'Bearer abc' } } } } });
    expect(server.requests[0].headers['x-api-key']).toBe('k-999');
    expect(JSON.stringify(byName.Call.inputs)).not.toMatch(/k-999|Bearer abc/);
  });

  it('retries 500 with the same Idempotency-Key and records the attempts', async () => {
    server = await startTestServer((_req, i) => (i < 2 ? { status: 500, body: 'boom' } : { status: 200, body: 'fine' }));
    const clock = new ManualClock();
    const { byName } = await runDefinition(
      { actions: { Call: { type: 'Http', inputs: { method: 'GET', uri: `${server.url}/x`, retryPolicy: { type: 'fixed', count: 3, interval: 'PT10S' } } } } },
      {},
      { clock },
    );
    expect(byName.Call.status).toBe('Succeeded');
    expect(byName.Call.attempts).toBe(3);
    expect(byName.Call.outputs).toMatchObject({ statusCode: 200, body: 'fine' });
    expect(new Set(server.requests.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    expect(clock.sleeps.filter((ms) => ms > 0)).toEqual([10_000, 10_000]);
  });

  it('uses the default policy (4 retries, exponential between 5 and 45 s) and fails with the last answer', async () => {
    server = await startTestServer(() => ({ status: 503, body: { error: 'down' } }));
    const clock = new ManualClock();
    const { byName } = await runDefinition({ actions: { Call: { type: 'Http', inputs: { method: 'GET', uri: server.url } } } }, {}, { clock, random: () => 0.5 });
    expect(server.requests).toHaveLength(5);
    expect(byName.Call.status).toBe('Failed');
    expect(byName.Call.error?.code).toBe('ServiceUnavailable');
    expect(byName.Call.outputs).toMatchObject({ statusCode: 503, body: { error: 'down' } });
    const waits = clock.sleeps.filter((ms) => ms > 0);
    expect(waits).toHaveLength(4);
    for (const w of waits) expect(w >= 5_000 && w <= 45_000).toBe(true);
  });

  it('does not retry with policy none, nor a 404', async () => {
    server = await startTestServer(() => ({ status: 500 }));
    await runDefinition({ actions: { Call: { type: 'Http', inputs: { method: 'GET', uri: server.url, retryPolicy: { type: 'none' } } } } });
    expect(server.requests).toHaveLength(1);
    await server.close();
    server = await startTestServer(() => ({ status: 404 }));
    const { byName } = await runDefinition({ actions: { Call: { type: 'Http', inputs: { method: 'GET', uri: server.url } } } });
    expect(server.requests).toHaveLength(1);
    expect(byName.Call.error?.code).toBe('NotFound');
  });

  it('retries connection errors and fails with a clear error when nothing answers', async () => {
    const { byName } = await runDefinition({ actions: { Call: { type: 'Http', inputs: { method: 'GET', uri: 'http://127.0.0.1:9/', retryPolicy: { type: 'fixed', count: 2, interval: 'PT5S' } } } } });
    expect(byName.Call.status).toBe('Failed');
    expect(byName.Call.attempts).toBe(3);
    expect(byName.Call.error?.code).toBe('ConnectionFailed');
  });

  it('sends a { $content-type, $content } body as the decoded bytes', async () => {
    server = await startTestServer(() => ({ status: 200 }));
    await runDefinition({ actions: { Call: { type: 'Http', inputs: { method: 'POST', uri: server.url, body: { '$content-type': 'text/csv', $content: Buffer.from('a,b\r\n').toString('base64') } } } } });
    expect(server.requests[0].body).toBe('a,b\r\n');
    expect(server.requests[0].headers['content-type']).toBe('text/csv');
  });

  it('is TimedOut when the server does not answer within limit.timeout', async () => {
    server = await startTestServer(() => new Promise((r) => setTimeout(() => r({ status: 200 }), 2_000)));
    const { byName } = await runDefinition({ actions: { Call: { type: 'Http', limit: { timeout: 'PT0.2S' }, inputs: { method: 'GET', uri: server.url, retryPolicy: { type: 'none' } } } } });
    expect(byName.Call.status).toBe('TimedOut');
    expect(byName.Call.error?.code).toBe('ActionTimedOut');
  });

  it('refuses authentication types it cannot do here, and bad URIs', async () => {
    const { byName } = await runDefinition({
      actions: {
        Msi: { type: 'Http', inputs: { method: 'GET', uri: 'http://127.0.0.1:9/', authentication: { type: 'ManagedServiceIdentity' } } },
        Bad: { type: 'Http', inputs: { method: 'GET', uri: 'not a url' } },
      },
    });
    expect(byName.Msi.error).toEqual({ code: 'UnsupportedAuthentication', message: 'authentication type not supported here: ManagedServiceIdentity' });
    expect(byName.Bad.error?.message).toMatch(/^inputs.uri/);
  });

  it('sends a distinct Idempotency-Key per Foreach iteration', async () => {
    server = await startTestServer(() => ({ status: 200 }));
    const { result } = await runDefinition({ actions: { Loop: { type: 'Foreach', foreach: '@range(0, 3)', actions: { Call: { type: 'Http', inputs: { method: 'POST', uri: server.url, body: '@item()' } } } } } });
    const keys = server.requests.map((r) => r.headers['idempotency-key']).sort();
    expect(keys).toEqual([`${result.runId}/Loop/Call#0`, `${result.runId}/Loop/Call#1`, `${result.runId}/Loop/Call#2`]);
  });
});
