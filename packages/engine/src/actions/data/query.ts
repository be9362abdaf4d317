/** Query (Filter array): keeps the items of `from` for which `where` is true. */
import { ActionFailure, describeType } from '../errors.ts';
import { requireArray, requireInputs } from './inputs.ts';

export interface QueryInputs {
  from: unknown;
  where?: unknown;
}

/**
 * Filters `inputs.from`; `evaluateWhere` evaluates the compiled `where` with item() bound to the
 * given item and must yield a boolean.
 */
export function runQuery(inputs: QueryInputs, evaluateWhere: (item: unknown) => unknown): unknown[] {
  const from = requireArray(requireInputs(inputs).from, 'from');
  return from.filter((item, index) => {
    const verdict = evaluateWhere(item);
    if (typeof verdict !== 'boolean') {
      throw new ActionFailure(
        'InvalidActionInput',
        `inputs.where: expected a boolean for item ${index}, got ${describeType(verdict)}`,
      );
    }
    return verdict;
  });
}
