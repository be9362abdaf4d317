import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reloadDelay } from './reload-delay.ts';

describe('reloadDelay', () => {
  it('starts at the interval, doubles while nothing changes, and stops at the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => reloadDelay(n, 1000, 30_000))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  it('never waits less than the interval nor more than the cap, and never less after more unchanged answers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 60_000 }), fc.integer({ min: 0, max: 600_000 }), (n, every, extra) => {
        const max = every + extra;
        const d = reloadDelay(n, every, max);
        expect(d).toBeGreaterThanOrEqual(every);
        expect(d).toBeLessThanOrEqual(max);
        expect(reloadDelay(n + 1, every, max)).toBeGreaterThanOrEqual(d);
      }),
    );
  });
});
