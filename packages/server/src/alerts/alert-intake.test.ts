import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Alert, AlertInput } from './alert-schema.ts';
import { stampAlert } from './alert-intake.ts';

const ids = { id: 'new-id', now: '2026-02-01T12:00:00.0000000Z' };
const value = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(null));
// Known alert_v2 properties, and others a sender (or a later Graph version) may add.
const key = fc.constantFrom('title', 'severity', 'status', 'assignedTo', 'customA', 'customB', '__proto__', 'constructor', 'x-y');
// JSON.parse, as the request parser does: "__proto__" becomes an own property.
const asJson = <T>(v: unknown) => JSON.parse(JSON.stringify(v)) as T;

/** How the unknown properties were merged before (Object.entries/fromEntries), kept as the reference. */
function extrasBefore(input: Record<string, unknown>, existing: Record<string, unknown> | undefined, stamped: object) {
  const { '@odata.type': _t, id: _i, incidentId: _n, incidentWebUrl: _w, additionalData: _a, ...rest } = input;
  return Object.fromEntries([...Object.entries(existing ?? {}), ...Object.entries(rest)].filter(([k]) => !(k in stamped)));
}

describe('stampAlert', () => {
  it('keeps the properties it does not know after the known ones, the sent value over the stored one, as before (fast-check)', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value), fc.option(fc.dictionary(key, value)), (sent, stored) => {
        const input = asJson<AlertInput>({ ...sent, title: 'sent' });
        const existing = stored ? ({ ...stampAlert({ title: 'stored' } as AlertInput, { id: 'old', now: ids.now }), ...asJson<object>(stored) } as Alert) : undefined;
        const alert = stampAlert(input, ids, existing);
        const known = stampAlert({ title: 'x' } as AlertInput, ids);
        const reference = extrasBefore(input as Record<string, unknown>, existing as Record<string, unknown> | undefined, known);
        const extras = Object.fromEntries(Object.entries(alert).filter(([k]) => !Object.prototype.hasOwnProperty.call(known, k)));
        expect(extras).toStrictEqual(reference);
        expect(Object.keys(alert)).toEqual([...Object.keys(known), ...Object.keys(reference)]);
        expect(Object.getPrototypeOf(alert)).toBe(Object.prototype);
        expect(alert.id).toBe(existing?.id ?? 'new-id');
      }),
    );
  });
});
