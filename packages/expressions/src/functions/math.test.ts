import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EvaluationHost } from '../context.ts';
import {
  callError,
  callFunction as call,
  evaluateOnFixedHost as run,
  expectInvalidArgument as expectInvalid,
} from '../testing/call-function.ts';
import { fixedHost } from '../testing/fake-workflow.ts';

const hostWithRandom = (value: number): EvaluationHost => ({ ...fixedHost, random: () => value });

describe('add / sub / mul', () => {
  it('follow the documented examples', () => {
    expect(call('add', [1, 1.5])).toBe(2.5);
    expect(call('sub', [10.3, 0.3])).toBe(10);
    expect(call('mul', [1, 2])).toBe(2);
    expect(call('mul', [1.5, 2])).toBe(3);
  });
  it('do not convert strings to numbers', () => {
    expectInvalid('add', ['1', 2], 'first argument');
    expectInvalid('mul', [2, null], 'second argument');
  });
  it('refuse an integer result that cannot be held exactly', () => {
    const error = callError('mul', [Number.MAX_SAFE_INTEGER, 2]);
    expect(error.code).toBe('InvalidArgument');
    expect(error.message).toContain('overflow');
    expect(call('mul', [1e300, 10])).toBe(1e301);
    expect(callError('mul', [1e300, 1e300]).message).toContain('overflow');
    expect(callError('div', [1e300, 1e-300]).message).toContain('overflow');
  });
  it('add and sub are inverse on integers', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (a, b) => {
        expect(call('sub', [call('add', [a, b]), b])).toBe(a);
      }),
    );
  });
});

describe('div / mod', () => {
  it('divide integers to an integer and anything else to a float (documented examples)', () => {
    expect(call('div', [10, 5])).toBe(2);
    expect(call('div', [11, 5])).toBe(2);
    expect(call('div', [11, 5.5])).toBe(2);
    expect(call('div', [11.5, 5])).toBe(2.3);
    expect(call('div', [-11, 5])).toBe(-2);
  });
  it('take the dividend sign for the remainder (documented examples)', () => {
    expect(call('mod', [3, 2])).toBe(1);
    expect(call('mod', [-5, 2])).toBe(-1);
    expect(call('mod', [4, -3])).toBe(1);
    expect(call('mod', [5.5, 2])).toBe(1.5);
  });
  it('refuse a zero divisor', () => {
    expectInvalid('div', [1, 0], 'second argument');
    expectInvalid('mod', [1.5, 0], 'second argument');
  });
  it('div and mod recompose the dividend', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer().filter((d) => d !== 0), (a, d) => {
        expect((call('div', [a, d]) as number) * d + (call('mod', [a, d]) as number)).toBe(a);
      }),
    );
  });
});

describe('max / min', () => {
  it('accept a list or one array (documented examples)', () => {
    expect(call('max', [1, 2, 3])).toBe(3);
    expect(call('max', [[1, 2, 3]])).toBe(3);
    expect(call('min', [1, 2, 3])).toBe(1);
    expect(call('min', [[1, 2, 3]])).toBe(1);
    expect(call('max', [1.5, -2])).toBe(1.5);
  });
  it('reject empty arrays and non-numbers', () => {
    expectInvalid('max', [[]], 'first argument');
    expectInvalid('min', [1, 'two'], 'second argument');
    expectInvalid('min', [[1, 'two']], 'first argument');
  });
});

describe('rand', () => {
  it('draws from [min, max) with the host random source', () => {
    expect(call('rand', [1, 5], hostWithRandom(0))).toBe(1);
    expect(call('rand', [1, 5], hostWithRandom(0.999999))).toBe(4);
    expect(call('rand', [1, 5], hostWithRandom(0.5))).toBe(3);
    expect(call('rand', [7, 7])).toBe(7);
  });
  it('always lands in range', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.nat(1000), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (min, width, r) => {
        const value = call('rand', [min, min + width + 1], hostWithRandom(r)) as number;
        expect(Number.isInteger(value)).toBe(true);
        expect(value).toBeGreaterThanOrEqual(min);
        expect(value).toBeLessThan(min + width + 1);
      }),
    );
  });
  it('rejects a maximum below the minimum and non-integers', () => {
    expectInvalid('rand', [5, 1], 'second argument');
    expectInvalid('rand', [1.5, 3], 'first argument');
  });
});

describe('range', () => {
  it('follows the documented example', () => {
    expect(call('range', [1, 4])).toEqual([1, 2, 3, 4]);
    expect(call('range', [-2, 3])).toEqual([-2, -1, 0]);
    expect(call('range', [5, 0])).toEqual([]);
  });
  it('enforces the documented limits', () => {
    expectInvalid('range', [0, -1], 'second argument');
    expectInvalid('range', [0, 100_001], 'second argument');
    expectInvalid('range', [2_147_483_647, 1], 'first argument');
    expect((call('range', [0, 100_000]) as number[]).length).toBe(100_000);
  });
});

describe('through full expressions', () => {
  it('evaluates nested arithmetic', () => {
    expect(run('@add(mul(2, 3), div(7, 2))')).toBe(9);
    expect(run('@{sub(10, 0.5)}')).toBe('9.5');
    expect(run('@max(range(3, 4))')).toBe(6);
  });
});
