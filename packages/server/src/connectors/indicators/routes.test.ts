import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../app/test-app.ts';
import type { IndicatorStore } from './indicator-store.ts';
import { indicatorRoutes } from './routes.ts';
import { openSqliteIndicatorStore } from './sqlite-indicator-store.ts';

describe('indicator routes', () => {
  let t: TestApp;
  let store: IndicatorStore;
  let clock: Date;

  beforeEach(async () => {
    store = openSqliteIndicatorStore({ path: ':memory:' });
    clock = new Date('2026-11-29T03:00:00Z');
    t = await buildTestApp({ modules: [(app) => indicatorRoutes(app, { store, now: () => clock })] });
  });
  afterEach(async () => {
    await t.close();
    await store.close();
  });

  const block = (body: Record<string, unknown>, role: 'responder' | 'reader' = 'responder') =>
    t.app.inject({ method: 'POST', url: '/api/indicators', headers: t.as(role), payload: { action: 'block', expirationDateTime: '2026-11-30T00:00:00Z', ...body } });

  it('serves a blocked IP in ip.txt and the STIX bundle, and drops it once expired', async () => {
    const res = await block({ networkIPv4: '198.51.100.7', tlpLevel: 'red' });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as string;

    const txt = await t.app.inject({ method: 'GET', url: '/api/indicators/export/ip.txt', headers: t.as('reader') });
    expect(txt.statusCode).toBe(200);
    expect(txt.headers['content-type']).toMatch(/^text\/plain/);
    expect(txt.body).toBe('198.51.100.7\n');

    const stix = await t.app.inject({ method: 'GET', url: '/api/indicators/export/stix', headers: t.as('reader') });
    expect(stix.headers['content-type']).toMatch(/^application\/stix\+json/);
    expect(stix.json().objects).toContainEqual(expect.objectContaining({ pattern: "[ipv4-addr:value = '198.51.100.7']", valid_until: '2026-11-30T00:00:00.000Z' }));

    clock = new Date('2026-11-30T00:00:01Z');
    expect((await t.app.inject({ method: 'GET', url: '/api/indicators/export/ip.txt', headers: t.as('reader') })).body).toBe('');
    expect((await t.app.inject({ method: 'GET', url: '/api/indicators/export/stix', headers: t.as('reader') })).json().objects).toEqual([]);
    const all = await t.app.inject({ method: 'GET', url: '/api/indicators', headers: t.as('reader') });
    expect(all.json().value).toEqual([expect.objectContaining({ id, isActive: false })]);
    expect((await t.app.inject({ method: 'GET', url: '/api/indicators?activeOnly=true', headers: t.as('reader') })).json().value).toEqual([]);
  });

  it('stores and exports values normalized: a hash in lower case, an IPv6 address compressed', async () => {
    const upper = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855';
    const hash = await block({ fileHashType: 'SHA256', fileHashValue: upper });
    expect(hash.json()).toMatchObject({ fileHashType: 'sha256', fileHashValue: upper.toLowerCase() });
    const ip = await block({ networkIPv6: '2001:DB8:0000::0001' });
    expect(ip.json().networkIPv6).toBe('2001:db8::1');
    const get = (path: string) => t.app.inject({ method: 'GET', url: path, headers: t.as('reader') });

    expect((await get('/api/indicators/export/sha256.txt')).body).toBe(`${upper.toLowerCase()}\n`);
    expect((await get('/api/indicators/export/hash.txt')).body).toBe(`${upper.toLowerCase()}\n`);
    expect((await get('/api/indicators/export/ipv6.txt')).body).toBe('2001:db8::1\n');
    const patterns = (await get('/api/indicators/export/stix')).json().objects.filter((o: { type: string }) => o.type === 'indicator').map((o: { pattern: string }) => o.pattern);
    expect(patterns.sort()).toEqual([`[file:hashes.'SHA-256' = '${upper.toLowerCase()}']`, "[ipv6-addr:value = '2001:db8::1']"]);
    const listed = (await get('/api/indicators')).json().value;
    expect(listed.map((i: Record<string, unknown>) => i.fileHashValue ?? i.networkIPv6)).toEqual([upper.toLowerCase(), '2001:db8::1']);

    // Another spelling of the same value is the same indicator, shown the same way.
    const again = await block({ networkIPv6: '2001:db8:0:0:0:0:0:1', description: 'again' });
    // The same value again replaces the indicator: 200, not 201.
    expect([ip.statusCode, again.statusCode]).toEqual([201, 200]);
    expect([again.json().id, again.json().networkIPv6, (await get('/api/indicators')).json().value.length]).toEqual([ip.json().id, '2001:db8::1', 2]);
  });

  it('deletes an indicator, audits who did it, and answers 404 for an unknown one', async () => {
    const id = (await block({ domainName: 'evil.example' })).json().id as string;
    const del = await t.app.inject({ method: 'DELETE', url: `/api/indicators/${id}`, headers: t.as('responder') });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/indicators/export/domain.txt', headers: t.as('reader') })).body).toBe('');
    const audit = await t.app.inject({ method: 'GET', url: `/api/audit?entityType=indicator&entityId=${id}`, headers: t.as('admin') });
    expect(audit.json().value.map((e: { action: string }) => e.action)).toEqual(['delete', 'create']);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/indicators/${id}`, headers: t.as('responder') })).statusCode).toBe(404);
  });

  it('also mounts as a Fastify plugin', async () => {
    const other = await buildTestApp({ modules: [async (app) => void (await app.register(indicatorRoutes, { store, now: () => clock }))] });
    try {
      await other.app.inject({ method: 'POST', url: '/api/indicators', headers: other.as('responder'), payload: { action: 'block', url: 'https://x.example/', expirationDateTime: '2026-12-01T00:00:00Z' } });
      expect((await other.app.inject({ method: 'GET', url: '/api/indicators/export/url.txt', headers: other.as('reader') })).body).toBe('https://x.example/\n');
    } finally {
      await other.close();
    }
  });

  it('refuses writes without indicators.write, bad bodies with the field, and unknown list types', async () => {
    expect((await block({ networkIPv4: '192.0.2.1' }, 'reader')).statusCode).toBe(403);
    const bad = await block({ networkIPv4: 'not-an-ip' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'BadRequest', field: '/networkIPv4' });
    const none = await block({});
    expect(none.statusCode).toBe(400);
    const type = await t.app.inject({ method: 'GET', url: '/api/indicators/export/emails.txt', headers: t.as('reader') });
    expect(type.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/indicators/export/ip.txt' })).statusCode).toBe(401);
  });
});
