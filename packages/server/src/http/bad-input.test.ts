import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../app/test-app.ts';
import { buildTestApp } from '../app/test-app.ts';

interface BadCase {
  url: string;
  payload?: unknown;
  field: string;
}

const long = 'x'.repeat(300);

// One malformed request per route, and the field the 400 must name. `{incident}` and `{task}` are
// replaced by real ids so that the body, not a missing record, is what fails.
const cases: Record<string, BadCase> = {
  'POST /api/alerts': { url: '/api/alerts', payload: [{ title: 'ok' }, { title: 'x', severity: 'bad' }], field: '/1/severity' },
  'GET /api/alerts': { url: '/api/alerts?top=0', field: '/query/top' },
  'GET /api/alerts/:id': { url: `/api/alerts/${long}`, field: '/params/id' },
  'PATCH /api/alerts/:id': { url: '/api/alerts/{alert}', payload: { status: 'bogus' }, field: '/status' },
  'GET /api/incidents': { url: '/api/incidents?severity=Huge', field: '/query/severity' },
  'DELETE /api/incidents/:id': { url: `/api/incidents/${long}`, field: '/params/id' },
  'POST /api/incidents': { url: '/api/incidents', payload: { title: 'x', severity: 'Critical' }, field: '/severity' },
  'GET /api/incidents/:id': { url: `/api/incidents/${long}`, field: '/params/id' },
  'PATCH /api/incidents/:id': { url: '/api/incidents/{incident}', payload: { labels: [{ labelName: '' }] }, field: '/labels/0/labelName' },
  'GET /api/incidents/:id/alerts': { url: `/api/incidents/${long}/alerts`, field: '/params/id' },
  'GET /api/incidents/:id/entities': { url: `/api/incidents/${long}/entities`, field: '/params/id' },
  'GET /api/incidents/:id/comments': { url: `/api/incidents/${long}/comments`, field: '/params/id' },
  'POST /api/incidents/:id/comments': { url: '/api/incidents/{incident}/comments', payload: { message: '' }, field: '/message' },
  'GET /api/incidents/:id/tasks': { url: `/api/incidents/${long}/tasks`, field: '/params/id' },
  'POST /api/incidents/:id/tasks': { url: '/api/incidents/{incident}/tasks', payload: { title: 'x'.repeat(151) }, field: '/title' },
  'PATCH /api/incidents/:id/tasks/:taskId': { url: '/api/incidents/{incident}/tasks/{task}', payload: { status: 'Doing' }, field: '/status' },
  'GET /api/incidents/:id/timeline': { url: `/api/incidents/${long}/timeline`, field: '/params/id' },
  'POST /api/assessments': {
    url: '/api/assessments',
    payload: { name: 'a', properties: { status: { code: 'Sick' }, resourceDetails: {} } },
    field: '/properties/status/code',
  },
  'GET /api/assessments': { url: '/api/assessments?kind=other', field: '/query/kind' },
  'GET /api/assessments/:kind/:name': { url: '/api/assessments/other/a', field: '/params/kind' },
  'GET /api/audit': { url: '/api/audit?top=abc', field: '/query/top' },
  'POST /api/keys': { url: '/api/keys', payload: { role: 'god', name: 'x' }, field: '/role' },
  'DELETE /api/keys/:id': { url: `/api/keys/${long}`, field: '/params/id' },
};

// Routes that take no input at all.
const noInput = new Set(['GET /api/keys']);

describe('bad input on every route', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await buildTestApp();
    const [alert] = (await t.app.inject({ method: 'POST', url: '/api/alerts', headers: t.as('admin'), payload: [{ title: 'seed' }] })).json();
    ids.alert = alert.id;
    ids.incident = alert.incidentId;
    ids.task = (await t.app.inject({ method: 'POST', url: `/api/incidents/${alert.incidentId}/tasks`, headers: t.as('admin'), payload: { title: 't' } })).json().id;
  });
  afterAll(() => t.close());

  it('has a case for every protected route that takes input', () => {
    const routes = t.app.riposte.routes.filter((r) => r.permission !== 'public').map((r) => `${r.method} ${r.url}`);
    expect(routes.filter((r) => !(r in cases) && !noInput.has(r))).toEqual([]);
  });

  for (const [route, c] of Object.entries(cases)) {
    it(`${route} answers 400 naming ${c.field}, and writes nothing`, async () => {
      const before = await snapshot(t);
      const url = c.url.replace('{alert}', ids.alert!).replace('{incident}', ids.incident!).replace('{task}', ids.task!);
      const res = await t.app.inject({ method: route.split(' ')[0] as 'GET', url, headers: t.as('admin'), ...(c.payload !== undefined ? { payload: c.payload as object } : {}) });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'BadRequest', field: c.field });
      expect(res.json().error.message.length).toBeGreaterThan(5);
      expect(await snapshot(t)).toEqual(before);
    });
  }

  it('answers 400 for a body that is not JSON', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/alerts', headers: { ...t.as('admin'), 'content-type': 'application/json' }, payload: '{"title":' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BadRequest');
  });
});

async function snapshot(t: TestApp) {
  const s = t.app.riposte.store;
  return {
    alerts: (await s.listAlerts({ count: true })).total,
    incidents: (await s.listIncidents({ count: true })).total,
    audit: (await s.listAudit({ top: 1000 })).length,
    keys: (await s.listApiKeys()).length,
    assessments: (await s.listAssessments({ count: true })).total,
  };
}
