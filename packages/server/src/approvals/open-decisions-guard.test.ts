import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { securityContext } from '../app/security-context.ts';
import { buildTestApp, type TestApp } from '../app/test-app.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import type { Approval, ApprovalStatus } from './approval-store.ts';
import { pendingCountSql } from './approval-store.ts';
import { responseDatabaseOf } from './response-database.ts';
import { ResponseProcess } from './response-process.ts';

/** A stored approval request about `incidentId`, as the service would write it. */
function approvalOf(id: string, incidentId: string | null, status: ApprovalStatus): Approval {
  return {
    id, source: 'riposte', incidentId, runId: null, actionName: null, callbackUrl: 'http://riposte.test/api/runs/r/callbacks/k',
    subject: 's', body: 'b', importance: 'Normal', options: ['Approve'], defaultOption: null, to: ['lead@contoso.com'], chat: [],
    status, createdAt: '2026-03-01T10:00:00.0000000Z', expiresAt: '2026-03-02T10:00:00.0000000Z', sentAt: null,
    answer: status === 'Pending' ? null : { option: 'Approve', by: 'timer', via: 'timeout', at: '2026-03-01T11:00:00.0000000Z', email: null },
  };
}

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

  it('counts past 10,000: refused with the exact number of waiting approvals', async () => {
    const db = responseDatabaseOf(t.app.riposte.store);
    db.transaction(() => {
      for (let i = 0; i < 10_001; i++) rp.approvals.store.insert(approvalOf(`p${i}`, incidentId, 'Pending'), null);
    })();
    const refused = await remove();
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('it has 10001 approvals still waiting for an answer');
  });
});

describe('ApprovalStore.pendingCountOf', () => {
  it('counts the Pending requests of that incident only, from an index', () => {
    const store = openSqliteSecurityStore({ path: ':memory:', durability: 'normal' });
    const rp = new ResponseProcess(securityContext({ store }), { publicBaseUrl: 'http://riposte.test', channels: { email: async () => ({ messageId: 'm' }), chat: async () => {} } });
    const approvals = rp.approvals.store;
    const rows: Array<[string | null, ApprovalStatus, number]> = [
      ['inc-a', 'Pending', 3], ['inc-a', 'Answered', 2], ['inc-a', 'TimedOut', 4],
      ['inc-b', 'Pending', 2], ['inc-b', 'Answered', 1], [null, 'Pending', 5],
    ];
    let n = 0;
    for (const [incident, status, times] of rows) for (let i = 0; i < times; i++) approvals.insert(approvalOf(`a${n++}`, incident, status), null);
    expect(['inc-a', 'inc-b', 'inc-c', 'INC-A'].map((id) => approvals.pendingCountOf(id))).toEqual([3, 2, 0, 0]);
    // Answering one takes it out of the count.
    const [first] = approvals.list({ status: ['Pending'], incidentId: 'inc-a', top: 1, skip: 0 });
    approvals.answerIfPending(first!.id, 'Answered', { option: 'Approve', by: 'key:k (t)', via: 'api', at: '2026-03-01T11:00:00.0000000Z', email: null });
    expect(approvals.pendingCountOf('inc-a')).toBe(2);
    // The count reads the partial index of pending requests only, never a row of the table.
    const plan = responseDatabaseOf(store).prepare(`EXPLAIN QUERY PLAN ${pendingCountSql}`).all('inc-a') as { detail: string }[];
    expect(plan.map((p) => p.detail)).toEqual(['SEARCH approvals USING COVERING INDEX approvals_pending_incident (incident_id=?)']);
    store.close();
  });
});
