/** Join: concatenates the items of `from` with `joinWith` between them. */
import { ActionFailure, describeType } from '../errors.ts';
import { requireArray, requireInputs, valueText } from './inputs.ts';

export interface JoinInputs {
  from: unknown;
  joinWith?: unknown;
}

/** Joins `inputs.from` into one string; items are written as the runtime writes values in text. */
export function runJoin(inputs: JoinInputs): string {
  const checked = requireInputs(inputs);
  const from = requireArray(checked.from, 'from');
  const separator = checked.joinWith ?? '';
  if (typeof separator !== 'string') {
    throw new ActionFailure('InvalidActionInput', `inputs.joinWith: expected a string, got ${describeType(separator)}`);
  }
  return from.map(valueText).join(separator);
}
