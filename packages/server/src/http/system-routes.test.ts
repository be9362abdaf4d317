import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../app/test-app.ts';
import { buildTestApp } from '../app/test-app.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import { buildApp } from '../app/build-app.ts';

describe('system routes and error bodies', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp({
      modules: [
        (_app, services) =>
          services.route({
            method: 'GET',
            url: '/api/explode',
            permission: 'alerts.read',
            summary: 'fails',
            handler: () => {
              throw new Error('secret detail /work/main/file.ts:12');
            },
          }),
      ],
    });
  });
  afterEach(() => t.close());

  it('answers health and readiness probes', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });

  it('answers 404 with an error body for an unknown route', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nothing-here?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'NotFound', message: 'no route GET /api/nothing-here' } });
  });

  it('never shows a stack trace or internal detail on a failure', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/explode', headers: t.as('reader') });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'InternalServerError', message: 'the server failed to handle the request' } });
    expect(res.body).not.toContain('secret');
  });

  it('publishes an OpenAPI 3.1 document of every operation, from the zod schemas', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.entries<Record<string, unknown>>(doc.paths).flatMap(([p, o]) => Object.keys(o).map((m) => `${m.toUpperCase()} ${p}`));
    const routes = t.app.riposte.routes.map((r) => `${r.method} ${r.url.replace(/:([A-Za-z]+)/g, '{$1}')}`);
    expect(ops.sort()).toEqual(routes.sort());
    const patch = doc.paths['/api/incidents/{id}'].patch;
    expect(patch['x-riposte-permission']).toBe('incidents.write');
    expect(patch.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/IncidentPatch' });
    expect(doc.components.schemas.IncidentPatch.properties.status.enum).toEqual(['New', 'Active', 'Closed']);
    expect(doc.components.schemas.Alert.properties.severity.enum).toContain('high');
    // 404 where a path parameter names something; 409 where the route declares a state conflict.
    const statuses = (path: string, method: string) => Object.keys(doc.paths[path][method].responses).sort();
    expect(statuses('/api/incidents/{id}', 'get')).toEqual(['200', '400', '401', '403', '404']);
    expect(statuses('/api/incidents/{id}', 'delete')).toEqual(['204', '400', '401', '403', '404', '409']);
    expect(statuses('/api/incidents', 'get')).toEqual(['200', '400', '401', '403']);
    expect(doc.paths['/api/incidents/{id}'].delete.responses['409'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    // Every reference resolves.
    for (const ref of JSON.stringify(doc).match(/#\/components\/schemas\/[^"]+/g) ?? []) {
      expect(doc.components.schemas, ref).toHaveProperty([ref.split('/').pop()!]);
    }
  });

  it('renders a docs page without external resources', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs' });
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('/api/incidents/{id}/comments');
    expect(res.body).not.toMatch(/<script|https?:\/\/(?!local)/);
  });

  it('exposes request counts and latency per route in Prometheus format', async () => {
    await t.app.inject({ method: 'GET', url: '/api/alerts', headers: t.as('reader') });
    await t.app.inject({ method: 'GET', url: '/api/alerts', headers: t.as('reader') });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.headers['content-type']).toContain('text/plain; version=0.0.4');
    expect(res.body).toContain('riposte_http_requests_total{method="GET",route="/api/alerts",status="200"} 2');
    expect(res.body).toMatch(/riposte_http_request_duration_seconds_count\{method="GET",route="\/api\/alerts"\} 2/);
  });
});

describe('readiness', () => {
  it('answers 503 when the store does not answer', async () => {
    const store = openSqliteSecurityStore({ path: ':memory:' });
    const app = await buildApp({ store: Object.assign(Object.create(store), { ping: async () => Promise.reject(new Error('down')) }) });
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('ServiceUnavailable');
    await app.close();
    await store.close();
  });
});
