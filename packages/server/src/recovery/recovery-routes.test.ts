import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '@riposte/engine';
import { roleNames, rolePermissions } from '../auth/permissions.ts';
import { recoveryFixture, type RecoveryFixture } from './test-fixture.ts';

describe('ledger and recovery routes', () => {
  let f: RecoveryFixture;
  beforeAll(async () => {
    f = await recoveryFixture(() => new ConnectorRegistry());
  });
  afterAll(() => f.close());

  it('let each role through exactly the routes its permissions allow, and are in the OpenAPI document', async () => {
    const mine = f.t.app.riposte.routes.filter((r) => r.url.includes('/ledger') || r.url.includes('recovery'));
    expect(mine.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'GET /api/incidents/:id/ledger',
      'GET /api/incidents/:id/recovery',
      'GET /api/recovery/:planId',
      'POST /api/incidents/:id/recovery',
      'POST /api/incidents/:id/recovery/plan',
      'POST /api/recovery/:planId/approve',
      'POST /api/recovery/:planId/run',
    ]);
    for (const r of mine) {
      for (const role of roleNames) {
        const res = await f.t.app.inject({ method: r.method as 'GET', url: r.url.replace(/:[A-Za-z]+/g, 'no-such-id'), headers: f.t.as(role), ...(r.method === 'POST' ? { payload: {} } : {}) });
        if (rolePermissions[role].has(r.permission as never)) expect(res.statusCode, `${role} ${r.method} ${r.url}`).toBe(404);
        else expect(res.statusCode, `${role} ${r.method} ${r.url}`).toBe(403);
      }
    }
    const openapi = (await f.t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/incidents/{id}/ledger', '/api/recovery/{planId}/approve']));
  });
});
