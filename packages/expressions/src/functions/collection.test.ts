import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  callFunction as call,
  evaluateOnFixedHost as run,
  expectInvalidArgument as expectInvalid,
} from '../testing/call-function.ts';

describe('length', () => {
  it('counts string characters and array items (documented examples)', () => {
    expect(call('length', ['abcd'])).toBe(4);
    expect(call('length', [[0, 1, 2, 3]])).toBe(4);
    expect(call('length', [''])).toBe(0);
  });
  it('rejects objects, numbers and null', () => {
    expectInvalid('length', [{ a: 1 }], 'first argument');
    expectInvalid('length', [12], 'first argument');
    expectInvalid('length', [null], 'first argument');
  });
});

describe('chunk', () => {
  it('splits strings and arrays (documented examples)', () => {
    expect(call('chunk', ['abcdefghijklmnopqrstuvwxyz', 10])).toEqual(['abcdefghij', 'klmnopqrst', 'uvwxyz']);
    expect(call('chunk', [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 5])).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
      [11, 12],
    ]);
    expect(call('chunk', ['', 3])).toEqual([]);
  });
  it('rejects a chunk length below 1', () => {
    expectInvalid('chunk', ['abc', 0], 'second argument');
    expectInvalid('chunk', ['abc', '2'], 'second argument');
  });
  it('chunks concatenate back to the input', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 10 }), (items, size) => {
        const chunks = call('chunk', [items, size]) as number[][];
        expect(chunks.flat()).toEqual(items);
        expect(chunks.every((c) => c.length >= 1 && c.length <= size)).toBe(true);
      }),
    );
  });
});

describe('contains', () => {
  it('finds substrings case-sensitively (documented examples)', () => {
    expect(call('contains', ['hello world', 'world'])).toBe(true);
    expect(call('contains', ['hello world', 'universe'])).toBe(false);
    expect(call('contains', ['hello world', 'World'])).toBe(false);
  });
  it('finds array items by value and object keys', () => {
    expect(call('contains', [[1, 'a', { b: [2] }], { b: [2] }])).toBe(true);
    expect(call('contains', [[1, 2], 3])).toBe(false);
    expect(call('contains', [['A'], 'a'])).toBe(false);
    expect(call('contains', [{ key: 1 }, 'key'])).toBe(true);
    expect(call('contains', [{ key: 1 }, 'Key'])).toBe(false);
  });
  it('rejects null and numbers as the collection', () => {
    expectInvalid('contains', [null, 'a'], 'first argument');
    expectInvalid('contains', [5, 5], 'first argument');
    expectInvalid('contains', ['abc', 1], 'second argument');
  });
});

describe('empty', () => {
  it('follows the documented examples and covers arrays, objects and null', () => {
    expect(call('empty', [''])).toBe(true);
    expect(call('empty', ['abc'])).toBe(false);
    expect(call('empty', [[]])).toBe(true);
    expect(call('empty', [[0]])).toBe(false);
    expect(call('empty', [{}])).toBe(true);
    expect(call('empty', [{ a: null }])).toBe(false);
    expect(call('empty', [null])).toBe(true);
  });
  it('rejects numbers and booleans', () => {
    expectInvalid('empty', [0], 'first argument');
    expectInvalid('empty', [false], 'first argument');
  });
});

describe('first / last', () => {
  it('follow the documented examples', () => {
    expect(call('first', ['hello'])).toBe('h');
    expect(call('first', [[0, 1, 2]])).toBe(0);
    expect(call('last', ['abcd'])).toBe('d');
    expect(call('last', [[0, 1, 2, 3]])).toBe(3);
  });
  it('return null for an empty collection', () => {
    expect(call('first', [[]])).toBeNull();
    expect(call('last', [''])).toBeNull();
  });
  it('reject objects', () => {
    expectInvalid('first', [{ a: 1 }], 'first argument');
  });
});

describe('take / skip / reverse', () => {
  it('follow the documented examples', () => {
    expect(call('take', ['abcde', 3])).toBe('abc');
    expect(call('take', [[0, 1, 2, 3, 4], 3])).toEqual([0, 1, 2]);
    expect(call('skip', [[0, 1, 2, 3], 1])).toEqual([1, 2, 3]);
    expect(call('reverse', [[0, 1, 2, 3]])).toEqual([3, 2, 1, 0]);
  });
  it('clamp counts beyond the length', () => {
    expect(call('take', [[1], 5])).toEqual([1]);
    expect(call('skip', [[1], 5])).toEqual([]);
  });
  it('reject negative counts and skip on strings (documented as arrays only)', () => {
    expectInvalid('take', [[1], -1], 'second argument');
    expectInvalid('skip', ['abc', 1], 'first argument');
  });
  it('do not modify their input', () => {
    const items = [1, 2, 3];
    call('reverse', [items]);
    call('skip', [items, 1]);
    expect(items).toEqual([1, 2, 3]);
  });
  it('take and skip partition an array', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), fc.nat(20), (items, count) => {
        const taken = call('take', [items, count]) as string[];
        const rest = call('skip', [items, count]) as string[];
        expect([...taken, ...rest]).toEqual(items);
      }),
    );
  });
});

