import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeChange, describeEntry, showValue } from './change-summary.ts';

describe('timeline change summary', () => {
  it('names only the fields of a record that changed', () => {
    const before = { acknowledgeBy: 'a', recoverBy: 'b', acknowledgedAt: null, warnings: [] };
    const after = { ...before, acknowledgedAt: '2026-11-29T03:40:00Z' };
    expect(describeChange(before, after)).toBe('acknowledgedAt: — → 2026-11-29T03:40:00Z');
  });

  it('shows an added comment by its text', () => {
    expect(describeChange([], [{ id: 'c1', message: 'Isolated the host' }])).toBe('+ Isolated the host');
  });

  it('shows a comment a playbook wrote in HTML by its text', () => {
    const message = '<p>WS-0042 was triggered for restrict app execution, but the host does not have a <b>MDEDeviceID</b>.</p><script>x()</script>';
    expect(describeChange([], [{ id: 'c1', message }])).toBe('+ WS-0042 was triggered for restrict app execution, but the host does not have a MDEDeviceID.');
    const long = describeChange([], [{ id: 'c2', message: `<ul>${'<li>WS-0042 isolated</li>'.repeat(20)}</ul>` }]);
    expect(long.length).toBeLessThanOrEqual(122);
    expect(long).toMatch(/^\+ WS-0042 isolated WS-0042 isolated .*…$/);
  });

  it('shows the created entry as the incident number and its alert, not JSON', () => {
    const entry = { action: 'created', field: null, before: null };
    expect(describeEntry({ ...entry, after: { number: 1, alertId: '01a2b3c4-0000-4000-8000-000000000001' } })).toBe('#1 from alert 01a2b3c4-0000-4000-8000-000000000001');
    expect(describeEntry({ ...entry, after: { number: 7 } })).toBe('#7');
    // Entries of another shape stay readable: a scalar as it is, a record by its field names.
    expect(describeEntry({ ...entry, after: 1 })).toBe('1');
    expect(describeEntry({ ...entry, after: { source: 'email', count: 2 } })).toBe('source: email, count: 2');
    expect(describeEntry({ action: 'updated', field: 'status', before: 'New', after: 'Active' })).toBe('New → Active');
  });

  it('describes any timeline entry without throwing, in one short line when it has no field (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.option(fc.string()), fc.jsonValue(), fc.jsonValue(), (action, field, before, after) => {
        const shown = describeEntry({ action, field, before, after });
        expect(typeof shown).toBe('string');
        if (!field) expect(shown.length).toBeLessThanOrEqual(120);
      }),
    );
  });

  it('shows plain values as before → after', () => {
    expect(describeChange('New', 'Active')).toBe('New → Active');
    expect(describeChange(null, 'alice')).toBe('— → alice');
  });

  it('keeps long values short', () => {
    expect(showValue('x'.repeat(500)).length).toBeLessThanOrEqual(120);
  });

  it('describes any recorded JSON values without throwing', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (before, after) => typeof describeChange(before, after) === 'string'));
  });
});
