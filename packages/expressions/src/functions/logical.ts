/**
 * Logical and comparison functions.
 *
 * All arguments are evaluated before the function runs, as in Logic Apps: `if` evaluates both
 * branches and `and`/`or` every operand, so an error in the branch not taken still fails the
 * expression (use `?` to make such branches null-safe).
 * Conditions must be booleans: Logic Apps does not treat 'true' or 1 as true here.
 * greater/less and friends compare two numbers, or two strings ordinally (code unit by code
 * unit, case-sensitive, which orders ISO 8601 timestamps correctly); mixing types is an error.
 */
import { argError, expectBoolean } from './args.ts';
import { valuesEqual } from './equality.ts';
import type { FunctionRegistry } from './registry.ts';

export function registerLogicalFunctions(registry: FunctionRegistry): void {
  registry.register({
    name: 'if',
    minArgs: 3,
    maxArgs: 3,
    pure: true,
    fn: ([condition, whenTrue, whenFalse]) => (expectBoolean('if', 0, condition) ? whenTrue : whenFalse),
  });
  registry.register({
    name: 'equals',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    fn: ([a, b]) => valuesEqual(a, b),
  });
  registry.register({
    name: 'and',
    minArgs: 1,
    maxArgs: Infinity,
    pure: true,
    fn: (args) => {
      let result = true;
      for (let i = 0; i < args.length; i++) result = expectBoolean('and', i, args[i]) && result;
      return result;
    },
  });
  registry.register({
    name: 'or',
    minArgs: 1,
    maxArgs: Infinity,
    pure: true,
    fn: (args) => {
      let result = false;
      for (let i = 0; i < args.length; i++) result = expectBoolean('or', i, args[i]) || result;
      return result;
    },
  });
  registry.register({
    name: 'not',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    fn: ([value]) => !expectBoolean('not', 0, value),
  });
  registerComparison(registry, 'greater', (c) => c > 0);
  registerComparison(registry, 'greaterOrEquals', (c) => c >= 0);
  registerComparison(registry, 'less', (c) => c < 0);
  registerComparison(registry, 'lessOrEquals', (c) => c <= 0);
}

function registerComparison(registry: FunctionRegistry, name: string, holds: (order: number) => boolean): void {
  registry.register({
    name,
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    fn: ([a, b]) => holds(compareValues(name, a, b)),
  });
}

/** Negative, zero or positive as a is below, equal to or above b. */
function compareValues(fn: string, a: unknown, b: unknown): number {
  if (typeof a === 'number') {
    if (typeof b !== 'number') throw argError(fn, 1, 'a number like the first argument', b);
    return a - b;
  }
  if (typeof a === 'string') {
    if (typeof b !== 'string') throw argError(fn, 1, 'a string like the first argument', b);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  throw argError(fn, 0, 'an integer, a decimal number or a string', a);
}
