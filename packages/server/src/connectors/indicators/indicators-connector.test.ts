import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorRegistry, type ConnectorRequest, type HttpMethod } from '@riposte/engine';
import { blockBundle, blockList } from './block-lists.ts';
import type { IndicatorStore } from './indicator-store.ts';
import { graphSecurityIndicatorsConnector, indicatorsConnector } from './indicators-connector.ts';
import { openSqliteIndicatorStore } from './sqlite-indicator-store.ts';
import { corpusDir } from '../../../../../test-support/corpus.ts';
import { pathToFileURL } from 'node:url';

const playbook = JSON.parse(
  readFileSync(pathToFileURL(`${corpusDir}/sentinel-playbooks/Block-IPs-on-MDATP-Using-GraphSecurity__alert-trigger.json`), 'utf8'),
) as unknown;

/** The body the corpus playbook posts to /beta/security/tiIndicators, with the IP filled in. */
function corpusTiIndicatorBody(ip: string): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const inputs = (node as { inputs?: { path?: string; body?: Record<string, unknown> } }).inputs;
    if (inputs?.path === '/beta/security/tiIndicators') found = inputs.body;
    for (const v of Object.values(node)) walk(v);
  };
  walk(playbook);
  if (!found) throw new Error('corpus playbook has no tiIndicators action');
  return { ...found, networkDestinationIPv4: ip };
}

