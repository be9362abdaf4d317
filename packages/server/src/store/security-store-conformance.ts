import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../alerts/alert-schema.ts';
import { stampAlert } from '../alerts/alert-intake.ts';
import type { Assessment } from '../assessments/assessment-schema.ts';
import type { Incident } from '../incidents/incident-schema.ts';
import { incidentFromAlert } from '../incidents/incident-from-alert.ts';
import { defaultSlaPolicy } from '../incidents/sla.ts';
import type { SecurityStore } from './security-store.ts';
import { alertColumns } from './alert-columns.ts';

let seq = 0;
const ts = (minute: number) => `2026-01-01T10:${String(minute).padStart(2, '0')}:00.0000000Z`;

function alert(over: Partial<Alert> & { minute?: number } = {}): Alert {
  seq += 1;
  const { minute = seq % 60, ...rest } = over;
  const base = stampAlert(
    { title: `alert ${seq}`, severity: 'medium', serviceSource: 'microsoftDefenderForEndpoint', providerAlertId: `p-${seq}`, createdDateTime: ts(minute) },
    { id: `a-${seq}`, now: ts(minute) },
  );
  return { ...base, ...rest };
}

function incidentDraft(id: string, over: Partial<Incident> = {}): Omit<Incident, 'number' | 'providerIncidentId'> {
  return { ...incidentFromAlert(alert(), [], { id, now: ts(1) }, defaultSlaPolicy), ...over };
}

/**
 * The behaviour every SecurityStore adapter must have. Run it from each adapter's test file:
 * `securityStoreConformance('sqlite', () => openSqliteSecurityStore({ path: ':memory:' }))`.
 */
