import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditQuery } from '../../store/security-store.ts';
import { auditedChanges, changesSince } from './audited-changes.ts';

let n = 0;
const entry = (at: string, entityType: string, entityId: string, action: string, after: unknown = null, before: unknown = null): AuditEntry => ({
  id: `e${++n}`,
  at,
  actor: 'test',
  entityType,
  entityId,
  action,
  before,
  after,
});

/** listAudit over `log` (oldest first), newest first as the stores answer; `onRead` may append to it. */
const reads = (log: AuditEntry[], onRead: (query: AuditQuery) => void = () => {}) => ({
  listAudit: async (q: AuditQuery) => {
    onRead(q);
    const skip = q.skip ?? 0;
    return [...log].reverse().slice(skip, skip + (q.top ?? 100));
  },
});

describe('audited changes', () => {
  it('reads alert and incident changes, comments and tasks as their incident updated, and nothing else', () => {
    expect(auditedChanges(entry('t', 'alertIngest', 'x', 'create', { created: [{ id: 'a1' }, { id: 'a2' }] }))).toEqual([
      { kind: 'alert', changeType: 'created', id: 'a1' },
      { kind: 'alert', changeType: 'created', id: 'a2' },
    ]);
    expect(auditedChanges(entry('t', 'alert', 'a1', 'update'))).toEqual([{ kind: 'alert', changeType: 'updated', id: 'a1' }]);
    expect(auditedChanges(entry('t', 'incident', 'i1', 'create'))).toEqual([{ kind: 'incident', changeType: 'created', id: 'i1' }]);
    expect(auditedChanges(entry('t', 'incident.task', 'k1', 'update', { incidentId: 'i1' }))).toEqual([{ kind: 'incident', changeType: 'updated', id: 'i1' }]);
    expect(auditedChanges(entry('t', 'incident.comment', 'c1', 'create', { incidentId: 'i1' }))).toEqual([{ kind: 'incident', changeType: 'updated', id: 'i1' }]);
    // An incident deleted with its alerts: one entry per alert, then the incident's (which lists their ids).
    expect(auditedChanges(entry('t', 'alert', 'a1', 'delete', null, { id: 'a1', title: 'went with it' }))).toEqual([
      { kind: 'alert', changeType: 'deleted', id: 'a1', before: { id: 'a1', title: 'went with it' } },
    ]);
    expect(auditedChanges(entry('t', 'incident', 'i1', 'delete', null, { id: 'i1', title: 'gone', alertIds: ['a1'] }))).toEqual([
      { kind: 'incident', changeType: 'deleted', id: 'i1', before: { id: 'i1', title: 'gone' }, alertIds: ['a1'] },
    ]);
    expect(auditedChanges(entry('t', 'alert', 'a1', 'delete'))).toEqual([]);
    // A timeline note audited on an incident, and other entities, announce nothing.
    expect(auditedChanges(entry('t', 'incident', 'i1', 'notificationSent'))).toEqual([]);
    expect(auditedChanges(entry('t', 'playbook', 'p1', 'update'))).toEqual([]);
  });

  it('walks back to the first entry stamped before `since`, and answers oldest first, each change once', async () => {
    const log = [
      entry('2026-03-01T11:00:00.0000000Z', 'alert', 'old', 'update'),
      entry('2026-03-01T12:00:00.0000000Z', 'alert', 'a1', 'update'),
      entry('2026-03-01T12:00:01.0000000Z', 'incident', 'i1', 'create'),
      entry('2026-03-01T12:00:02.0000000Z', 'alert', 'a1', 'update'),
      entry('2026-03-01T12:00:03.0000000Z', 'incident', 'i1', 'update'),
    ];
    expect(await changesSince(reads(log), '2026-03-01T11:30:00.0000000Z', 2)).toEqual([
      { kind: 'alert', changeType: 'updated', id: 'a1' },
      { kind: 'incident', changeType: 'created', id: 'i1' },
      { kind: 'incident', changeType: 'updated', id: 'i1' },
    ]);
  });

  it('misses nothing when entries are written while it pages (they shift the pages; re-read entries count once)', async () => {
    const log = Array.from({ length: 6 }, (_, i) => entry(`2026-03-01T12:00:0${i}.0000000Z`, 'alert', `a${i}`, 'update'));
    let writes = 0;
    const changes = await changesSince(
      reads(log, () => {
        if (writes++ < 3) log.push(entry('2026-03-01T12:00:09.0000000Z', 'alert', `new${writes}`, 'update'));
      }),
      '2026-03-01T00:00:00.0000000Z',
      2,
    );
    const ids = changes.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const i of [0, 1, 2, 3, 4, 5]) expect(ids).toContain(`a${i}`);
  });
});
