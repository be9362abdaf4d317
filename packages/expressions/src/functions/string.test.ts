import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  callError,
  callFunction as call,
  evaluateOnFixedHost as run,
  expectInvalidArgument as expectInvalid,
} from '../testing/call-function.ts';

describe('concat', () => {
  it('combines strings (documented example)', () => {
    expect(call('concat', ['Hello', 'World'])).toBe('HelloWorld');
  });
  it('converts other values as string() does', () => {
    expect(call('concat', ['n=', 1, ' b=', true, ' x=', null, ' o=', { a: 1 }, ' f=', 1.5])).toBe(
      'n=1 b=True x= o={"a":1} f=1.5',
    );
  });
  it('reads a binary content envelope as its text', () => {
    expect(call('concat', ['say ', call('base64ToBinary', ['aGVsbG8='])])).toBe('say hello');
  });
});

describe('startsWith / endsWith', () => {
  it('follows the documented examples', () => {
    expect(call('startsWith', ['hello world', 'hello'])).toBe(true);
    expect(call('startsWith', ['hello world', 'greetings'])).toBe(false);
    expect(call('endsWith', ['hello world', 'world'])).toBe(true);
    expect(call('endsWith', ['hello world', 'universe'])).toBe(false);
  });
  it('ignores case', () => {
    expect(call('startsWith', ['Hello World', 'HELLO'])).toBe(true);
    expect(call('endsWith', ['Hello World', 'wORLD'])).toBe(true);
  });
  it('treats the empty search text as found', () => {
    expect(call('startsWith', ['abc', ''])).toBe(true);
    expect(call('endsWith', ['', ''])).toBe(true);
  });
  it('rejects non-strings, naming the argument', () => {
    expectInvalid('startsWith', [null, 'a'], 'first argument');
    expectInvalid('endsWith', ['a', 1], 'second argument');
  });
});

describe('indexOf / lastIndexOf / nthIndexOf', () => {
  it('indexOf finds the first position, ignoring case', () => {
    expect(call('indexOf', ['hello world', 'world'])).toBe(6);
    expect(call('indexOf', ['hello WORLD', 'World'])).toBe(6);
    expect(call('indexOf', ['hello world', 'universe'])).toBe(-1);
    expect(call('indexOf', ['hello', ''])).toBe(0);
  });
  it('lastIndexOf follows the documented examples and empty-value rules', () => {
    expect(call('lastIndexOf', ['hello world hello world', 'world'])).toBe(18);
    expect(call('lastIndexOf', ['hello world hello world', ''])).toBe(22);
    expect(call('lastIndexOf', ['', 'a'])).toBe(-1);
    expect(call('lastIndexOf', ['', ''])).toBe(0);
    expect(call('lastIndexOf', ['Hello HELLO', 'hello'])).toBe(6);
  });
  it('nthIndexOf follows the documented examples', () => {
    expect(call('nthIndexOf', ['123456789123465789', '1', 1])).toBe(0);
    expect(call('nthIndexOf', ['123456789123465789', '1', 2])).toBe(9);
    expect(call('nthIndexOf', ['123456789123465789', '12', 2])).toBe(9);
    expect(call('nthIndexOf', ['123456789123465789', '6', 4])).toBe(-1);
  });
  it('nthIndexOf counts from the end for a negative occurrence and ignores case', () => {
    expect(call('nthIndexOf', ['a-b-c-d', '-', -1])).toBe(5);
    expect(call('nthIndexOf', ['a-b-c-d', '-', -3])).toBe(1);
    expect(call('nthIndexOf', ['a-b-c-d', '-', -4])).toBe(-1);
    expect(call('nthIndexOf', ['xAxa', 'a', 2])).toBe(3);
  });
  it('nthIndexOf rejects occurrence 0 and non-integers', () => {
    expectInvalid('nthIndexOf', ['abc', 'a', 0], 'third argument');
    expectInvalid('nthIndexOf', ['abc', 'a', 1.5], 'third argument');
  });
  it('positions found case-insensitively point at the matching text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1, maxLength: 3 }), fc.string(), (before, needle, after) => {
        const text = before + needle.toUpperCase() + after;
        const index = call('indexOf', [text, needle]) as number;
        expect(index).toBeGreaterThanOrEqual(0);
        expect(index).toBeLessThanOrEqual(before.length);
        const last = call('lastIndexOf', [text, needle]) as number;
        expect(last).toBeGreaterThanOrEqual(index);
      }),
    );
  });
});

describe('replace', () => {
  it('replaces every occurrence, case-sensitively', () => {
    expect(call('replace', ['the old string', 'old', 'new'])).toBe('the new string');
    expect(call('replace', ['a.b.c', '.', '/'])).toBe('a/b/c');
    expect(call('replace', ['Old old', 'old', 'new'])).toBe('Old new');
    expect(call('replace', ['abc', 'x', 'y'])).toBe('abc');
  });
  it('rejects an empty text to replace', () => {
    expectInvalid('replace', ['abc', '', 'y'], 'second argument');
  });
});

