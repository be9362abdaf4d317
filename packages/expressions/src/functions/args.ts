/**
 * Argument checks for function authors. Each `expectX(fn, i, v)` returns the value narrowed to X
 * or throws ExpressionError 'InvalidArgument' naming the function, the (zero-based → "first",
 * "second"…) argument and the type it got. Logic Apps does not coerce between types for most
 * functions, so neither do these: '1' is not an integer.
 */
import { argError, typeName } from '../errors.ts';

export { argError, argValueError, typeName } from '../errors.ts';

/** A JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expectString(fn: string, index: number, value: unknown): string {
  if (typeof value === 'string') return value;
  throw argError(fn, index, 'a string', value);
}

/** A whole number (JSON numbers without a fractional part count: 2.0 is the integer 2). */
export function expectInteger(fn: string, index: number, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw argError(fn, index, 'an integer', value);
}

/** Any finite number, integer or decimal. */
export function expectNumber(fn: string, index: number, value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw argError(fn, index, 'an integer or a decimal number', value);
}

export function expectBoolean(fn: string, index: number, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  throw argError(fn, index, 'a boolean', value);
}

export function expectArray(fn: string, index: number, value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  throw argError(fn, index, 'an array', value);
}

export function expectObject(fn: string, index: number, value: unknown): Record<string, unknown> {
  if (isPlainObject(value)) return value;
  throw argError(fn, index, 'an object', value);
}

/** Normalizes a function result: undefined (missing) becomes null, the language's only "nothing". */
export function orNull(value: unknown): unknown {
  return value === undefined ? null : value;
}

/** Name of the value's type for messages; same as typeName, re-exported for discoverability. */
export const describeType = typeName;
