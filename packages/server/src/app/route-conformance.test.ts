import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rolePermissions, roleNames } from '../auth/permissions.ts';
import type { RouteSpec } from '../http/route-spec.ts';
import type { WiredApp } from './route-conformance-support.ts';
import { buildWiredApp, fakeParams, fillUrl, leaksInternals, rowCounts, unknownKeyBody, wrongTypeBody } from './route-conformance-support.ts';

// The two promises of the engineering standard, checked over the server exactly as `riposte serve`
// wires it (every module): every route checks a permission, and bad input is a 4xx naming the field,
// with nothing written and no stack trace. Routes are enumerated from the app, so a new route is
// covered (or fails) without editing this file.

/**
 * Every route reachable without a key. A new public route fails the test until someone has
 * reviewed it and added it here with the reason.
 */
const publicRoutes: Record<string, string> = {
  'GET /healthz': 'liveness probe',
  'GET /readyz': 'readiness probe',
  'GET /metrics': 'Prometheus scrape',
  'GET /openapi.json': 'API description',
  'GET /docs': 'API docs page',
  'GET /console': 'analyst console shell (its API calls carry the key)',
  'GET /console/*': 'analyst console static files',
  'POST /api/triggers/:playbookId/invoke': 'Request trigger: authorised by the signed callback URL (sig)',
  'GET /api/approvals/:id/respond': 'approval link in a mail: authorised by its signed token',
  'POST /api/approvals/:id/respond': 'approval link in a mail: authorised by its signed token',
};

/** Routes whose body is any JSON by design (the caller's payload is handed to a playbook as is). */
const anyJsonBody: Record<string, string> = {
  'POST /api/triggers/:playbookId/invoke': 'Request trigger: the body is the playbook\'s triggerBody(), any JSON, as Logic Apps accepts',
  'POST /api/runs/:runId/callbacks/:key': 'webhook callback: the body is the waiting action\'s output, any JSON',
};

/**
 * Bodies validated loosely by the schema (z.unknown, records) and fully by the handler: the wrong
 * value by hand. `realId`: the handler looks the record up before validating, so use a real one.
 */
const looseBodies: Record<string, { body: unknown; field: string; realId?: boolean }> = {
  // A batch is all or nothing: the valid first alert must not be stored either.
  'POST /api/alerts': { body: [{ title: 'fine' }, { title: 'x', severity: 12345 }], field: '/1/severity' },
  'PATCH /graph/beta/security/tiIndicators/:id': { body: { severity: 'high' }, field: '/severity', realId: true },
  'POST /api/automation-rules': { body: { properties: { displayName: 12345 } }, field: '/properties/displayName' },
  'PUT /api/automation-rules/:id': { body: { properties: { displayName: 12345 } }, field: '/properties/displayName' },
  'POST /api/workflow-automations': { body: { properties: { sources: 12345 } }, field: '/properties/sources' },
  'PUT /api/workflow-automations/:id': { body: { properties: { sources: 12345 } }, field: '/properties/sources' },
};

const wrongKey = 'Bearer rip_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let t: WiredApp;
let specs: Map<string, RouteSpec<any, any, any>>;
const keyOf = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const urlOf = (r: { method: string; url: string }) => {
  const spec = specs.get(keyOf(r));
  return fillUrl(r.url, fakeParams(spec ?? { url: r.url }));
};

beforeAll(async () => {
  t = await buildWiredApp();
  specs = new Map(t.app.riposte.operations.operations.map((o) => [keyOf(o), o]));
});
afterAll(() => t?.close());

