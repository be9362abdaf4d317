import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uuidV7, uuidV7Generator } from './uuid-v7.ts';

const v7Format = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const timestampOf = (id: string): number => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('uuidV7', () => {
  it('has the RFC 9562 version 7 layout and carries the time it was made', () => {
    const before = Date.now();
    const id = uuidV7();
    const after = Date.now();
    expect(id).toMatch(v7Format);
    expect(timestampOf(id)).toBeGreaterThanOrEqual(before);
    expect(timestampOf(id)).toBeLessThanOrEqual(after + 1);
  });

  it('makes ids that increase strictly as strings, whatever the clock does', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 1, maxLength: 300 }), (times) => {
        let i = 0;
        const next = uuidV7Generator(() => times[i++ % times.length]!);
        const ids = times.map(() => next());
        for (const id of ids) expect(id).toMatch(v7Format);
        for (let k = 1; k < ids.length; k++) expect(ids[k]! > ids[k - 1]!).toBe(true);
        // Never earlier than the first clock reading, never far ahead of the latest.
        expect(timestampOf(ids[0]!)).toBe(times[0]);
        expect(timestampOf(ids.at(-1)!)).toBeLessThanOrEqual(Math.max(...times) + 1);
      }),
    );
  });

  it('keeps increasing past 4096 ids in one millisecond by borrowing the next', () => {
    const next = uuidV7Generator(() => 1_700_000_000_000);
    const ids = Array.from({ length: 10_000 }, () => next());
    for (let k = 1; k < ids.length; k++) expect(ids[k]! > ids[k - 1]!).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(timestampOf(ids.at(-1)!)).toBeLessThanOrEqual(1_700_000_000_000 + 5);
  });

  it('differs between two generators in the same millisecond (random bits)', () => {
    const a = uuidV7Generator(() => 5);
    const b = uuidV7Generator(() => 5);
    const ids = new Set([...Array.from({ length: 50 }, a), ...Array.from({ length: 50 }, b)]);
    expect(ids.size).toBe(100);
  });
});