describe('split', () => {
  it('follows the documented examples', () => {
    expect(call('split', ['a_b_c', '_'])).toEqual(['a', 'b', 'c']);
    expect(call('split', ['a_b_c', ' '])).toEqual(['a_b_c']);
  });
  it('splits on a whole multi-character delimiter and keeps empty parts', () => {
    expect(call('split', ['a\r\nb\r\n', '\r\n'])).toEqual(['a', 'b', '']);
    expect(call('split', ['', ','])).toEqual(['']);
    expect(call('split', ['abc', ''])).toEqual(['abc']);
  });
  it('round-trips with join', () => {
    const part = fc.string({ unit: fc.constantFrom('a', 'b', 'é', ' ') });
    const delimiter = fc.string({ unit: fc.constantFrom('|', ';', '\n'), minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(fc.array(part, { minLength: 1 }), delimiter, (parts, separator) => {
        const joined = call('join', [parts, separator]) as string;
        expect(call('split', [joined, separator])).toEqual(parts);
      }),
    );
  });
});

describe('substring and slice', () => {
  it('substring follows the documented example', () => {
    expect(call('substring', ['hello world', 6, 5])).toBe('world');
    expect(call('substring', ['hello world', 6])).toBe('world');
    expect(call('substring', ['hello', 5, 0])).toBe('');
  });
  it('substring fails when the range leaves the string', () => {
    for (const args of [
      ['hello', 3, 5],
      ['hello', -1, 2],
      ['hello', 6],
      ['hello', 1, -1],
    ]) {
      const error = callError('substring', args);
      expect(error.code).toBe('InvalidArgument');
      expect(error.message).toContain('out of range');
    }
  });
  it('slice follows every documented example', () => {
    const cases: Array<[number[], string]> = [
      [[2], 'llo World'],
      [[30], ''],
      [[10, 2], ''],
      [[0], 'Hello World'],
      [[2, 5], 'llo'],
      [[6, 20], 'World'],
      [[-2], 'ld'],
      [[3, -1], 'lo Worl'],
      [[3, 3], ''],
      [[-30], 'Hello World'],
    ];
    for (const [indexes, expected] of cases) expect(call('slice', ['Hello World', ...indexes])).toBe(expected);
  });
  it('substring agrees with slice wherever substring is defined', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(), fc.nat(), (text, a, b) => {
        const start = a % (text.length + 1);
        const length = b % (text.length - start + 1);
        expect(call('substring', [text, start, length])).toBe(call('slice', [text, start, start + length]));
      }),
    );
  });
  it('reject non-integer indexes', () => {
    expectInvalid('slice', ['abc', '1'], 'second argument');
    expectInvalid('substring', ['abc', 0, 1.5], 'third argument');
  });
});

describe('toLower / toUpper / trim', () => {
  it('follow the documented examples', () => {
    expect(call('toLower', ['Hello World'])).toBe('hello world');
    expect(call('toUpper', ['Hello World'])).toBe('HELLO WORLD');
    expect(call('trim', [' Hello World  '])).toBe('Hello World');
  });
  it('keep characters without a single-character case mapping, as .NET does', () => {
    expect(call('toUpper', ['straße'])).toBe('STRAßE');
    expect(call('toLower', ['ÀÉÎ'])).toBe('àéî');
  });
  it('trim removes Unicode white space but not the byte-order mark', () => {
    expect(call('trim', ['\u00A0\t x \u3000\n'])).toBe('x');
    expect(call('trim', ['\uFEFFx'])).toBe('\uFEFFx');
  });
  it('reject non-strings', () => {
    expectInvalid('toLower', [null], 'first argument');
    expectInvalid('trim', [3], 'first argument');
  });
});

describe('guid', () => {
  it('formats the host GUID in the D format by default', () => {
    expect(call('guid', [])).toBe('11111111-2222-3333-4444-555555555555');
  });
  it('supports the N, D, B, P and X formats in either case', () => {
    expect(call('guid', ['N'])).toBe('11111111222233334444555555555555');
    expect(call('guid', ['b'])).toBe('{11111111-2222-3333-4444-555555555555}');
    expect(call('guid', ['P'])).toBe('(11111111-2222-3333-4444-555555555555)');
    expect(call('guid', ['X'])).toBe('{0x11111111,0x2222,0x3333,{0x44,0x44,0x55,0x55,0x55,0x55,0x55,0x55}}');
  });
  it('rejects an unknown format', () => {
    expectInvalid('guid', ['Q'], 'first argument');
  });
});

describe('isInt / isFloat', () => {
  it('isInt follows the documented example and .NET Int64 parsing', () => {
    expect(call('isInt', ['10'])).toBe(true);
    expect(call('isInt', [' -42 '])).toBe(true);
    expect(call('isInt', ['10.0'])).toBe(false);
    expect(call('isInt', ['abc'])).toBe(false);
    expect(call('isInt', ['9223372036854775807'])).toBe(true);
    expect(call('isInt', ['9223372036854775808'])).toBe(false);
  });
  it('isFloat follows the documented examples', () => {
    expect(call('isFloat', ['10,000.00'])).toBe(true);
    expect(call('isFloat', ['10.000,00', 'de-DE'])).toBe(true);
  });
  it('isFloat accepts .NET float syntax and refuses other text', () => {
    expect(call('isFloat', ['-1.5e3'])).toBe(true);
    expect(call('isFloat', ['.5'])).toBe(true);
    expect(call('isFloat', ['10'])).toBe(true);
    expect(call('isFloat', ['12ab'])).toBe(false);
    expect(call('isFloat', [''])).toBe(false);
    expect(call('isFloat', ['10,000.00', 'de-DE'])).toBe(false);
  });
  it('isFloat rejects a locale the platform does not know', () => {
    expectInvalid('isFloat', ['1.5', 'no-such-locale-x'], 'second argument');
  });
});

describe('through full expressions', () => {
  it('evaluates nested string calls', () => {
    expect(run("@concat('a', string(1))")).toBe('a1');
    expect(run("@toUpper(substring('hello world', 6))")).toBe('WORLD');
    expect(run("@{indexOf('Hello', 'L')}-@{slice('Hello', -3)}")).toBe('2-llo');
    expect(run("@guid('N')")).toBe('11111111222233334444555555555555');
  });
  it('reports a bad argument as an ExpressionError', () => {
    expect(() => run("@substring('abc', 2, 5)")).toThrow(/out of range/);
  });
});