describe('every route of the fully wired server checks a permission', () => {
  it('wires every module and only the reviewed routes are public', () => {
    const routes = t.app.riposte.routes.map(keyOf);
    // One route per module, so a module that stops being wired fails here rather than passing vacuously.
    for (const r of [
      'POST /api/alerts', 'GET /graph/v1.0/security/alerts_v2', 'POST /api/playbooks', 'POST /api/automation-rules',
      'POST /api/workflow-automations', 'GET /api/incidents/:id/ledger', 'POST /api/incidents/:id/recovery',
      'GET /api/approvals', 'POST /api/incidents/:id/escalate', 'GET /api/stakeholder-policies', 'GET /api/change-requests',
      'GET /api/assets', 'GET /api/indicators', 'GET /api/connections', 'GET /api/connectors', 'GET /api/connectors/:api', 'GET /console',
    ]) expect(routes, r).toContain(r);
    const open = t.app.riposte.routes.filter((r) => r.permission === 'public').map(keyOf);
    expect(open.sort()).toEqual(Object.keys(publicRoutes).sort());
  });

  it('answers 401 without a key and with an unknown key on every protected route', async () => {
    const protectedRoutes = t.app.riposte.routes.filter((r) => r.permission !== 'public');
    expect(protectedRoutes.length).toBeGreaterThan(100);
    for (const r of protectedRoutes) {
      const none = await t.app.inject({ method: r.method as Method, url: urlOf(r) });
      expect.soft(none.statusCode, `${keyOf(r)} without a key`).toBe(401);
      // Our REST says Unauthorized; the Graph-compatible API answers in Graph's words.
      expect.soft(['Unauthorized', 'InvalidAuthenticationToken'], keyOf(r)).toContain(none.json().error.code);
      expect.soft(none.headers['www-authenticate'], keyOf(r)).toBe('Bearer');
      const wrong = await t.app.inject({ method: r.method as Method, url: urlOf(r), headers: { authorization: wrongKey } });
      expect.soft(wrong.statusCode, `${keyOf(r)} with an unknown key`).toBe(401);
    }
  });

  it('lets each role through exactly the routes its permissions allow, and a refused or failed call writes nothing', async () => {
    const before = rowCounts(t.dataDir);
    for (const r of t.app.riposte.routes.filter((x) => x.permission !== 'public')) {
      for (const role of roleNames) {
        // No body: an allowed caller is stopped by validation (400) or a missing record (404), never by auth.
        const res = await t.app.inject({ method: r.method as Method, url: urlOf(r), headers: t.as(role) });
        const allowed = rolePermissions[role].has(r.permission as never);
        const what = `${role} ${keyOf(r)} (${r.permission}) → ${res.statusCode} ${res.body.slice(0, 200)}`;
        if (allowed) {
          expect.soft([401, 403], what).not.toContain(res.statusCode);
          expect.soft(res.statusCode, what).toBeLessThan(500);
        } else {
          expect.soft(res.statusCode, what).toBe(403);
          expect.soft(res.json().error.message, what).toContain(r.permission);
        }
      }
    }
    // Fake ids and no body: every call was refused (401/403/400/404), so nothing may have been stored.
    expect(rowCounts(t.dataDir)).toEqual(before);
  });

  it('serves the public routes without a key, and the signed ones refuse a request without a valid signature', async () => {
    for (const route of ['GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /openapi.json', 'GET /docs']) {
      const [method, url] = route.split(' ');
      expect.soft((await t.app.inject({ method: method as Method, url: url! })).statusCode, route).toBe(200);
    }
    // The console answers 503 ("run npm run build:web") in a checkout where it was never built.
    expect.soft([200, 503], 'GET /console').toContain((await t.app.inject({ method: 'GET', url: '/console' })).statusCode);
    const signed = [
      { method: 'POST' as const, url: '/api/triggers/no-such-playbook/invoke?sig=forged', payload: {} },
      { method: 'GET' as const, url: '/api/approvals/no-such-id/respond?token=forged' },
      { method: 'POST' as const, url: '/api/approvals/no-such-id/respond?token=forged', payload: { decision: 'approve' } },
    ];
    for (const s of signed) {
      const res = await t.app.inject(s);
      expect.soft(res.statusCode, `${s.method} ${s.url} → ${res.body}`).toBeGreaterThanOrEqual(400);
      expect.soft(res.statusCode, `${s.method} ${s.url} → ${res.body}`).toBeLessThan(500);
      expect.soft(leaksInternals(res.body), res.body).toBe(false);
    }
  });
});

