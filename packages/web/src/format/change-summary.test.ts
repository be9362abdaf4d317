import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeChange, showValue } from './change-summary.ts';

describe('timeline change summary', () => {
  it('names only the fields of a record that changed', () => {
    const before = { acknowledgeBy: 'a', recoverBy: 'b', acknowledgedAt: null, warnings: [] };
    const after = { ...before, acknowledgedAt: '2026-11-29T03:40:00Z' };
    expect(describeChange(before, after)).toBe('acknowledgedAt: — → 2026-11-29T03:40:00Z');
  });

  it('shows an added comment by its text', () => {
    expect(describeChange([], [{ id: 'c1', message: 'Isolated the host' }])).toBe('+ Isolated the host');
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