describe('indicators connector', () => {
  let store: IndicatorStore;
  let clock: Date;
  let registry: ConnectorRegistry;

  beforeEach(() => {
    store = openSqliteIndicatorStore({ path: ':memory:' });
    clock = new Date('2021-04-20T00:00:00Z');
    const services = { store, now: () => clock };
    registry = new ConnectorRegistry().register(indicatorsConnector(services)).register(graphSecurityIndicatorsConnector(services));
  });
  afterEach(async () => {
    await store.close();
  });

  function request(api: string, method: HttpMethod, path: string, body?: unknown): ConnectorRequest {
    const found = registry.resolve(api, method, path);
    if (!found) throw new Error(`no operation for ${api} ${method} ${path}`);
    return { connection: { name: api, api }, method, path, pathParams: found.pathParams, queries: {}, headers: {}, body, idempotencyKey: 'k', runId: 'run-7', actionName: 'a', signal: new AbortController().signal };
  }
  const operation = (req: ConnectorRequest) => registry.resolve(req.connection.api, req.method, req.path)!.operation;
  const lists = async () => ({ ip: blockList(await store.list(), 'ip', clock), stix: JSON.stringify(blockBundle(await store.list(), clock)) });

  it('blocks the IP the corpus playbook submits: it is in ip.txt and the STIX bundle until it expires', async () => {
    const req = request('microsoftgraphsecurity', 'post', '/beta/security/tiIndicators', corpusTiIndicatorBody('198.51.100.7'));
    const res = await operation(req).execute(req);
    expect(res.statusCode).toBe(201);
    expect(res.body).toMatchObject({ action: 'block', networkDestinationIPv4: '198.51.100.7', targetProduct: 'Microsoft Defender ATP', isActive: true, threatType: 'WatchList', createdBy: 'run:run-7' });
    expect((await lists()).ip).toBe('198.51.100.7\n');
    expect((await lists()).stix).toContain("[ipv4-addr:value = '198.51.100.7']");

    // The playbook's expirationDateTime is 2021-04-23T19:53:10.2071263Z.
    clock = new Date('2021-04-23T19:53:11Z');
    expect(await lists()).toEqual({ ip: '', stix: expect.not.stringContaining('198.51.100.7') });
  });

  it('restore(before) lifts a new block, and puts back the indicator a second block replaced', async () => {
    const first = request('indicators', 'post', '/indicators', { action: 'allow', domainName: 'Partner.Example.', expirationDateTime: '2021-12-01T00:00:00Z' });
    const op = operation(first);
    expect(op.state!.resource(first)).toEqual({ kind: 'indicator', id: 'domain:partner.example' });
    expect(await op.state!.read(first)).toBeNull();
    await op.execute(first);

    const second = request('indicators', 'post', '/indicators', { action: 'block', domainName: 'partner.example', expirationDateTime: '2021-12-01T00:00:00Z', description: 'phishing' });
    const before = await op.state!.read(second);
    expect(before).toMatchObject({ action: 'allow' });
    const res = await op.execute(second);
    expect(res.statusCode).toBe(200);
    expect(blockList(await store.list(), 'domain', clock)).toBe('partner.example\n');

    await op.state!.restore(second, before);
    expect(await op.state!.read(second)).toEqual(before);
    expect(blockList(await store.list(), 'domain', clock)).toBe('');

    await op.state!.restore(first, null);
    expect(await store.list()).toEqual([]);
  });

  it('recovery of a corpus block removes the IP from the lists', async () => {
    const req = request('microsoftgraphsecurity', 'post', '/beta/security/tiIndicators', corpusTiIndicatorBody('203.0.113.9'));
    const op = operation(req);
    const before = await op.state!.read(req);
    await op.execute(req);
    expect((await lists()).ip).toBe('203.0.113.9\n');
    await op.state!.restore(req, before);
    expect(await lists()).toEqual({ ip: '', stix: expect.not.stringContaining('203.0.113.9') });
  });

  it('lists hashes, URLs and IPv6 in their own lists, and allow entries in none', async () => {
    const submit = async (body: Record<string, unknown>) => {
      const req = request('indicators', 'post', '/indicators', { expirationDateTime: '2022-01-01T00:00:00Z', action: 'block', ...body });
      return operation(req).execute(req);
    };
    await submit({ fileHashType: 'sha256', fileHashValue: 'AA'.repeat(32) });
    await submit({ fileHashType: 'md5', fileHashValue: 'b'.repeat(32) });
    await submit({ url: 'https://bad.example/login?x=1' });
    await submit({ networkIPv6: '2001:DB8:0:0::1' });
    await submit({ networkIPv4: '192.0.2.1', action: 'allow' });
    const all = await store.list();
    expect(blockList(all, 'sha256', clock)).toBe(`${'aa'.repeat(32)}\n`);
    expect(blockList(all, 'hash', clock)).toBe(`${'aa'.repeat(32)}\n${'b'.repeat(32)}\n`);
    expect(blockList(all, 'url', clock)).toBe('https://bad.example/login?x=1\n');
    expect(blockList(all, 'ip', clock)).toBe('2001:db8::1\n');
    expect(blockList(all, 'ipv4', clock)).toBe('');
  });

  it('refuses a bad observable naming the field, and an indicator with two observables', async () => {
    const bad = request('indicators', 'post', '/indicators', { action: 'block', networkIPv4: '999.1.1.1', expirationDateTime: '2022-01-01T00:00:00Z' });
    expect(await operation(bad).execute(bad)).toMatchObject({ statusCode: 400, body: { error: { field: '/body/networkIPv4' } } });
    const two = request('indicators', 'post', '/indicators', { action: 'block', networkIPv4: '192.0.2.1', domainName: 'x.example', expirationDateTime: '2022-01-01T00:00:00Z' });
    expect(await operation(two).execute(two)).toMatchObject({ statusCode: 400, body: { error: { field: '/body/domainName' } } });
    const when = request('indicators', 'post', '/indicators', { action: 'block', networkIPv4: '192.0.2.1', expirationDateTime: 'next week' });
    expect(await operation(when).execute(when)).toMatchObject({ statusCode: 400, body: { error: { field: '/body/expirationDateTime' } } });
    const action = request('indicators', 'post', '/indicators', { action: 'drop', networkIPv4: '192.0.2.1', expirationDateTime: '2022-01-01T00:00:00Z' });
    expect(await operation(action).execute(action)).toMatchObject({ statusCode: 400, body: { error: { field: '/body/action' } } });
  });

  it('keeps one indicator when two runs block the same value at once; its id is its STIX id', async () => {
    const body = { action: 'block', networkIPv4: '192.0.2.77', expirationDateTime: '2022-01-01T00:00:00Z' };
    const a = request('indicators', 'post', '/indicators', body);
    const b = request('indicators', 'post', '/indicators', { ...body, description: 'second' });
    const results = await Promise.all([operation(a).execute(a), operation(b).execute(b)]);
    for (const r of results) expect([200, 201]).toContain(r.statusCode);
    const all = await store.list();
    expect(all).toHaveLength(1);
    expect(blockBundle(all, clock).objects).toContainEqual(expect.objectContaining({ id: `indicator--${all[0]!.id}` }));
  });

  it('deletes by id or by observable key, and restore puts the block back', async () => {
    const post = request('indicators', 'post', '/indicators', { action: 'block', networkIPv4: '192.0.2.50', expirationDateTime: '2022-01-01T00:00:00Z' });
    await operation(post).execute(post);
    const del = request('indicators', 'delete', `/indicators/${encodeURIComponent('ipv4:192.0.2.50')}`);
    const op = operation(del);
    const before = await op.state!.read(del);
    expect(await op.execute(del)).toEqual({ statusCode: 204 });
    expect(blockList(await store.list(), 'ip', clock)).toBe('');
    await op.state!.restore(del, before);
    expect(blockList(await store.list(), 'ip', clock)).toBe('192.0.2.50\n');
    const missing = request('indicators', 'delete', '/indicators/nope');
    expect(await operation(missing).execute(missing)).toMatchObject({ statusCode: 404 });
  });
});
