/**
 * Test harness for function families: call a built-in through the default registry, exactly
 * as the compiler would after evaluating the arguments, and capture the ExpressionError a
 * misuse raises.
 */
import { expect } from 'vitest';
import { evaluate } from '../compile.ts';
import type { EvaluationHost } from '../context.ts';
import { ExpressionError } from '../errors.ts';
import { createDefaultRegistry } from '../functions/index.ts';
import { fixedHost } from './fake-workflow.ts';

const registry = createDefaultRegistry();

/** Calls the built-in function `name` with already-evaluated arguments. */
export function callFunction(name: string, args: unknown[], host: EvaluationHost = fixedHost): unknown {
  const spec = registry.get(name);
  if (!spec) throw new Error(`no function '${name}' is registered`);
  if (args.length < spec.minArgs || args.length > spec.maxArgs) {
    throw new Error(`'${name}' takes ${spec.minArgs}..${spec.maxArgs} arguments, the test passed ${args.length}`);
  }
  return spec.fn(args, { host });
}

/** The ExpressionError that calling `name` raises; fails the test when it returns or throws anything else. */
export function callError(name: string, args: unknown[], host: EvaluationHost = fixedHost): ExpressionError {
  let result: unknown;
  try {
    result = callFunction(name, args, host);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`'${name}' returned ${JSON.stringify(result)} instead of failing`);
}

/** Evaluates expression text (with `@` or `@{…}`) on the fixed test host. */
export function evaluateOnFixedHost(text: string): unknown {
  return evaluate(text, { host: fixedHost });
}

/** Asserts that calling `name` fails with InvalidArgument naming the function and the offending argument. */
export function expectInvalidArgument(name: string, args: unknown[], argument: string): void {
  const error = callError(name, args);
  expect(error.code).toBe('InvalidArgument');
  expect(error.message).toContain(`'${name}'`);
  expect(error.message).toContain(argument);
}
