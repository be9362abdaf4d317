/**
 * Math functions. JavaScript has one number type, so a value counts as an integer when
 * Number.isInteger holds; add/sub/mul/div/mod of two integers give an integer (div truncates
 * toward zero, mod takes the dividend's sign, both as .NET's Int64 operators), anything else
 * gives a float. Logic Apps integers are 64-bit; ours are exact only up to 2^53 - 1, so an
 * integer result beyond that is refused with InvalidArgument rather than silently rounded.
 */
import { expectArray, expectInteger, expectNumber } from './args.ts';
import { argValueError, ExpressionError, typeName } from '../errors.ts';
import type { FunctionRegistry } from './registry.ts';

/** Largest count range() accepts, as documented. */
export const MAX_RANGE_COUNT = 100_000;
const INT32_MAX = 2_147_483_647;

function isExactInteger(value: number): boolean {
  return Number.isSafeInteger(value);
}

/** Applies `op`; when both operands are exact integers the result must be one too. */
function arithmetic(fn: string, a: number, b: number, op: (x: number, y: number) => number): number {
  const result = op(a, b);
  if (!Number.isFinite(result)) {
    throw new ExpressionError(
      'InvalidArgument',
      `The template language function '${fn}' overflowed: the result is beyond the range of a double.`,
    );
  }
  if (isExactInteger(a) && isExactInteger(b) && !Number.isSafeInteger(result)) {
    throw new ExpressionError(
      'InvalidArgument',
      `The template language function '${fn}' overflowed: the integer result is outside ±${Number.MAX_SAFE_INTEGER}.`,
    );
  }
  return result;
}

function binary(fn: string, args: unknown[]): [number, number] {
  return [expectNumber(fn, 0, args[0]), expectNumber(fn, 1, args[1])];
}

function nonZeroDivisor(fn: string, divisor: number): void {
  if (divisor === 0) throw argValueError(fn, 1, 'the divisor must not be zero');
}

/** The numbers of max()/min(): their arguments, or the items of a single array argument. */
function numbersOf(fn: string, args: unknown[]): number[] {
  if (args.length === 1 && Array.isArray(args[0])) {
    const items = expectArray(fn, 0, args[0]);
    if (items.length === 0) throw argValueError(fn, 0, 'the array must not be empty');
    return items.map((item, i) => {
      if (typeof item === 'number' && Number.isFinite(item)) return item;
      throw argValueError(fn, 0, `item ${i} of the array is of type '${typeName(item)}', not a number`);
    });
  }
  return args.map((arg, i) => expectNumber(fn, i, arg));
}

export function registerMathFunctions(registry: FunctionRegistry): void {
  registry.register({
    name: 'add',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    fn: (args) => arithmetic('add', ...binary('add', args), (x, y) => x + y),
  });

  registry.register({
    name: 'sub',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    fn: (args) => arithmetic('sub', ...binary('sub', args), (x, y) => x - y),
  });

  registry.register({
    name: 'mul',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    fn: (args) => arithmetic('mul', ...binary('mul', args), (x, y) => x * y),
  });

  registry.register({
    name: 'div',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    fn: (args) => {
      const [dividend, divisor] = binary('div', args);
      nonZeroDivisor('div', divisor);
      if (isExactInteger(dividend) && isExactInteger(divisor)) return Math.trunc(dividend / divisor) + 0;
      return arithmetic('div', dividend, divisor, (x, y) => x / y);
    },
  });

  registry.register({
    name: 'mod',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    // JavaScript's % keeps the dividend's sign, like .NET's remainder for integers and doubles.
    fn: (args) => {
      const [dividend, divisor] = binary('mod', args);
      nonZeroDivisor('mod', divisor);
      return (dividend % divisor) + 0;
    },
  });

  registry.register({
    name: 'max',
    minArgs: 1,
    maxArgs: Infinity,
    pure: true,
    fn: (args) => Math.max(...numbersOf('max', args)),
  });

  registry.register({
    name: 'min',
    minArgs: 1,
    maxArgs: Infinity,
    pure: true,
    fn: (args) => Math.min(...numbersOf('min', args)),
  });

  registry.register({
    name: 'rand',
    minArgs: 2,
    maxArgs: 2,
    fn: ([minArg, maxArg], ctx) => {
      const min = expectInteger('rand', 0, minArg);
      const max = expectInteger('rand', 1, maxArg);
      if (min > max) throw argValueError('rand', 1, `the maximum (${max}) must not be less than the minimum (${min})`);
      // Like .NET's Random.Next(min, max): min inclusive, max exclusive, min when they are equal.
      return Math.min(min + Math.floor(ctx.host.random() * (max - min)), Math.max(min, max - 1));
    },
  });

  registry.register({
    name: 'range',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    fn: ([startArg, countArg]) => {
      const start = expectInteger('range', 0, startArg);
      const count = expectInteger('range', 1, countArg);
      if (count < 0 || count > MAX_RANGE_COUNT) {
        throw argValueError('range', 1, `the count must be between 0 and ${MAX_RANGE_COUNT} (got ${count})`);
      }
      if (start < -INT32_MAX - 1 || start + count > INT32_MAX) {
        throw argValueError('range', 0, `the start index plus the count must not exceed ${INT32_MAX}`);
      }
      return Array.from({ length: count }, (_, i) => start + i);
    },
  });
}
