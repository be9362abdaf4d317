import { describe, expect, it } from 'vitest';
import { alertJson, alertsJson, storeAlertJson } from './alert-json.ts';
import { stampAlert } from './alert-intake.ts';
import { parseAlertInput } from './alert-intake.ts';

const alert = (n: number) =>
  stampAlert(parseAlertInput({ title: `alert ${n}`, providerAlertId: `p${n}`, evidence: [], customField: { n } }, ''), { id: `id-${n}`, now: '2026-02-01T12:00:00.0000000Z' });

describe('alert JSON reused from the store write', () => {
  it('answers exactly what JSON.stringify answers, for stored and never-stored alerts alike', () => {
    const stored = [alert(1), alert(2)];
    stored.forEach(storeAlertJson);
    const fresh = alert(3);
    const all = [stored[0]!, fresh, stored[1]!];
    expect(alertsJson(all)).toBe(JSON.stringify(all));
    expect(alertJson(fresh)).toBe(JSON.stringify(fresh));
    expect(JSON.parse(alertsJson(all))).toEqual(JSON.parse(JSON.stringify(all)));
  });

  it('answers the stored text of the object, which is why stored alerts are replaced, not changed', () => {
    const a = alert(4);
    const written = storeAlertJson(a);
    const changed = { ...a, status: 'resolved' as const };
    expect(alertJson(a)).toBe(written);
    expect(JSON.parse(alertJson(changed)).status).toBe('resolved');
  });
});