describe('bad input on every route of the fully wired server', () => {
  const bodyMethods = new Set(['POST', 'PUT', 'PATCH']);
  const bodyRoutes = () => t.app.riposte.operations.operations.filter((o) => o.body && bodyMethods.has(o.method));

  it('registers every route through a RouteSpec except the console static files', () => {
    const raw = t.app.riposte.routes.filter((r) => !specs.has(keyOf(r))).map(keyOf);
    // The console serves files (GET, no body); anything else here must be checked by hand below.
    expect(raw.sort()).toEqual(['GET /console', 'GET /console/*']);
  });

  it('answers a wrong-typed field with 400 naming it, no stack trace, nothing written — on every body route', async () => {
    const routes = bodyRoutes().filter((o) => !anyJsonBody[keyOf(o)]);
    expect(routes.length).toBeGreaterThan(40);
    const underived: string[] = [];
    const indicator = await t.app.inject({
      method: 'POST', url: '/graph/beta/security/tiIndicators', headers: t.as('admin'),
      payload: { action: 'alert', domainName: 'conformance.example', expirationDateTime: '2099-01-01T00:00:00Z' },
    });
    expect(indicator.statusCode, indicator.body).toBe(201);
    for (const spec of routes) {
      const hand = looseBodies[keyOf(spec)];
      const bad = hand ?? wrongTypeBody(spec);
      if (!bad) {
        underived.push(keyOf(spec));
        continue;
      }
      const params = { ...fakeParams(spec), ...(hand?.realId ? { id: indicator.json().id as string } : {}) };
      const before = rowCounts(t.dataDir);
      const res = await t.app.inject({ method: spec.method, url: fillUrl(spec.url, params), headers: t.as('admin'), payload: bad.body as object });
      const what = `${keyOf(spec)} with ${JSON.stringify(bad.body)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
      expect(res.statusCode, what).toBe(400);
      expect(res.json().error.code, what).toBe('BadRequest');
      // Graph-shaped errors carry no `field`; their message names the pointer instead.
      if ('field' in res.json().error) expect(res.json().error.field, what).toBe(bad.field);
      expect(res.json().error.message, what).toContain(bad.field);
      expect(leaksInternals(res.body), what).toBe(false);
      expect(rowCounts(t.dataDir), what).toEqual(before);
    }
    // A body schema this file cannot derive a wrong value from needs a case in looseBodies.
    expect(underived).toEqual([]);
  });

  it('answers a key a strict body does not know with 400 naming that key, nothing written', async () => {
    const strict = bodyRoutes().map((spec) => ({ spec, bad: unknownKeyBody(spec) })).filter((x) => x.bad);
    expect(strict.length).toBeGreaterThan(0);
    for (const { spec, bad } of strict) {
      const before = rowCounts(t.dataDir);
      const res = await t.app.inject({ method: spec.method, url: fillUrl(spec.url, fakeParams(spec)), headers: t.as('admin'), payload: bad!.body as object });
      const what = `${keyOf(spec)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
      expect(bad!.field, what).toMatch(/conformanceUnknownKey$/);
      expect(res.statusCode, what).toBe(400);
      expect(res.json().error.message, what).toContain(bad!.field);
      expect(rowCounts(t.dataDir), what).toEqual(before);
    }
  });

  it('answers a body of the wrong JSON type with 400, no stack trace, nothing written — on every body route', async () => {
    for (const spec of bodyRoutes().filter((o) => !anyJsonBody[keyOf(o)])) {
      const before = rowCounts(t.dataDir);
      const res = await t.app.inject({ method: spec.method, url: fillUrl(spec.url, fakeParams(spec)), headers: { ...t.as('admin'), 'content-type': 'application/json' }, payload: '42' });
      const what = `${keyOf(spec)} with 42 → ${res.statusCode} ${res.body.slice(0, 300)}`;
      expect.soft(res.statusCode, what).toBe(400);
      expect.soft(res.json().error.code, what).toBe('BadRequest');
      expect.soft(leaksInternals(res.body), what).toBe(false);
      expect.soft(rowCounts(t.dataDir), what).toEqual(before);
    }
  });

  it('answers malformed JSON, and JSON nested thousands deep, with 400 on every body route, writing nothing', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    for (const [spec, payload] of bodyRoutes().flatMap((o) => [[o, '{"title":'], [o, deep]] as const)) {
      const before = rowCounts(t.dataDir);
      const res = await t.app.inject({ method: spec.method, url: fillUrl(spec.url, fakeParams(spec)), headers: { ...t.as('admin'), 'content-type': 'application/json' }, payload });
      const what = `${keyOf(spec)} ${payload.slice(0, 10)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
      expect.soft(res.statusCode, what).toBe(400);
      expect.soft(res.json().error.code, what).toBe('BadRequest');
      expect.soft(leaksInternals(res.body), what).toBe(false);
      expect.soft(rowCounts(t.dataDir), what).toEqual(before);
    }
  });

  it('never answers 500 or leaks internals, whatever JSON arrives on a body route', async () => {
    const json = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.object({ maxDepth: 3, values: [fc.jsonValue({ maxDepth: 2 })] }));
    for (const spec of bodyRoutes().filter((o) => o.permission !== 'public')) {
      const url = fillUrl(spec.url, fakeParams(spec));
      await fc.assert(
        fc.asyncProperty(json, async (body) => {
          const res = await t.app.inject({ method: spec.method, url, headers: { ...t.as('admin'), 'content-type': 'application/json' }, payload: JSON.stringify(body) });
          const what = `${keyOf(spec)} ${JSON.stringify(body).slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 200)}`;
          expect(res.statusCode, what).toBeLessThan(500);
          expect(leaksInternals(res.body), what).toBe(false);
        }),
        { numRuns: 25 },
      );
    }
  });

  it('answers 413 to a body over the limit, on the alerts route and a body route of every module', async () => {
    // One body route per module, including the public signed trigger (no auth needed to send bytes).
    const sample = [
      'POST /api/alerts', 'PATCH /api/incidents/:id', 'POST /api/keys', 'POST /graph/v1.0/subscriptions',
      'POST /graph/beta/security/tiIndicators', 'POST /api/indicators', 'PUT /api/connections/:name', 'POST /api/playbooks',
      'POST /api/triggers/:playbookId/invoke', 'POST /api/automation-rules', 'POST /api/workflow-automations',
      'POST /api/incidents/:id/recovery', 'POST /api/approvals/:id/answer', 'POST /api/incidents/:id/escalate',
      'POST /api/stakeholder-policies', 'POST /api/change-requests', 'POST /api/assets',
    ];
    const oversized: Record<number, string> = {};
    const appLimit = t.app.initialConfig.bodyLimit ?? 16 * 1024 * 1024;
    for (const route of sample) {
      const spec = specs.get(route);
      expect(spec, route).toBeDefined();
      const limit = spec!.bodyLimit ?? appLimit;
      const payload = (oversized[limit] ??= `{"x":"${'a'.repeat(limit)}"}`);
      const before = rowCounts(t.dataDir);
      const res = await t.app.inject({ method: spec!.method, url: fillUrl(spec!.url, fakeParams(spec!)), headers: { ...t.as('admin'), 'content-type': 'application/json' }, payload });
      expect.soft(res.statusCode, `${route} → ${res.body.slice(0, 200)}`).toBe(413);
      expect.soft(['PayloadTooLarge', 'RequestEntityTooLarge'], route).toContain(res.json().error.code);
      expect.soft(rowCounts(t.dataDir)).toEqual(before);
    }
  });

  it('answers a param no id can be with 400 naming it (or 404), never 500', async () => {
    const long = 'x'.repeat(400);
    for (const spec of t.app.riposte.operations.operations.filter((o) => o.permission !== 'public' && o.url.includes(':'))) {
      const names = Object.keys(fakeParams(spec));
      const params = Object.fromEntries(names.map((k) => [k, long]));
      const res = await t.app.inject({ method: spec.method, url: fillUrl(spec.url, params), headers: t.as('admin') });
      const what = `${keyOf(spec)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
      const r = spec.params?.safeParse(params);
      if (r && !r.success) {
        expect(res.statusCode, what).toBe(400);
        expect(res.json().error.message, what).toContain(`/params/${String(r.error.issues[0]!.path[0])}`);
      } else {
        expect(res.statusCode, what).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, what).toBeLessThan(500);
      }
      expect(leaksInternals(res.body), what).toBe(false);
    }
  });

  it('answers a query value of the wrong type with 400 naming it, never 500', async () => {
    let checked = 0;
    for (const spec of t.app.riposte.operations.operations.filter((o) => o.query && o.permission !== 'public' && o.method === 'GET')) {
      const shape = (spec.query as unknown as { _zod: { def: { shape?: Record<string, unknown> } } })._zod.def.shape ?? {};
      for (const key of Object.keys(shape)) {
        for (const wrong of ['-1', 'not a number or option', '9'.repeat(30)]) {
          const r = spec.query!.safeParse({ [key]: wrong });
          const url = `${fillUrl(spec.url, fakeParams(spec))}?${new URLSearchParams({ [key]: wrong })}`;
          const res = await t.app.inject({ method: 'GET', url, headers: t.as('admin') });
          const what = `GET ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, what).toBeLessThan(500);
          expect(leaksInternals(res.body), what).toBe(false);
          if (!r.success) {
            checked++;
            expect(res.statusCode, what).toBe(400);
            expect(res.json().error.message, what).toContain(`/query/${key}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});
