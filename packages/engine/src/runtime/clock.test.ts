import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoAt } from './clock.ts';

describe('isoAt', () => {
  it('is Date#toISOString, whatever sequence of instants it is asked for', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -8.64e15, max: 8.64e15 }), { minLength: 1, maxLength: 20 }), (instants) => {
        for (const ms of [...instants, ...instants.reverse()]) expect(isoAt(ms)).toBe(new Date(ms).toISOString());
      }),
    );
  });
});
