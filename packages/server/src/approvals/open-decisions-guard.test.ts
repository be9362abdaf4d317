import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { securityContext } from '../app/security-context.ts';
import { buildTestApp, type TestApp } from '../app/test-app.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import { ResponseProcess } from './response-process.ts';

describe('deleting an incident with open approvals or change requests', () => {
  let t: TestApp;
  let rp: ResponseProcess;
  let incidentId: string;

  beforeEach(async () => {
    const ctx = securityContext({ store: openSqliteSecurityStore({ path: ':memory:', durability: 'normal' }) });
    // Nothing is sent: the guard reads the stored requests only.
    rp = new ResponseProcess(ctx, { publicBaseUrl: 'http://riposte.test', channels: { email: async () => ({ messageId: 'm' }), chat: async () => {} } });
    t = await buildTestApp({ ...ctx, modules: [rp.module] });
    const res = await t.app.inject({ method: 'POST', url: '/api/alerts', headers: t.as('admin'), payload: { title: 'Beacon', serviceSource: 's', providerAlertId: 'b1' } });
    incidentId = res.json().incidentId;
  });
  afterEach(() => t.close());

  const remove = () => t.app.inject({ method: 'DELETE', url: `/api/incidents/${incidentId}`, headers: t.as('admin') });
  const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: t.as('admin'), payload });

  it('is refused while a change request is Requested or Approved, allowed once it is implemented', async () => {
    const cr = await post('/api/change-requests', { incidentId, title: 'Disable ann', steps: [{ kind: 'containment', summary: 'disable ann' }] });
    expect(cr.statusCode, cr.body).toBe(201);
    const refused = await remove();
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('it has 1 change request not yet decided or implemented');
    expect((await post(`/api/change-requests/${cr.json().id}/approve`, {})).statusCode).toBe(200);
    expect((await remove()).statusCode).toBe(409);
    expect((await post(`/api/change-requests/${cr.json().id}/implement`, {})).statusCode).toBe(200);
    expect((await remove()).statusCode).toBe(204);
    // The decided request stays as history.
    expect(rp.changeRequests.store.get(cr.json().id)?.status).toBe('Implemented');
  });

  it('is refused while an approval waits for its answer, allowed once it is answered', async () => {
    const approval = await rp.approvals.request({
      source: 'riposte', to: ['lead@contoso.com'], subject: 'Isolate host?', body: 'b', options: ['Approve', 'Reject'],
      incidentId, callbackUrl: 'http://riposte.test/api/runs/r/callbacks/k',
    });
    const refused = await remove();
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('it has 1 approval still waiting for an answer');
    expect((await post(`/api/approvals/${approval.id}/answer`, { option: 'Approve' })).statusCode).toBe(200);
    expect((await remove()).statusCode).toBe(204);
  });
});
