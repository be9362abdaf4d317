import { describe, expect, it } from 'vitest';
import { compile } from '../compile.ts';
import { ExpressionError } from '../errors.ts';
import { fixedHost } from '../testing/fake-workflow.ts';
import { registerLogicalFunctions } from './logical.ts';
import { FunctionRegistry } from './registry.ts';

const registry = new FunctionRegistry();
registerLogicalFunctions(registry);
registry.register({ name: 'arr', minArgs: 0, maxArgs: Infinity, fn: (args) => args });
registry.register({ name: 'obj', minArgs: 2, maxArgs: 2, fn: ([k, v]) => ({ [k as string]: v }) });
let calls = 0;
registry.register({ name: 'count', minArgs: 0, maxArgs: 0, fn: () => ++calls > 0 });

const run = (text: string) => compile(text, { registry }).evaluate({ host: fixedHost });
const codeOf = (text: string) => {
  try {
    run(text);
  } catch (error) {
    return (error as ExpressionError).code;
  }
  return 'no error';
};

describe('equals', () => {
  it.each([
    ['equals(1, 1.0)', true],
    ['equals(true, 1)', true],
    ['equals(false, 0)', true],
    ['equals(true, 2)', false],
    ["equals('abc', 'abc')", true],
    ["equals('abc', 'ABC')", false],
    ["equals('1', 1)", false],
    ["equals('true', true)", false],
    ['equals(null, null)', true],
    ["equals(null, '')", false],
    ['equals(arr(1, arr(2)), arr(1.0, arr(2)))', true],
    ['equals(arr(1, 2), arr(2, 1))', false],
    ["equals(obj('a', arr(1)), obj('a', arr(1)))", true],
    ["equals(obj('a', 1), obj('b', 1))", false],
    ["equals(arr(), obj('a', 1))", false],
  ])('%s is %s', (text, expected) => {
    expect(run(`@${text}`)).toBe(expected);
  });
});

describe('if, and, or, not', () => {
  it('chooses a branch by a boolean condition', () => {
    expect(run("@if(equals(1, 1), 'yes', 'no')")).toBe('yes');
    expect(run("@if(false, 'yes', arr(1))")).toEqual([1]);
  });

  it('requires boolean conditions, as Logic Apps does', () => {
    expect(codeOf("@if('true', 1, 2)")).toBe('InvalidArgument');
    expect(codeOf('@and(true, 1)')).toBe('InvalidArgument');
    expect(codeOf('@not(null)')).toBe('InvalidArgument');
  });

  it('combines any number of operands', () => {
    expect(run('@and(true, true, true)')).toBe(true);
    expect(run('@and(true, false, true)')).toBe(false);
    expect(run('@or(false, false, true)')).toBe(true);
    expect(run('@or(false, false)')).toBe(false);
    expect(run('@not(false)')).toBe(true);
  });

  it('evaluates every argument, like Logic Apps (no short-circuit)', () => {
    calls = 0;
    run("@if(true, count(), count())");
    run('@or(true, count())');
    expect(calls).toBe(3);
    expect(codeOf("@if(true, 'ok', not('x'))")).toBe('InvalidArgument');
  });
});

describe('comparisons', () => {
  it.each([
    ['greater(2, 1)', true],
    ['greater(1, 1)', false],
    ['greaterOrEquals(1, 1.0)', true],
    ['less(1.5, 2)', true],
    ['lessOrEquals(3, 2)', false],
    ["greater('b', 'a')", true],
    ["less('2024-01-02T00:00:00Z', '2024-01-10T00:00:00Z')", true],
    ["less('B', 'a')", true],
  ])('%s is %s', (text, expected) => {
    expect(run(`@${text}`)).toBe(expected);
  });

  it('rejects mixed or unordered types', () => {
    expect(codeOf("@greater(1, '1')")).toBe('InvalidArgument');
    expect(codeOf('@less(null, 1)')).toBe('InvalidArgument');
    expect(codeOf('@less(true, false)')).toBe('InvalidArgument');
  });
});
