/**
 * The `riposte eval` protocol: one JSON string in, one JSON object out —
 * `{"value": …}` or `{"error": {"code", "message"}}`. Nothing here throws.
 */
import { compile } from './compile.ts';
import type { EvaluationHost } from './context.ts';
import { ExpressionError } from './errors.ts';
import { systemHost } from './system-host.ts';

/** Evaluates the template held by one line of JSON text, without a workflow. */
export function evaluateLine(jsonLine: string, host: EvaluationHost = systemHost): string {
  let text: unknown;
  try {
    text = JSON.parse(jsonLine);
  } catch {
    return failure('InvalidInput', 'The line is not valid JSON: expected a JSON string such as "@add(1, 2)".');
  }
  if (typeof text !== 'string') {
    return failure('InvalidInput', `The line holds a JSON ${jsonKind(text)}: expected a JSON string such as "@add(1, 2)".`);
  }
  try {
    const value = compile(text).evaluate({ host });
    return JSON.stringify({ value: value === undefined ? null : value });
  } catch (error) {
    if (error instanceof ExpressionError) return failure(error.code, error.message);
    return failure('InternalError', 'The expression could not be evaluated because of an internal error.');
  }
}

function failure(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
