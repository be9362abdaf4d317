import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EgressLookup } from './egress-dispatcher.ts';
import { checkEgress } from './check-egress.ts';
import { compileEgressPolicy, EgressRefusedError } from './egress-policy.ts';
import { createEgressHttpClient, sendWithEgress } from './egress-request.ts';

// Fake DNS: nothing here resolves through the system, and nothing leaves loopback.
const names: Record<string, string[]> = {
  'good.test': ['127.0.0.1'],
  'evil.test': ['169.254.169.254'],
  'rebind.test': ['127.0.0.1', '169.254.169.254'],
  'mapped.test': ['::ffff:169.254.169.254'],
};
const lookups: string[] = [];
const lookup: EgressLookup = async (host) => {
  lookups.push(host);
  const found = names[host];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

let server: Server;
let port: number;
let base: string;
const connectedTo: string[] = [];
const onConnected = (msg: unknown) => connectedTo.push(String((msg as { socket: Socket }).socket.remoteAddress));

beforeAll(async () => {
  server = createServer((req, res) => {
    const redirect = (location: string, status = 302) => res.writeHead(status, { location }).end();
    const path = req.url ?? '/';
    if (path === '/to-metadata') return redirect('http://169.254.169.254/latest/meta-data/');
    if (path === '/to-mapped') return redirect('http://[::ffff:169.254.169.254]/');
    if (path === '/to-decimal') return redirect('http://2852039166/');
    if (path === '/to-evil') return redirect(`http://evil.test:${port}/ok`);
    if (path === '/to-google') return redirect('http://metadata.google.internal/computeMetadata/v1/');
    if (path === '/to-file') return redirect('file:///etc/passwd');
    if (path === '/to-good') return redirect(`http://good.test:${port}/ok`, 307);
    if (path === '/see-other') return redirect('/ok', 303);
    if (path === '/loop') return redirect('/loop');
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, host: req.headers.host, authorization: req.headers.authorization ?? null, body })));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  subscribe('undici:client:connected', onConnected);
});

afterAll(async () => {
  unsubscribe('undici:client:connected', onConnected);
  await new Promise((r) => server.close(r));
});

afterEach(() => {
  // Whatever a test did, no socket ever reached a non-loopback address.
  expect(connectedTo.filter((a) => !/^(127\.|::1$|::ffff:127\.)/.test(a))).toEqual([]);
});

const get = (url: string, headers: Record<string, string> = {}) => ({ method: 'GET', url, headers, timeoutMs: 5000 });

async function refusedBy(p: Promise<unknown>): Promise<EgressRefusedError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EgressRefusedError);
  return err as EgressRefusedError;
}

describe('sendWithEgress', () => {
  it('refuses a redirect into 169.254.169.254 before connecting to it', async () => {
    const before = connectedTo.length;
    const err = await refusedBy(sendWithEgress(get(`${base}/to-metadata`), { lookup }));
    expect(err.message).toMatch(/169\.254\.169\.254 is in 169\.254\.0\.0\/16/);
    // Only the first hop (the local server) was ever connected to.
    expect(connectedTo.slice(before)).toEqual(['127.0.0.1']);
  });

  it('refuses redirects to the metadata address spelled as IPv4-mapped IPv6 or as a decimal number', async () => {
    await refusedBy(sendWithEgress(get(`${base}/to-mapped`), { lookup }));
    await refusedBy(sendWithEgress(get(`${base}/to-decimal`), { lookup }));
  });

  it('refuses a redirect to a metadata host name without resolving it', async () => {
    lookups.length = 0;
    await refusedBy(sendWithEgress(get(`${base}/to-google`), { lookup }));
    expect(lookups).toEqual([]);
  });

  it('refuses a host name that resolves to a refused address, at connect time', async () => {
    const err = await refusedBy(sendWithEgress(get(`http://evil.test:${port}/ok`), { lookup }));
    expect(err.message).toMatch(/evil\.test \(169\.254\.169\.254\)/);
    await refusedBy(sendWithEgress(get(`${base}/to-evil`), { lookup }));
    await refusedBy(sendWithEgress(get(`http://mapped.test:${port}/ok`), { lookup }));
  });

  it('refuses a host when any one of its addresses is refused', async () => {
    await refusedBy(sendWithEgress(get(`http://rebind.test:${port}/ok`), { lookup }));
  });

  it('connects to the address it checked (the fake resolver is the one the socket used)', async () => {
    const res = await sendWithEgress(get(`http://good.test:${port}/ok`), { lookup });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ host: `good.test:${port}` });
  });

  it('follows allowed redirects: 307 keeps method and body, drops credentials across origins; 303 turns into GET', async () => {
    const post = { method: 'POST', url: `${base}/to-good`, headers: { authorization: 'Bearer t0ken-xyz', 'content-type': 'text/plain' }, body: 'payload', timeoutMs: 5000 };
    expect(JSON.parse((await sendWithEgress(post, { lookup })).body)).toEqual({ method: 'POST', host: `good.test:${port}`, authorization: null, body: 'payload' });
    const seeOther = await sendWithEgress({ ...post, url: `${base}/see-other` }, { lookup });
    expect(JSON.parse(seeOther.body)).toEqual({ method: 'GET', host: `127.0.0.1:${port}`, authorization: 'Bearer t0ken-xyz', body: '' });
  });

  it('stops after the policy\'s redirect limit and refuses non-http schemes', async () => {
    await expect(sendWithEgress(get(`${base}/loop`), { lookup, policy: compileEgressPolicy({ maxRedirects: 2 }) })).rejects.toThrow(/more than 2 redirects/);
    await expect(sendWithEgress(get(`${base}/to-file`), { lookup })).rejects.toThrow(/only http and https/);
    const r = await sendWithEgress(get(`${base}/to-metadata`), { lookup, followRedirects: false });
    expect(r.statusCode).toBe(302);
  });

  it('applies allow/deny lists and the loopback switch', async () => {
    await refusedBy(sendWithEgress(get(`${base}/ok`), { lookup, policy: compileEgressPolicy({ allowLoopback: false }) }));
    await refusedBy(sendWithEgress(get(`http://good.test:${port}/ok`), { lookup, policy: compileEgressPolicy({ deny: ['good.test'] }) }));
    await refusedBy(sendWithEgress(get(`http://good.test:${port}/ok`), { lookup, policy: compileEgressPolicy({ allow: ['*.hooks.test'] }) }));
    const ok = await sendWithEgress(get(`http://good.test:${port}/ok`), { lookup, policy: compileEgressPolicy({ allow: ['127.0.0.0/8'] }) });
    expect(ok.statusCode).toBe(200);
  });
});

describe('createEgressHttpClient', () => {
  it('answers a refused destination as 403 EgressRefused, so the Http action fails without retrying', async () => {
    const client = createEgressHttpClient({ lookup });
    try {
      const res = await client.send(get(`${base}/to-metadata`));
      expect(res.statusCode).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'EgressRefused' } });
      const hostRefused = await client.send(get(`http://evil.test:${port}/ok`));
      expect(hostRefused.statusCode).toBe(403);
      expect((await client.send(get(`${base}/ok`))).statusCode).toBe(200);
    } finally {
      await client.close();
    }
  });
});

describe('checkEgress', () => {
  it('resolves and checks a URL ahead of time', async () => {
    expect(await checkEgress(`http://good.test:${port}/`, undefined, lookup)).toMatchObject({ addresses: ['127.0.0.1'] });
    await refusedBy(checkEgress('http://evil.test/', undefined, lookup));
    await refusedBy(checkEgress('ftp://good.test/', undefined, lookup));
  });
});
