import { describe, expect, it } from 'vitest';
import { ActionFailure } from '../errors.ts';
import { runQuery } from './query.ts';
import { runSelect } from './select.ts';
import { runJoin } from './join.ts';

describe('runQuery (Filter array)', () => {
  it('keeps the items whose where evaluates to true, in order', () => {
    const alerts = [{ sev: 'High' }, { sev: 'Low' }, { sev: 'High' }];
    expect(runQuery({ from: alerts, where: '@equals(item().sev, \'High\')' }, (i) => (i as { sev: string }).sev === 'High')).toEqual([
      { sev: 'High' },
      { sev: 'High' },
    ]);
  });
  it('returns an empty array for an empty from', () => {
    expect(runQuery({ from: [], where: '@true' }, () => true)).toEqual([]);
  });
  it('fails naming inputs.from when from is not an array', () => {
    expect(() => runQuery({ from: { a: 1 }, where: '@true' }, () => true)).toThrow('inputs.from: expected an array, got object');
  });
  it('fails naming inputs.where when where is not a boolean', () => {
    expect(() => runQuery({ from: [1], where: '@item()' }, (i) => i)).toThrow(/inputs\.where: expected a boolean for item 0, got integer/);
  });
});

describe('runSelect', () => {
  it('maps each item through the template evaluator', () => {
    expect(runSelect({ from: [{ a: 1 }, { a: 2 }], select: { x: '@item().a' } }, (i) => ({ x: (i as { a: number }).a }))).toEqual([{ x: 1 }, { x: 2 }]);
  });
  it('fails as an ActionFailure when from is null', () => {
    expect(() => runSelect({ from: null, select: '@item()' }, (i) => i)).toThrow(ActionFailure);
    expect(() => runSelect({ from: null, select: '@item()' }, (i) => i)).toThrow('inputs.from: expected an array, got null');
  });
});

describe('runJoin', () => {
  it('joins strings, numbers, booleans, nulls and objects as the runtime writes them', () => {
    expect(runJoin({ from: ['a', 1, 2.5, true, null, { k: 'v' }], joinWith: ';' })).toBe('a;1;2.5;True;;{"k":"v"}');
  });
  it('joins with nothing when joinWith is absent', () => {
    expect(runJoin({ from: ['a', 'b'] })).toBe('ab');
  });
  it('fails on a non-array from with a typed failure', () => {
    try {
      runJoin({ from: 'a,b', joinWith: ',' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ActionFailure);
      expect((e as ActionFailure).code).toBe('InvalidActionInput');
      expect((e as ActionFailure).message).toBe('inputs.from: expected an array, got string');
    }
  });
  it('fails on a non-string joinWith', () => {
    expect(() => runJoin({ from: [], joinWith: 3 })).toThrow('inputs.joinWith: expected a string, got integer');
  });
});
