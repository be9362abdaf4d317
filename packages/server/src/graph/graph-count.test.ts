import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rolePermissions } from '../auth/permissions.ts';
import type { Permission } from '../auth/permissions.ts';
import type { GraphTestApp } from './graph-fixture.test-support.ts';
import { alertFilterCases, buildGraphTestApp } from './graph-fixture.test-support.ts';
import { indicatorFilterCases, seedIndicators } from './ti-indicator-fixture.test-support.ts';

/** Every Graph collection with its `$count` segment, and filters with what each selects. */
const collections: Array<{ url: string; permission: Permission; filters: [string, number][] }> = [
  ...['v1.0', 'beta'].flatMap((v) => [
    { url: `/graph/${v}/security/alerts_v2`, permission: 'alerts.read' as const, filters: alertFilterCases.map(([f, titles]): [string, number] => [f, titles.length]) },
    { url: `/graph/${v}/security/alerts`, permission: 'alerts.read' as const, filters: [["severity eq 'high'", 3], ["status eq 'newAlert'", 4], ["feedback eq 'truePositive'", 1]] as [string, number][] },
    { url: `/graph/${v}/security/incidents`, permission: 'incidents.read' as const, filters: [["status eq 'active'", -1], ["severity eq 'high'", -1]] as [string, number][] },
  ]),
  { url: '/graph/beta/security/tiIndicators', permission: 'indicators.read', filters: indicatorFilterCases.map(([f, labels]): [string, number] => [f, labels.length]) },
];