describe('join', () => {
  it('follows the documented example and converts items as string() does', () => {
    expect(call('join', [['a', 'b', 'c'], '.'])).toBe('a.b.c');
    expect(call('join', [[1, true, null, { a: 1 }], ','])).toBe('1,True,,{"a":1}');
    expect(call('join', [[], ','])).toBe('');
  });
  it('rejects a string as the collection', () => {
    expectInvalid('join', ['abc', ','], 'first argument');
  });
});

describe('union / intersection', () => {
  it('follow the documented examples', () => {
    expect(call('union', [[1, 2, 3], [1, 2, 10, 101]])).toEqual([1, 2, 3, 10, 101]);
    expect(call('intersection', [[1, 2, 3], [101, 2, 1, 10], [6, 8, 1, 2]])).toEqual([1, 2]);
  });
  it('compare items by value', () => {
    expect(call('union', [[{ a: 1 }], [{ a: 1 }, { a: 2 }]])).toEqual([{ a: 1 }, { a: 2 }]);
    expect(call('intersection', [[[1], 'x'], [[1]]])).toEqual([[1]]);
  });
  it('merge objects, the last value winning', () => {
    expect(call('union', [{ a: 1, b: 2 }, { b: 3, c: 4 }])).toEqual({ a: 1, b: 3, c: 4 });
    expect(call('intersection', [{ a: 1, b: 2 }, { a: 1, b: 3 }])).toEqual({ a: 1 });
  });
  it('keep a "__proto__" key as plain data', () => {
    const merged = call('union', [JSON.parse('{"__proto__": {"polluted": true}}'), { a: 1 }]) as Record<string, unknown>;
    expect(Object.keys(merged)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
  it('reject mixing arrays and objects', () => {
    expectInvalid('union', [[1], { a: 1 }], 'second argument');
    expectInvalid('intersection', [{ a: 1 }, [1]], 'second argument');
    expectInvalid('union', ['abc', 'd'], 'first argument');
  });
  it('union holds every item once; intersection only shared items', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 })), fc.array(fc.integer({ min: 0, max: 9 })), (a, b) => {
        const union = call('union', [a, b]) as number[];
        const both = call('intersection', [a, b]) as number[];
        expect(new Set(union)).toEqual(new Set([...a, ...b]));
        expect(union.length).toBe(new Set(union).size);
        expect(both.every((x) => a.includes(x) && b.includes(x))).toBe(true);
        expect(both.length).toBe(new Set(a.filter((x) => b.includes(x))).size);
      }),
    );
  });
});

describe('sort', () => {
  it('follows the documented examples', () => {
    expect(call('sort', [[2, 1, 0, 3]])).toEqual([0, 1, 2, 3]);
    const people = [
      { first: 'Amalie', last: 'Rose' },
      { first: 'Elise', last: 'Renee' },
    ];
    expect(call('sort', [people, 'last'])).toEqual([people[1], people[0]]);
  });
  it('orders strings ordinally and keeps equal keys in order', () => {
    expect(call('sort', [['b', 'B', 'a', 'A']])).toEqual(['A', 'B', 'a', 'b']);
    const items = [
      { k: 1, id: 'x' },
      { k: 0, id: 'y' },
      { k: 1, id: 'z' },
    ];
    expect((call('sort', [items, 'k']) as typeof items).map((i) => i.id)).toEqual(['y', 'x', 'z']);
  });
  it('sorts descending when combined with reverse', () => {
    expect(run('@reverse(sort(createArray(2, 1, 3)))')).toEqual([3, 2, 1]);
  });
  it('rejects mixed kinds and non-objects when sorting by key', () => {
    expectInvalid('sort', [[1, 'a']], 'first argument');
    expectInvalid('sort', [[1, 2], 'k'], 'first argument');
    expectInvalid('sort', [[[1], [0]]], 'first argument');
  });
});

describe('through full expressions', () => {
  it('evaluates collection calls on literals and nested results', () => {
    expect(run("@length(split('a,b,c', ','))")).toBe(3);
    expect(run("@first(skip(createArray('x', 'y'), 1))")).toBe('y');
    expect(run("@join(take(createArray(1, 2, 3), 2), '+')")).toBe('1+2');
    expect(run("@contains(json('{\"k\": 1}'), 'k')")).toBe(true);
  });
});
