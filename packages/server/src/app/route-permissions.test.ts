import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from './test-app.ts';
import { buildTestApp } from './test-app.ts';
import { buildApp } from './build-app.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';

const publicRoutes = ['GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /openapi.json', 'GET /docs'];

// Every route × role (allowed, 403, 401) over the fully wired server is in route-conformance.test.ts;
// this file keeps what is about the core app and about registration itself.

describe('every route declares who may call it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('has a permission on every route and only the probes and docs are public', () => {
    expect(t.app.riposte.routes.length).toBeGreaterThan(15);
    for (const r of t.app.riposte.routes) expect(r.permission, `${r.method} ${r.url}`).toBeTruthy();
    const open = t.app.riposte.routes.filter((r) => r.permission === 'public').map((r) => `${r.method} ${r.url}`);
    expect(open.sort()).toEqual([...publicRoutes].sort());
  });

  it('serves the public routes without a key', async () => {
    for (const route of publicRoutes) {
      const [method, url] = route.split(' ');
      expect((await t.app.inject({ method: method as 'GET', url })).statusCode, route).toBe(200);
    }
  });
});

describe('route registration', () => {
  it('refuses a route that declares no permission', async () => {
    const store = openSqliteSecurityStore({ path: ':memory:' });
    const build = buildApp({
      store,
      modules: [
        (app) => {
          app.get('/api/unguarded', async () => 'x');
        },
      ],
    });
    await expect(build.then((app) => app.ready())).rejects.toThrow(/declares no permission/);
    await store.close();
  });

  it('accepts module routes that declare one, through config or a RouteSpec', async () => {
    const store = openSqliteSecurityStore({ path: ':memory:' });
    const app = await buildApp({
      store,
      modules: [
        (fastify, services) => {
          fastify.get('/api/raw', { config: { permission: 'rules.read' } }, async () => ({ ok: true }));
          services.route({ method: 'GET', url: '/api/spec', permission: 'rules.read', summary: 'x', handler: () => ({ ok: true }) });
        },
      ],
    });
    await app.ready();
    expect(app.riposte.routes.filter((r) => r.url.startsWith('/api/raw') || r.url === '/api/spec').map((r) => r.permission)).toEqual(['rules.read', 'rules.read']);
    expect((await app.inject({ method: 'GET', url: '/api/raw' })).statusCode).toBe(401);
    await app.close();
    await store.close();
  });
});