export function securityStoreConformance(name: string, makeStore: () => SecurityStore | Promise<SecurityStore>): void {
  describe(`SecurityStore conformance: ${name}`, () => {
    let store: SecurityStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('stores an alert and finds it by id and by provider + providerAlertId', async () => {
      const a = alert();
      await store.transaction((tx) => tx.insertAlert(a));
      expect(await store.getAlert(a.id)).toEqual(a);
      expect(await store.findAlertByProvider('microsoftDefenderForEndpoint', a.providerAlertId)).toEqual(a);
      expect(await store.findAlertByProvider('other', a.providerAlertId)).toBeUndefined();
      expect(await store.getAlert('missing')).toBeUndefined();
    });

    it('refuses a second alert with the same provider + providerAlertId', async () => {
      const a = alert();
      await store.transaction((tx) => tx.insertAlert(a));
      await expect(store.transaction((tx) => tx.insertAlert({ ...a, id: 'other-id' }))).rejects.toThrow();
    });

    it('updates an alert and its indexed columns', async () => {
      const a = alert({ severity: 'low' });
      await store.transaction((tx) => tx.insertAlert(a));
      await store.transaction((tx) => tx.updateAlert({ ...a, severity: 'high', status: 'resolved' }));
      expect((await store.getAlert(a.id))?.severity).toBe('high');
      expect((await store.listAlerts({ severity: 'high', status: 'resolved' })).items.map((x) => x.id)).toEqual([a.id]);
    });

    it('lists alerts newest first with filters, paging and a count', async () => {
      const rows = [alert({ minute: 1, severity: 'high' }), alert({ minute: 2, severity: 'low' }), alert({ minute: 3, severity: 'high' })];
      await store.transaction(async (tx) => {
        for (const r of rows) await tx.insertAlert(r);
      });
      const page = await store.listAlerts({ severity: 'high', count: true });
      expect(page.items.map((x) => x.id)).toEqual([rows[2]!.id, rows[0]!.id]);
      expect(page.total).toBe(2);
      expect((await store.listAlerts({ top: 1, skip: 1 })).items.map((x) => x.id)).toEqual([rows[1]!.id]);
    });

    it('answers a compiled filter over the alert columns', async () => {
      const rows = [alert({ minute: 5, severity: 'high', status: 'new' }), alert({ minute: 6, severity: 'high', status: 'resolved' })];
      await store.transaction(async (tx) => {
        for (const r of rows) await tx.insertAlert(r);
      });
      const [p1, p2] = store.sql.dialect === 'postgres' ? ['$1', '$2'] : ['?', '?'];
      const page = await store.queryAlerts(
        { where: `${alertColumns.severity} = ${p1} AND ${alertColumns.status} = ${p2}`, params: ['high', 'new'], orderBy: `${alertColumns.createdDateTime} DESC, ${store.sql.rowOrder} DESC` },
        { top: 10, skip: 0, count: true },
      );
      expect(page.items.map((x) => x.id)).toEqual([rows[0]!.id]);
      expect(page.total).toBe(1);
    });

    it('numbers incidents sequentially and finds them by id and number', async () => {
      const [i1, i2] = await store.transaction(async (tx) => [await tx.insertIncident(incidentDraft('i-1')), await tx.insertIncident(incidentDraft('i-2'))]);
      expect([i1!.number, i2!.number]).toEqual([1, 2]);
      expect(i2!.providerIncidentId).toBe('2');
      expect((await store.getIncidentByNumber(2))?.id).toBe('i-2');
      expect(await store.getIncident('i-1')).toEqual(i1);
    });

    it('keeps incident numbers unique under concurrent transactions', async () => {
      const made = await Promise.all([1, 2, 3, 4].map((n) => store.transaction((tx) => tx.insertIncident(incidentDraft(`c-${n}`)))));
      expect(made.map((i) => i.number).sort()).toEqual([1, 2, 3, 4]);
    });

    it('lists incidents by status, severity and owner (any owner field, any case)', async () => {
      await store.transaction(async (tx) => {
        await tx.insertIncident(incidentDraft('x-1', { status: 'Active', severity: 'High', owner: { objectId: null, email: 'Ann@Contoso.com', assignedTo: 'Ann', userPrincipalName: null } }));
        await tx.insertIncident(incidentDraft('x-2', { status: 'New', severity: 'Low' }));
      });
      expect((await store.listIncidents({ status: 'Active' })).items.map((i) => i.id)).toEqual(['x-1']);
      expect((await store.listIncidents({ severity: 'Low' })).items.map((i) => i.id)).toEqual(['x-2']);
      expect((await store.listIncidents({ owner: 'ann@contoso.com' })).items.map((i) => i.id)).toEqual(['x-1']);
      expect((await store.listIncidents({ owner: 'ann' })).items.map((i) => i.id)).toEqual(['x-1']);
      expect((await store.listIncidents({ count: true, top: 1 })).total).toBe(2);
    });

    it('updates an incident and relates alerts to it', async () => {
      const i = await store.transaction((tx) => tx.insertIncident(incidentDraft('u-1')));
      const a = alert({ incidentId: 'u-1' });
      await store.transaction(async (tx) => {
        await tx.insertAlert(a);
        await tx.updateIncident({ ...i, status: 'Active' });
      });
      expect((await store.getIncident('u-1'))?.status).toBe('Active');
      expect((await store.listIncidentAlerts('u-1')).map((x) => x.id)).toEqual([a.id]);
      expect(await store.listIncidentAlertIds('u-1')).toEqual([a.id]);
    });

    it('finds correlation candidates among open incidents seen since a time', async () => {
      await store.transaction(async (tx) => {
        await tx.insertIncident(incidentDraft('k-1'));
        await tx.insertIncident(incidentDraft('k-2', { status: 'Closed' }));
        await tx.touchCorrelationKeys('k-1', ['title:a', 'entity:ip:1.2.3.4'], ts(10));
        await tx.touchCorrelationKeys('k-2', ['title:a'], ts(10));
        // An older sighting never moves last-seen backwards.
        await tx.touchCorrelationKeys('k-1', ['title:a'], ts(5));
      });
      const found = await store.findCorrelationCandidates(['title:a', 'entity:ip:1.2.3.4', 'title:b'], ts(9));
      expect(found.map((c) => [c.incidentId, c.key, c.lastSeen, c.incidentNumber]).sort()).toEqual([
        ['k-1', 'entity:ip:1.2.3.4', ts(10), 1],
        ['k-1', 'title:a', ts(10), 1],
      ]);
      expect(await store.findCorrelationCandidates(['title:a'], ts(11))).toEqual([]);
    });

    it('keeps comments, tasks and timeline entries in order', async () => {
      await store.transaction(async (tx) => {
        await tx.insertIncident(incidentDraft('t-1'));
        for (const n of [1, 2]) {
          await tx.insertComment({ id: `c${n}`, incidentId: 't-1', message: `m${n}`, createdTimeUtc: ts(n), lastModifiedTimeUtc: ts(n), author: { name: 'x' } });
          await tx.insertTask({ id: `t${n}`, incidentId: 't-1', title: `t${n}`, description: null, status: 'New', owner: null, createdTimeUtc: ts(n), lastModifiedTimeUtc: ts(n), createdBy: 'x' });
        }
        await tx.appendTimeline([
          { id: 'e1', incidentId: 't-1', at: ts(1), actor: 'x', action: 'created', field: null, before: null, after: 1 },
          { id: 'e2', incidentId: 't-1', at: ts(1), actor: 'x', action: 'updated', field: 'status', before: 'New', after: 'Active' },
        ]);
      });
      expect((await store.listComments('t-1')).map((c) => c.message)).toEqual(['m1', 'm2']);
      await store.transaction(async (tx) => tx.updateTask({ ...(await tx.getTask('t-1', 't2'))!, status: 'Completed' }));
      expect((await store.listTasks('t-1')).map((t) => [t.id, t.status])).toEqual([['t1', 'New'], ['t2', 'Completed']]);
      expect(await store.getTask('t-1', 'nope')).toBeUndefined();
      expect((await store.listTimeline('t-1')).map((e) => e.id)).toEqual(['e1', 'e2']);
    });

    it('reads the alerts, alert counts, comments and tasks of many incidents at once, as the one-incident reads answer them', async () => {
      // Minutes with ties, inserted out of order: the latest are picked by time, then insertion order.
      const minutes: Record<string, number[]> = { 'r-a': [3, 1, 2, 5, 2, 3, 2], 'r-b': [4, 4], 'r-c': [] };
      const inserted: Record<string, string[]> = {};
      await store.transaction(async (tx) => {
        for (const [id, ms] of Object.entries(minutes)) {
          await tx.insertIncident(incidentDraft(id));
          inserted[id] = [];
          for (const minute of ms) {
            const a = alert({ minute, incidentId: id });
            await tx.insertAlert(a);
            inserted[id]!.push(a.id);
          }
        }
        await tx.insertAlert(alert({ minute: 9 }));
        for (const [n, id, minute] of [[1, 'r-a', 2], [2, 'r-b', 1], [3, 'r-a', 1], [4, 'r-a', 2]] as const) {
          await tx.insertComment({ id: `rc${n}`, incidentId: id, message: `m${n}`, createdTimeUtc: ts(minute), lastModifiedTimeUtc: ts(minute), author: { name: 'x' } });
          await tx.insertTask({ id: `rt${n}`, incidentId: id, title: `t${n}`, description: null, status: 'New', owner: null, createdTimeUtc: ts(minute), lastModifiedTimeUtc: ts(minute), createdBy: 'x' });
        }
      });
      const ids = ['r-b', 'r-a', 'r-c', 'no-such-incident', 'r-a'];
      const related = await store.listIncidentRelations(ids, 4);
      expect([...related.keys()].sort()).toEqual(['no-such-incident', 'r-a', 'r-b', 'r-c']);
      for (const id of ['r-a', 'r-b', 'r-c', 'no-such-incident']) {
        const page = await store.listAlerts({ incidentId: id, top: 4, count: true });
        expect(related.get(id), id).toEqual({
          alerts: page.items.reverse(),
          alertCount: page.total,
          comments: await store.listComments(id),
          tasks: await store.listTasks(id),
        });
      }
      // r-a's latest four: minute 5, then the two at minute 3 and the last-inserted at minute 2; oldest first.
      const a = inserted['r-a']!;
      expect(related.get('r-a')!.alerts.map((x) => x.id)).toEqual([a[6], a[0], a[5], a[3]]);
      expect(related.get('r-a')!.alertCount).toBe(7);
      expect(related.get('r-a')!.comments.map((c) => c.id)).toEqual(['rc3', 'rc1', 'rc4']);
      expect(related.get('r-a')!.tasks.map((t) => t.id)).toEqual(['rt3', 'rt1', 'rt4']);
      expect(related.get('r-b')).toMatchObject({ alertCount: 2, comments: [{ id: 'rc2' }], tasks: [{ id: 'rt2' }] });
      expect(related.get('r-b')!.alerts.map((x) => x.id)).toEqual(inserted['r-b']);
      expect(related.get('r-c')).toEqual({ alerts: [], alertCount: 0, comments: [], tasks: [] });
      expect((await store.listIncidentRelations(['r-a'], 50)).get('r-a')!.alerts.map((x) => x.id)).toEqual([a[1], a[2], a[4], a[6], a[0], a[5], a[3]]);
      expect(await store.listIncidentRelations([], 50)).toEqual(new Map());
      // A transaction reads its own writes the same way.
      await store.transaction(async (tx) => {
        await tx.insertAlert(alert({ minute: 59, incidentId: 'r-c' }));
        expect((await tx.listIncidentRelations(['r-c'], 4)).get('r-c')!.alertCount).toBe(1);
      });
    });

    it('upserts assessments by kind + name and lists them by state', async () => {
      const a: Assessment = {
        id: '/a/1', name: 'one', type: 'Microsoft.Security/assessments', kind: 'securityAssessment',
        properties: { status: { code: 'Unhealthy' }, metadata: { severity: 'High' } }, createdDateTime: ts(1), lastUpdateDateTime: ts(1),
      };
      await store.transaction((tx) => tx.upsertAssessment(a));
      await store.transaction((tx) => tx.upsertAssessment({ ...a, properties: { status: { code: 'Healthy' } }, lastUpdateDateTime: ts(2) }));
      expect((await store.getAssessment('securityAssessment', 'one'))?.properties).toEqual({ status: { code: 'Healthy' } });
      expect((await store.listAssessments({ state: 'healthy', count: true })).total).toBe(1);
      expect((await store.listAssessments({ state: 'Unhealthy' })).items).toEqual([]);
      expect(await store.getAssessment('regulatoryComplianceAssessment', 'one')).toBeUndefined();
    });

    it('stores API keys and revokes them once', async () => {
      await store.transaction((tx) => tx.insertApiKey({ id: 'k1', name: 'ci', role: 'reader', hash: 'h', createdAt: ts(1), revokedAt: null }));
      await store.transaction((tx) => tx.revokeApiKey('k1', ts(2)));
      await store.transaction((tx) => tx.revokeApiKey('k1', ts(3)));
      expect(await store.getApiKey('k1')).toEqual({ id: 'k1', name: 'ci', role: 'reader', hash: 'h', createdAt: ts(1), revokedAt: ts(2) });
      expect((await store.listApiKeys()).map((k) => k.id)).toEqual(['k1']);
    });

    it('lists the audit log newest first, filtered by entity', async () => {
      await store.transaction((tx) =>
        tx.appendAudit([
          { id: 'l1', at: ts(1), actor: 'a', entityType: 'alert', entityId: 'x', action: 'create', before: null, after: { v: 1 } },
          { id: 'l2', at: ts(2), actor: 'a', entityType: 'alert', entityId: 'x', action: 'update', before: { v: 1 }, after: { v: 2 } },
          { id: 'l3', at: ts(3), actor: 'a', entityType: 'incident', entityId: 'y', action: 'create', before: null, after: {} },
        ]),
      );
      const entries = await store.listAudit({ entityType: 'alert', entityId: 'x' });
      expect(entries.map((e) => [e.id, e.before, e.after])).toEqual([['l2', { v: 1 }, { v: 2 }], ['l1', null, { v: 1 }]]);
      expect((await store.listAudit({ top: 1 })).map((e) => e.id)).toEqual(['l3']);
    });

    // An incident with an alert, a comment, a task, a timeline entry and correlation keys; `key` is shared.
    async function incidentWithEverything(id: string, key: string): Promise<Alert> {
      const a = alert({ incidentId: id });
      await store.transaction(async (tx) => {
        await tx.insertIncident(incidentDraft(id));
        await tx.insertAlert(a);
        await tx.insertComment({ id: `${id}-c`, incidentId: id, message: 'm', createdTimeUtc: ts(1), lastModifiedTimeUtc: ts(1), author: { name: 'x' } });
        await tx.insertTask({ id: `${id}-t`, incidentId: id, title: 't', description: null, status: 'New', owner: null, createdTimeUtc: ts(1), lastModifiedTimeUtc: ts(1), createdBy: 'x' });
        await tx.appendTimeline([{ id: `${id}-e`, incidentId: id, at: ts(1), actor: 'x', action: 'created', field: null, before: null, after: 1 }]);
        await tx.touchCorrelationKeys(id, [key, `own:${id}`], ts(10));
      });
      return a;
    }

    it('deletes an incident with its alerts, comments, tasks, timeline and correlation keys, and nothing else', async () => {
      const gone = await incidentWithEverything('d-1', 'shared');
      const kept = await incidentWithEverything('d-2', 'shared');
      const number = (await store.getIncident('d-1'))!.number;
      await store.transaction((tx) => tx.deleteIncident('d-1'));
      expect(await store.getIncident('d-1')).toBeUndefined();
      expect(await store.getIncidentByNumber(number)).toBeUndefined();
      expect(await store.getAlert(gone.id)).toBeUndefined();
      expect(await store.findAlertByProvider('microsoftDefenderForEndpoint', gone.providerAlertId)).toBeUndefined();
      expect(await store.listIncidentAlerts('d-1')).toEqual([]);
      expect(await store.listComments('d-1')).toEqual([]);
      expect(await store.listTasks('d-1')).toEqual([]);
      expect(await store.listTimeline('d-1')).toEqual([]);
      expect((await store.findCorrelationCandidates(['shared', 'own:d-1', 'own:d-2'], ts(0))).map((c) => [c.incidentId, c.key]).sort()).toEqual([
        ['d-2', 'own:d-2'],
        ['d-2', 'shared'],
      ]);
      expect((await store.listIncidents({ count: true })).total).toBe(1);
      expect(await store.getAlert(kept.id)).toEqual(kept);
      expect((await store.listComments('d-2')).map((c) => c.id)).toEqual(['d-2-c']);
      expect((await store.listTasks('d-2')).map((t) => t.id)).toEqual(['d-2-t']);
      expect((await store.listTimeline('d-2')).map((e) => e.id)).toEqual(['d-2-e']);
      // The same provider + providerAlertId may arrive again, as a new alert.
      await store.transaction((tx) => tx.insertAlert({ ...gone, id: 'again', incidentId: null }));
      expect((await store.findAlertByProvider('microsoftDefenderForEndpoint', gone.providerAlertId))?.id).toBe('again');
    });

    it('never gives the number of a deleted incident to another', async () => {
      await incidentWithEverything('n-1', 'k');
      await incidentWithEverything('n-2', 'k');
      await store.transaction((tx) => tx.deleteIncident('n-2'));
      const next = await store.transaction((tx) => tx.insertIncident(incidentDraft('n-3')));
      expect(next.number).toBe(3);
    });

    it('refuses to delete an incident that does not exist, and keeps all of one whose delete is rolled back', async () => {
      await expect(store.transaction((tx) => tx.deleteIncident('missing'))).rejects.toThrow(/does not exist/);
      const a = await incidentWithEverything('r-1', 'k');
      // Read first, so that an adapter that keeps what it read is tested too.
      const before = await store.getIncident('r-1');
      await expect(
        store.transaction(async (tx) => {
          await tx.deleteIncident('r-1');
          expect(await tx.getIncident('r-1')).toBeUndefined();
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.getIncident('r-1')).toEqual(before);
      expect(await store.getAlert(a.id)).toEqual(a);
      expect((await store.listComments('r-1')).length + (await store.listTasks('r-1')).length + (await store.listTimeline('r-1')).length).toBe(3);
      expect((await store.findCorrelationCandidates(['k'], ts(0))).map((c) => c.incidentId)).toEqual(['r-1']);
      // And a delete that commits is never answered from what was read before it.
      await store.transaction((tx) => tx.deleteIncident('r-1'));
      expect(await store.getIncident('r-1')).toBeUndefined();
    });

    it('rolls back every write of a transaction that throws', async () => {
      const a = alert();
      await expect(
        store.transaction(async (tx) => {
          await tx.insertAlert(a);
          await tx.appendAudit([{ id: 'r1', at: ts(1), actor: 'a', entityType: 'alert', entityId: a.id, action: 'create', before: null, after: a }]);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.getAlert(a.id)).toBeUndefined();
      expect(await store.listAudit({})).toEqual([]);
      // The store stays usable after a rollback.
      await store.transaction((tx) => tx.insertAlert(a));
      expect(await store.getAlert(a.id)).toEqual(a);
    });

    it('refuses to start a transaction inside another', async () => {
      await expect(store.transaction(async (tx) => (tx as unknown as SecurityStore).transaction(async () => 1))).rejects.toThrow(/inside another/);
      // Still usable afterwards.
      await store.transaction((tx) => tx.insertAlert(alert()));
    });

    it('answers a readiness ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
