import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleNames, rolePermissions } from '../auth/permissions.ts';
import type { TestApp } from '../app/test-app.ts';
import { automationTestApp } from './e2e.test-support.ts';

const ours = /^\/api\/(playbooks|runs|automation-rules|workflow-automations|triggers)(\/|$)/;
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, 'no-such-id');

describe('automation routes × roles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await automationTestApp();
  });
  afterAll(() => t.close());
  const routes = () => t.app.riposte.routes.filter((r) => ours.test(r.url));

  it('declares a permission on every route; only the signed trigger URL is public', () => {
    expect(routes().length).toBeGreaterThanOrEqual(25);
    expect(routes().filter((r) => r.permission === 'public').map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/triggers/:playbookId/invoke']);
  });

  it('lets each role through exactly the routes its permissions allow, and nobody without a key', async () => {
    for (const r of routes().filter((x) => x.permission !== 'public')) {
      const payload = r.method === 'GET' || r.method === 'DELETE' ? undefined : {};
      const none = await t.app.inject({ method: r.method as 'GET', url: concrete(r.url), payload });
      expect(none.statusCode, `${r.method} ${r.url}`).toBe(401);
      for (const role of roleNames) {
        const res = await t.app.inject({ method: r.method as 'GET', url: concrete(r.url), headers: t.as(role), payload });
        const allowed = rolePermissions[role].has(r.permission as never);
        if (allowed) expect([401, 403], `${role} ${r.method} ${r.url} → ${res.statusCode}`).not.toContain(res.statusCode);
        else expect(res.statusCode, `${role} ${r.method} ${r.url}`).toBe(403);
      }
    }
  });

  it('bad input on every write route is a 400 (or 404 for an unknown id) that names the field, and writes nothing', async () => {
    const writes = routes().filter((r) => r.permission !== 'public' && (r.method === 'POST' || r.method === 'PUT'));
    for (const r of writes) {
      const res = await t.app.inject({ method: r.method as 'POST', url: concrete(r.url), headers: t.as('admin'), payload: [1, 2] });
      expect([400, 404], `${r.method} ${r.url} → ${res.statusCode} ${res.body}`).toContain(res.statusCode);
      if (res.statusCode === 400) expect(res.json().error.field, `${r.method} ${r.url}`).toBeDefined();
    }
    for (const list of ['/api/playbooks', '/api/automation-rules', '/api/workflow-automations']) {
      expect((await t.app.inject({ method: 'GET', url: list, headers: t.as('admin') })).json().value, list).toEqual([]);
    }
  });
});
