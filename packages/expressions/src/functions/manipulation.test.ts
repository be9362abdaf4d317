import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../errors.ts';
import {
  callFunction as call,
  evaluateOnFixedHost as run,
  expectInvalidArgument as expectInvalid,
} from '../testing/call-function.ts';

describe('coalesce', () => {
  it('follows the documented examples', () => {
    expect(call('coalesce', [null, true, false])).toBe(true);
    expect(call('coalesce', [null, 'hello', 'world'])).toBe('hello');
    expect(call('coalesce', [null, null, null])).toBeNull();
  });
  it('treats empty strings, arrays and objects as values', () => {
    expect(call('coalesce', [null, '', 'x'])).toBe('');
    expect(call('coalesce', [[], 'x'])).toEqual([]);
  });
});

describe('addProperty / setProperty / removeProperty', () => {
  const person = { firstName: 'Sophia', surName: 'Owen' };
  it('follow the documented examples', () => {
    expect(call('addProperty', [person, 'middleName', 'Anne'])).toEqual({ ...person, middleName: 'Anne' });
    expect(call('setProperty', [person, 'surName', 'Hartnett'])).toEqual({ firstName: 'Sophia', surName: 'Hartnett' });
    expect(call('removeProperty', [{ ...person, middleName: 'Anne' }, 'middleName'])).toEqual(person);
  });
  it('change nested objects through the documented nested-call pattern', () => {
    const doc = `json('{ "customerName": { "firstName": "Sophia", "surName": "Owen" } }')`;
    expect(run(`@setProperty(${doc}, 'customerName', setProperty(${doc}['customerName'], 'surName', 'Hartnett'))`)).toEqual({
      customerName: { firstName: 'Sophia', surName: 'Hartnett' },
    });
    expect(run(`@setProperty(${doc}, 'customerName', addProperty(${doc}['customerName'], 'middleName', 'Anne'))`)).toEqual({
      customerName: { firstName: 'Sophia', surName: 'Owen', middleName: 'Anne' },
    });
    expect(run(`@removeProperty(${doc}['customerName'], 'surName')`)).toEqual({ firstName: 'Sophia' });
  });
  it('addProperty fails when the property exists; setProperty adds a missing one', () => {
    expectInvalid('addProperty', [person, 'surName', 'X'], 'second argument');
    expect(call('setProperty', [{}, 'a', 1])).toEqual({ a: 1 });
  });
  it('removeProperty returns the object unchanged when the property is missing', () => {
    expect(call('removeProperty', [person, 'nope'])).toEqual(person);
  });
  it('never modify the object they are given', () => {
    const source = { a: 1 };
    call('setProperty', [source, 'a', 2]);
    call('addProperty', [source, 'b', 2]);
    call('removeProperty', [source, 'a']);
    expect(source).toEqual({ a: 1 });
  });
  it('keep "__proto__" as an ordinary property', () => {
    const result = call('setProperty', [{}, '__proto__', { polluted: true }]) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  });
  it('reject non-objects and non-string names', () => {
    expectInvalid('setProperty', [[1], 'a', 1], 'first argument');
    expectInvalid('addProperty', [null, 'a', 1], 'first argument');
    expectInvalid('removeProperty', [{}, 1], 'second argument');
  });
});

describe('xpath', () => {
  const items =
    '<?xml version="1.0"?><produce><item><name expired="true" price="12">Gala</name><type>apple</type><count>20</count></item>' +
    '<item><name expired="false" price="40">Honeycrisp</name><type>apple</type><count>10</count></item></produce>';
  const xpath = (expression: string, xml: unknown = call('xml', [items])) => call('xpath', [xml, expression]);

  it('returns matching elements as XML text', () => {
    expect(xpath('/produce/item/name')).toEqual([
      '<name expired="true" price="12">Gala</name>',
      '<name expired="false" price="40">Honeycrisp</name>',
    ]);
    // XPath 1.0: name[last()] is the last name of each item; the last name overall needs parentheses.
    expect(xpath('/produce/item/name[last()]')).toHaveLength(2);
    expect(xpath('(/produce/item/name)[last()]')).toEqual(['<name expired="false" price="40">Honeycrisp</name>']);
  });
  it('returns text and attribute nodes as their values (documented examples)', () => {
    expect(xpath('/produce/item/name/text()')).toEqual(['Gala', 'Honeycrisp']);
    expect(xpath("//name[@expired = 'true']/text()")).toEqual(['Gala']);
    expect(xpath('//name[@price>35]/text()')).toEqual(['Honeycrisp']);
    expect(xpath('//name/@price')).toEqual(['12', '40']);
  });
  it('returns numbers, strings and booleans for scalar expressions', () => {
    expect(xpath('sum(/produce/item/count)')).toBe(30);
    expect(xpath('count(//item)')).toBe(2);
    expect(xpath('string(//item[2]/type)')).toBe('apple');
    expect(xpath("boolean(//name[@expired='maybe'])")).toBe(false);
    expect(xpath('number(//type)')).toBeNull();
  });
  it('handles a default namespace as documented', () => {
    const xml = '<?xml version="1.0"?><file xmlns="https://contoso.com"><location>Paris</location></file>';
    expect(xpath('/*[name()="file"]/*[name()="location"]', xml)).toEqual(['<location xmlns="https://contoso.com">Paris</location>']);
    expect(xpath('/*[local-name()="file" and namespace-uri()="https://contoso.com"]/*[local-name()="location"]', xml)).toEqual([
      '<location xmlns="https://contoso.com">Paris</location>',
    ]);
    expect(xpath('string(/*[name()="file"]/*[name()="location"])', xml)).toBe('Paris');
  });
  it('reads a JSON object as xml() would convert it', () => {
    expect(xpath('string(/order/id)', { order: { id: 42, lines: ['a', 'b'] } })).toBe('42');
    expect(xpath('count(/order/lines)', { order: { id: 42, lines: ['a', 'b'] } })).toBe(2);
  });
  it('rejects malformed XML and XPath, naming the argument', () => {
    expectInvalid('xpath', ['<a>', '/a'], 'first argument');
    expectInvalid('xpath', [items, '///'], 'second argument');
    expectInvalid('xpath', [{ a: 1, b: 2 }, '/a'], 'first argument');
    expectInvalid('xpath', [[1], '/a'], 'first argument');
    expectInvalid('xpath', [items, 1], 'second argument');
  });
  it('only ever fails with ExpressionError on arbitrary expressions', () => {
    const expression = fc.string({ unit: fc.constantFrom('/', '@', '*', '[', ']', '(', ')', 'a', 'name', '=', "'", '1', ' ', ':', '.') });
    fc.assert(
      fc.property(expression, (text) => {
        try {
          xpath(text, items);
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionError);
        }
      }),
    );
  });
  it('works inside full expressions', () => {
    expect(run(`@first(xpath(xml('<a><b>1</b><b>2</b></a>'), '//b/text()'))`)).toBe('1');
  });
});
