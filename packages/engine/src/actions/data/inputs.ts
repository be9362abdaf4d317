/** Shared input checks and text conversion for the data operations. */
import { ActionFailure, describeType } from '../errors.ts';

/** Returns `value` when it is an array, else fails naming the field. */
export function requireArray(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) {
    throw new ActionFailure('InvalidActionInput', `inputs.${field}: expected an array, got ${describeType(value)}`);
  }
  return value;
}

/** Requires the inputs to be an object; the runtime hands over whatever the definition evaluated to. */
export function requireInputs(inputs: unknown): Record<string, unknown> {
  if (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs)) {
    throw new ActionFailure('InvalidActionInput', `inputs: expected an object, got ${describeType(inputs)}`);
  }
  return inputs as Record<string, unknown>;
}

/**
 * Text of a value as the Logic Apps runtime writes it into strings: null → "", booleans as .NET
 * prints them ("True"/"False"), objects and arrays as compact JSON.
 */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}