describe('Graph $count path segment (GET <collection>/$count)', () => {
  let t: GraphTestApp;
  beforeAll(async () => {
    t = await buildGraphTestApp();
    for (const indicator of seedIndicators) {
      const res = await t.app.inject({ method: 'POST', url: '/graph/beta/security/tiIndicators', headers: t.as('responder'), payload: indicator });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(() => t.close());

  const countOf = async (url: string, filter?: string) => {
    const res = await t.app.inject({ method: 'GET', url: `${url}/$count${filter ? `?$filter=${encodeURIComponent(filter)}` : ''}`, headers: t.as('reader') });
    expect(res.statusCode, `${url} ${filter} → ${res.body}`).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toMatch(/^\d+$/);
    return Number(res.body);
  };
  const listCount = async (url: string, filter?: string) => {
    const res = await t.app.inject({ method: 'GET', url: `${url}?$count=true&$top=1${filter ? `&$filter=${encodeURIComponent(filter)}` : ''}`, headers: t.as('reader') });
    expect(res.statusCode, res.body).toBe(200);
    return res.json()['@odata.count'] as number;
  };

  it('answers the number of items as text/plain, the same as $count=true, with and without $filter', async () => {
    let nonZero = 0;
    for (const { url, filters } of collections) {
      const all = await countOf(url);
      expect(all, url).toBe(await listCount(url));
      expect(all, url).toBeGreaterThan(0);
      for (const [filter, expected] of filters) {
        const n = await countOf(url, filter);
        expect(n, `${url} ${filter}`).toBe(await listCount(url, filter));
        if (expected >= 0) expect(n, `${url} ${filter}`).toBe(expected);
        if (n > 0 && n < all) nonZero++;
      }
    }
    // The filters really narrowed the counts (not all-or-nothing).
    expect(nonZero).toBeGreaterThan(20);
  });

  it('ignores $top, $skip and $orderby', async () => {
    const url = '/graph/v1.0/security/alerts_v2';
    const res = await t.app.inject({ method: 'GET', url: `${url}/$count?$top=1&$skip=2&$orderby=title`, headers: t.as('reader') });
    expect(res.body).toBe(String(t.alerts.length));
    expect(t.alerts.length).toBeGreaterThan(1);
  });

  it('answers a bad $filter with 400 in Graph\'s error body, as the list does', async () => {
    for (const { url } of collections) {
      for (const filter of ["severity eq 'high' and", 'noSuchProperty eq 1', 'createdDateTime gt 12']) {
        const res = await t.app.inject({ method: 'GET', url: `${url}/$count?$filter=${encodeURIComponent(filter)}`, headers: t.as('reader') });
        const list = await t.app.inject({ method: 'GET', url: `${url}?$filter=${encodeURIComponent(filter)}`, headers: t.as('reader') });
        expect([res.statusCode, res.json().error.code], `${url} ${filter} → ${res.body}`).toEqual([400, 'BadRequest']);
        expect(res.json().error.message).toBe(list.json().error.message);
      }
    }
  });

  it('needs the permission listing the collection needs: 403 without it, 401 without a key', async () => {
    for (const { url, permission } of collections) {
      const route = t.app.riposte.routes.find((r) => r.method === 'GET' && r.url === `${url}/$count`);
      expect(route?.permission, url).toBe(permission);
      expect(t.app.riposte.routes.find((r) => r.method === 'GET' && r.url === url)?.permission).toBe(permission);
      expect((await t.app.inject({ method: 'GET', url: `${url}/$count` })).statusCode).toBe(401);
      // Every built-in role may read these collections, so take the permission from one for the test.
      const reader = rolePermissions.reader as Set<Permission>;
      reader.delete(permission);
      try {
        const res = await t.app.inject({ method: 'GET', url: `${url}/$count`, headers: t.as('reader') });
        expect(res.statusCode, res.body).toBe(403);
        expect(res.json().error).toMatchObject({ code: 'Forbidden' });
        expect(res.json().error.message).toContain(permission);
      } finally {
        reader.add(permission);
      }
    }
  });

  describe('percent-encoded as %24count (as some HTTP clients send it)', () => {
    const get = (url: string, role: 'reader' | null = 'reader') => t.app.inject({ method: 'GET', url, headers: role ? t.as(role) : {} });

    it('answers what $count answers, with and without $filter, for every collection with a $count route', async () => {
      const countRoutes = t.app.riposte.routes.filter((r) => r.method === 'GET' && r.url.endsWith('/$count')).map((r) => r.url.slice(0, -'/$count'.length));
      expect(countRoutes.sort()).toEqual(collections.map((c) => c.url).sort());
      for (const { url, filters } of collections) {
        for (const filter of [undefined, ...filters.map(([f]) => f)]) {
          const query = filter ? `?$filter=${encodeURIComponent(filter)}` : '';
          const [plain, encoded] = [await get(`${url}/$count${query}`), await get(`${url}/%24count${query}`)];
          expect([encoded.statusCode, encoded.headers['content-type'], encoded.body], `${url}/%24count ${filter}`).toEqual([200, plain.headers['content-type'], plain.body]);
        }
        // An encoded option name in the query changes nothing either.
        expect((await get(`${url}/%24count?%24top=1`)).body).toBe((await get(`${url}/$count`)).body);
      }
    });

    it('is never taken for an id: not with other letters encoded, not with a trailing slash', async () => {
      for (const { url } of collections) {
        const expected = (await get(`${url}/$count`)).body;
        for (const spelling of ['%24count', '%24%63ount', '%24count/']) {
          const res = await get(`${url}/${spelling}`);
          expect([res.statusCode, res.body], `${url}/${spelling}`).toEqual([200, expected]);
        }
        // The segment is case-sensitive in both spellings; anything else is still an id lookup.
        expect((await get(`${url}/%24Count`)).statusCode, url).toBe(404);
      }
    });

    it('needs the same permission: 403 without it, 401 without a key, in Graph\'s error body', async () => {
      for (const { url, permission } of collections) {
        const anonymous = await get(`${url}/%24count`, null);
        expect([anonymous.statusCode, anonymous.json().error.code]).toEqual([401, 'InvalidAuthenticationToken']);
        const reader = rolePermissions.reader as Set<Permission>;
        reader.delete(permission);
        try {
          const res = await get(`${url}/%24count`);
          expect(res.statusCode, res.body).toBe(403);
          expect(res.json().error).toMatchObject({ code: 'Forbidden' });
          expect(res.json().error.message).toContain(permission);
        } finally {
          reader.add(permission);
        }
      }
    });

    it('reaches the same operation: one route, one metrics label', async () => {
      await get('/graph/v1.0/security/alerts_v2/%24count');
      const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toMatch(/riposte_http_requests_total\{method="GET",route="\/graph\/v1.0\/security\/alerts_v2\/\$count",status="200"\}/);
      expect(metrics).not.toContain('%24count');
    });
  });
});
