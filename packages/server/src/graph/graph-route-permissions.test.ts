import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleNames, rolePermissions } from '../auth/permissions.ts';
import type { GraphTestApp } from './graph-fixture.test-support.ts';
import { buildGraphTestApp } from './graph-fixture.test-support.ts';

// As in app/route-permissions.test.ts: ids that exist nowhere, so an allowed caller gets past auth
// and hears 404 or 400, a denied one 403 — here always in Graph's error shape.
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, 'no-such-id');

describe('every Graph route × role', () => {
  let t: GraphTestApp;
  beforeAll(async () => {
    t = await buildGraphTestApp({ seed: false });
  });
  afterAll(() => t.close());
  const graphRoutes = () => t.app.riposte.routes.filter((r) => r.url.startsWith('/graph/'));

  it('registers every resource under v1.0 and beta, each with a permission', () => {
    const urls = graphRoutes().map((r) => `${r.method} ${r.url}`);
    for (const version of ['v1.0', 'beta']) {
      for (const path of ['security/alerts_v2', 'security/alerts_v2/:id', 'security/alerts', 'security/incidents/:id']) {
        expect(urls).toContain(`GET /graph/${version}/${path}`);
      }
    }
    for (const r of graphRoutes()) expect(r.permission, `${r.method} ${r.url}`).not.toBe('public');
  });

  it('answers 401 InvalidAuthenticationToken without a valid key', async () => {
    for (const r of graphRoutes()) {
      const res = await t.app.inject({ method: r.method as 'GET', url: concrete(r.url), headers: { authorization: 'Bearer rip_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.json().error.code).toBe('InvalidAuthenticationToken');
    }
  });

  it('lets each role through exactly the routes its permissions allow', async () => {
    for (const r of graphRoutes()) {
      for (const role of roleNames) {
        const res = await t.app.inject({
          method: r.method as 'GET',
          url: concrete(r.url),
          headers: t.as(role),
          payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
        });
        const allowed = rolePermissions[role].has(r.permission as never);
        if (allowed) expect([401, 403], `${role} ${r.method} ${r.url} → ${res.statusCode}`).not.toContain(res.statusCode);
        else {
          expect(res.statusCode, `${role} ${r.method} ${r.url}`).toBe(403);
          expect(res.json().error).toMatchObject({ code: 'Forbidden' });
          expect(res.json().error.message).toContain(r.permission);
        }
      }
    }
  });
});
