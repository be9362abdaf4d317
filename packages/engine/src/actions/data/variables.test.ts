import { describe, expect, it } from 'vitest';
import { ActionFailure } from '../errors.ts';
import {
  appendToArrayVariable,
  appendToStringVariable,
  checkVariableType,
  decrementVariable,
  incrementVariable,
  initialVariable,
  setVariableValue,
  type VariableState,
} from './variables.ts';

const counter: VariableState = { name: 'count', type: 'integer', value: 5 };
const ratio: VariableState = { name: 'ratio', type: 'float', value: 0.5 };
const list: VariableState = { name: 'ips', type: 'array', value: ['1.1.1.1'] };
const text: VariableState = { name: 'log', type: 'string', value: 'a' };

describe('initialVariable', () => {
  it('accepts designer-capitalised types and keeps the value', () => {
    expect(initialVariable({ name: 'ageVar', type: 'Integer', value: 35 })).toEqual({ name: 'ageVar', type: 'integer', value: 35 });
  });
  it('gives an empty value of the type when value is omitted', () => {
    expect(initialVariable({ name: 'a', type: 'Array' }).value).toEqual([]);
    expect(initialVariable({ name: 's', type: 'String' }).value).toBe('');
    expect(initialVariable({ name: 'o', type: 'object' }).value).toEqual({});
  });
  it('rejects a value of another type, naming the field', () => {
    expect(() => initialVariable({ name: 'n', type: 'Integer', value: '5' }, 2)).toThrow(
      'inputs.variables[2].value: expected an integer value, got string',
    );
    expect(() => initialVariable({ name: 'n', type: 'Integer', value: 1.5 })).toThrow(/got float/);
  });
  it('rejects unknown types and missing names', () => {
    expect(() => initialVariable({ name: 'n', type: 'Decimal', value: 1 })).toThrow(/inputs\.variables\[0\]\.type: expected one of String/);
    expect(() => initialVariable({ type: 'String' })).toThrow(/inputs\.variables\[0\]\.name/);
  });
  it('accepts an integer in a float variable', () => {
    expect(initialVariable({ name: 'f', type: 'Float', value: 2 }).value).toBe(2);
  });
});

describe('checkVariableType / setVariableValue', () => {
  it('rejects null for every type', () => {
    for (const type of ['string', 'integer', 'float', 'boolean', 'array', 'object']) {
      expect(() => checkVariableType(type, null)).toThrow(ActionFailure);
    }
  });
  it('sets a matching value and refuses a mismatching one', () => {
    expect(setVariableValue(list, ['x'])).toEqual(['x']);
    expect(() => setVariableValue(list, { x: 1 })).toThrow('inputs.value: expected an array value, got object');
  });
});

describe('increment and decrement', () => {
  it('adds 1 by default and the given amount otherwise', () => {
    expect(incrementVariable(counter)).toBe(6);
    expect(incrementVariable(counter, 10)).toBe(15);
    expect(decrementVariable(counter, 7)).toBe(-2);
    expect(incrementVariable(ratio, 0.25)).toBe(0.75);
  });
  it('only works on numeric variables', () => {
    const f = (() => {
      try {
        incrementVariable(text);
      } catch (e) {
        return e as ActionFailure;
      }
    })();
    expect(f?.code).toBe('InvalidVariableOperation');
    expect(f?.message).toMatch(/IncrementVariable needs an integer or float variable, but 'log' is string/);
  });
  it('refuses a fractional step on an integer variable and a non-number step', () => {
    expect(() => incrementVariable(counter, 0.5)).toThrow(/expected an integer/);
    expect(() => decrementVariable(counter, '1')).toThrow('inputs.value: expected a number, got string');
  });
});

describe('append', () => {
  it('adds one element to an array, even when the element is itself an array', () => {
    expect(appendToArrayVariable(list, ['2.2.2.2', '3.3.3.3'])).toEqual(['1.1.1.1', ['2.2.2.2', '3.3.3.3']]);
    expect(list.value).toEqual(['1.1.1.1']);
  });
  it('appends text, numbers and booleans to a string', () => {
    expect(appendToStringVariable(text, 'b')).toBe('ab');
    expect(appendToStringVariable(text, 3)).toBe('a3');
    expect(appendToStringVariable(text, false)).toBe('aFalse');
    expect(() => appendToStringVariable(text, { a: 1 })).toThrow(/expected a string, got object/);
  });
  it('refuses the wrong variable type', () => {
    expect(() => appendToArrayVariable(text, 1)).toThrow(/AppendToArrayVariable needs an array variable/);
    expect(() => appendToStringVariable(list, 'x')).toThrow(/AppendToStringVariable needs a string variable/);
  });
});
