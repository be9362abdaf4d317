import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../compile.ts';
import { fixedHost } from '../testing/fake-workflow.ts';
import { foldCase, formatNumber, jsonText, mapCase, toText, trimWhitespace } from './coerce.ts';

describe('formatNumber', () => {
  it('prints doubles as .NET does', () => {
    expect(formatNumber(10)).toBe('10');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(2.5)).toBe('2.5');
    expect(formatNumber(0.0001)).toBe('0.0001');
    expect(formatNumber(0.00001)).toBe('1E-05');
    expect(formatNumber(1.5e-7)).toBe('1.5E-07');
    expect(formatNumber(1e21)).toBe('1E+21');
    expect(formatNumber(1234567890123456.7)).toBe('1.2345678901234568E+15');
    expect(formatNumber(123456789012.5)).toBe('123456789012.5');
  });
});

describe('toText', () => {
  it('is the string() rule, shared by interpolation', () => {
    expect(toText(null)).toBe('');
    expect(toText(true)).toBe('True');
    expect(toText([1, 'a', null])).toBe('[1,"a",null]');
    expect(toText({ small: 0.00001, big: 1e21, s: 'q"\n', n: { t: true } })).toBe(
      '{"small":1E-05,"big":1E+21,"s":"q\\"\\n","n":{"t":true}}',
    );
    expect(toText({ '$content-type': 'text/plain', '$content': 'aGk=' })).toBe('hi');
    expect(evaluate("@{true}|@{json('null')}|@{createArray(1)}", { host: fixedHost })).toBe('True||[1]');
  });
});

describe('jsonText', () => {
  it('is JSON that parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(jsonText(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('case and white space', () => {
  it('folds case one unit at a time so positions survive', () => {
    expect(foldCase('straße')).toBe('STRAßE');
    expect(foldCase('İx').length).toBe(2);
    expect(mapCase('ǅ', false)).toBe('ǆ');
  });
  it('case folding never changes the length, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(foldCase(text).length).toBe(text.length);
        expect(foldCase(mapCase(text, false))).toBe(foldCase(mapCase(text, true)));
      }),
    );
  });
  it('trims .NET white space', () => {
    expect(trimWhitespace('\u0085 a \u2029')).toBe('a');
    const inner = `x${' '.repeat(200_000)}y`;
    expect(trimWhitespace(` ${inner} `)).toBe(inner);
  });
});
