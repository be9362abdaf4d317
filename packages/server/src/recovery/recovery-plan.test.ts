import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LedgerEntry } from '../ledger/ledger-entry.ts';
import { planSteps, type RecoveryPlan } from './recovery-plan.ts';
import { report } from './recovery-service.ts';
import { sameState } from './same-state.ts';

let n = 0;
function entry(resourceId: string, before: unknown, after: unknown, status: LedgerEntry['status'] = 'applied'): LedgerEntry {
  n++;
  return {
    id: `e${n}`,
    incidentId: 'i',
    idempotencyKey: `run/${n}`,
    resource: { kind: 'ldap-group-membership', id: resourceId },
    api: 'directory',
    operationId: 'directory.removeFromGroups',
    request: { connection: { name: 'directory', api: 'directory' }, method: 'post', path: `/users/${resourceId}/removeFromGroups`, pathParams: { id: resourceId }, queries: {}, body: null },
    beforeState: before,
    intendedAfter: null,
    actor: { kind: 'run', runId: 'run', actionPath: `A${n}` },
    changeRequestId: null,
    status,
    createdAt: '2026-01-01T00:00:00.0000000Z',
    appliedAt: null,
    afterState: after,
    error: null,
    attempts: 1,
  };
}

describe('recovery plan', () => {
  it('undoes the newest change first and chains two changes of one resource through their states', async () => {
    const first = entry('alice', { groups: ['finance', 'vpn'] }, { groups: ['vpn'] });
    const second = entry('alice', { groups: ['vpn'] }, { groups: [] });
    const { steps } = await planSteps([first, second], async () => ({ ok: true, state: { groups: [] } }));
    expect(steps.map((s) => [s.ledgerEntryId, s.current, s.restoreTo, s.conflict])).toEqual([
      [second.id, { groups: [] }, { groups: ['vpn'] }, false],
      [first.id, { groups: ['vpn'] }, { groups: ['finance', 'vpn'] }, false],
    ]);
  });

  it('chains changes of one directory user addressed by name in one action and by UPN in another', async () => {
    const first = entry('alice', { dn: 'uid=alice,ou=people', groups: ['a', 'b'] }, { dn: 'uid=alice,ou=people', groups: ['b'] });
    const second = entry('alice@contoso.com', { dn: 'uid=alice,ou=people', groups: ['b'] }, { dn: 'uid=alice,ou=people', groups: [] });
    const { steps } = await planSteps([first, second], async () => ({ ok: true, state: { dn: 'uid=alice,ou=people', groups: [] } }));
    expect(steps.map((s) => [s.current, s.conflict])).toEqual([
      [{ dn: 'uid=alice,ou=people', groups: [] }, false],
      [{ dn: 'uid=alice,ou=people', groups: ['b'] }, false],
    ]);
  });

  it('finds a hand-made change between two of our changes of the same resource', async () => {
    const first = entry('bob', { groups: ['a', 'b'] }, { groups: ['b'] });
    // Someone added bob to "c" by hand before the second change read its before-state.
    const second = entry('bob', { groups: ['b', 'c'] }, { groups: ['c'] });
    const { steps } = await planSteps([first, second], async () => ({ ok: true, state: { groups: ['c'] } }));
    expect(steps.map((s) => s.conflict)).toEqual([false, true]);
  });

  it('leaves out changes that were never applied but lists them, and marks what cannot be restored', async () => {
    const failed = entry('carol', { groups: [] }, null, 'failed');
    const password = { ...entry('carol', { dn: 'uid=carol', restorable: false }, { dn: 'uid=carol', restorable: false }), resource: { kind: 'ldap-user-password', id: 'carol' } };
    const { steps, unapplied } = await planSteps([failed, password], async (e) => ({ ok: true, state: e.afterState }));
    expect(unapplied).toEqual([failed.id]);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ restorable: false, conflict: false });
  });

  it('compares states as JSON values whatever the key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse());
        return sameState(value, reversed) && sameState(JSON.parse(JSON.stringify(value)), value);
      }),
    );
    expect(sameState({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameState(null, undefined)).toBe(true);
  });
});

describe('recovery report', () => {
  it('says whether the run finished by the incident time-to-recovery deadline', async () => {
    const { steps } = await planSteps([entry('dave', { groups: ['a'] }, { groups: [] })], async () => ({ ok: true, state: { groups: [] } }));
    const plan: RecoveryPlan = {
      id: 'p',
      incidentId: 'i',
      status: 'succeeded',
      force: false,
      createdAt: '2026-01-01T00:00:00.0000000Z',
      createdBy: 'x',
      approvedBy: 'lead',
      approvedAt: '2026-01-01T01:00:00.0000000Z',
      startedAt: '2026-01-01T01:00:00.0000000Z',
      finishedAt: '2026-01-02T01:00:00.0000000Z',
      recoverBy: '2026-01-02T00:00:00.0000000Z',
      unappliedEntries: [],
      steps: steps.map((s) => ({ ...s, status: 'restored' as const })),
    };
    expect(report(plan)).toMatchObject({ withinSla: false, counts: { restored: 1 }, resumeFrom: null });
    expect(report({ ...plan, finishedAt: '2026-01-01T23:00:00.0000000Z' }).withinSla).toBe(true);
    expect(report({ ...plan, finishedAt: null, status: 'running' }).withinSla).toBeNull();
  });
});
