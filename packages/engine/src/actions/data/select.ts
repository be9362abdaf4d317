/** Select: maps each item of `from` through the `select` template (object or single expression). */
import { requireArray, requireInputs } from './inputs.ts';

export interface SelectInputs {
  from: unknown;
  select?: unknown;
}

/**
 * Maps `inputs.from`; `evaluateSelect` evaluates the whole `select` template (an object whose
 * values may be expressions, or one expression) with item() bound to the given item.
 */
export function runSelect(inputs: SelectInputs, evaluateSelect: (item: unknown) => unknown): unknown[] {
  const from = requireArray(requireInputs(inputs).from, 'from');
  return from.map((item) => evaluateSelect(item));
}
