/**
 * Semantics of the variable actions (InitializeVariable, SetVariable, IncrementVariable,
 * DecrementVariable, AppendToArrayVariable, AppendToStringVariable). The runtime owns the variable
 * table; these functions check types and compute new values. Type names are matched
 * case-insensitively, as the designer writes them capitalised ("Integer", "String").
 */
import { ActionFailure, describeType } from '../errors.ts';

export type VariableType = 'string' | 'integer' | 'float' | 'boolean' | 'array' | 'object';

export interface VariableState {
  name: string;
  type: VariableType;
  value: unknown;
}

const VARIABLE_TYPES: readonly VariableType[] = ['string', 'integer', 'float', 'boolean', 'array', 'object'];

/** Normalises a declared type name; fails naming the field for anything else. */
export function parseVariableType(type: unknown, field = 'inputs.variables[0].type'): VariableType {
  const lower = typeof type === 'string' ? type.toLowerCase() : undefined;
  if (lower && (VARIABLE_TYPES as readonly string[]).includes(lower)) return lower as VariableType;
  throw new ActionFailure(
    'InvalidVariableType',
    `${field}: expected one of String, Integer, Float, Boolean, Array, Object, got ${JSON.stringify(type) ?? 'nothing'}`,
  );
}

/** True when `value` may be held by a variable of `type` (integers are valid floats; null never is). */
export function isVariableValue(type: VariableType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
  }
}

/** Fails with InvalidVariableValue (naming `field`) unless `value` fits a variable of `type`. */
export function checkVariableType(type: VariableType | string, value: unknown, field = 'inputs.value'): void {
  const t = parseVariableType(type, 'type');
  if (!isVariableValue(t, value)) {
    throw new ActionFailure('InvalidVariableValue', `${field}: expected ${article(t)} ${t} value, got ${describeType(value)}`);
  }
}

/** The value a variable starts with when InitializeVariable gives none. */
export function emptyVariableValue(type: VariableType): unknown {
  switch (type) {
    case 'string':
      return '';
    case 'integer':
    case 'float':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
  }
}

/** Validates one `inputs.variables[i]` declaration of InitializeVariable and returns the new variable. */
export function initialVariable(declaration: unknown, index = 0): VariableState {
  const field = `inputs.variables[${index}]`;
  if (declaration === null || typeof declaration !== 'object' || Array.isArray(declaration)) {
    throw new ActionFailure('InvalidActionInput', `${field}: expected an object with name, type and value, got ${describeType(declaration)}`);
  }
  const d = declaration as Record<string, unknown>;
  if (typeof d.name !== 'string' || d.name.length === 0) {
    throw new ActionFailure('InvalidActionInput', `${field}.name: expected a non-empty string, got ${describeType(d.name)}`);
  }
  const type = parseVariableType(d.type, `${field}.type`);
  if (d.value === undefined) return { name: d.name, type, value: emptyVariableValue(type) };
  checkVariableType(type, d.value, `${field}.value`);
  return { name: d.name, type, value: d.value };
}

/** New value for SetVariable. */
export function setVariableValue(variable: VariableState, value: unknown): unknown {
  checkVariableType(variable.type, value, 'inputs.value');
  return value;
}

/** New value for IncrementVariable (`by` defaults to 1); only integer and float variables. */
export function incrementVariable(variable: VariableState, by: unknown = 1): number {
  return addToNumber(variable, by, 1, 'IncrementVariable');
}

/** New value for DecrementVariable (`by` defaults to 1); only integer and float variables. */
export function decrementVariable(variable: VariableState, by: unknown = 1): number {
  return addToNumber(variable, by, -1, 'DecrementVariable');
}

/** New value for AppendToArrayVariable: the item is added as one element, even when it is an array. */
export function appendToArrayVariable(variable: VariableState, item: unknown): unknown[] {
  if (variable.type !== 'array') {
    throw new ActionFailure(
      'InvalidVariableOperation',
      `inputs.name: AppendToArrayVariable needs an array variable, but '${variable.name}' is ${variable.type}`,
    );
  }
  return [...(variable.value as unknown[]), item];
}

/** New value for AppendToStringVariable: numbers and booleans are written as text, other types fail. */
export function appendToStringVariable(variable: VariableState, text: unknown): string {
  if (variable.type !== 'string') {
    throw new ActionFailure(
      'InvalidVariableOperation',
      `inputs.name: AppendToStringVariable needs a string variable, but '${variable.name}' is ${variable.type}`,
    );
  }
  let suffix: string;
  if (typeof text === 'string') suffix = text;
  else if (typeof text === 'number') suffix = String(text);
  else if (typeof text === 'boolean') suffix = text ? 'True' : 'False';
  else if (text === null || text === undefined) suffix = '';
  else throw new ActionFailure('InvalidVariableValue', `inputs.value: expected a string, got ${describeType(text)}`);
  return `${variable.value as string}${suffix}`;
}

function addToNumber(variable: VariableState, by: unknown, sign: 1 | -1, action: string): number {
  if (variable.type !== 'integer' && variable.type !== 'float') {
    throw new ActionFailure(
      'InvalidVariableOperation',
      `inputs.name: ${action} needs an integer or float variable, but '${variable.name}' is ${variable.type}`,
    );
  }
  if (typeof by !== 'number' || !Number.isFinite(by)) {
    throw new ActionFailure('InvalidVariableValue', `inputs.value: expected a number, got ${describeType(by)}`);
  }
  if (variable.type === 'integer' && !Number.isInteger(by)) {
    throw new ActionFailure('InvalidVariableValue', `inputs.value: expected an integer for integer variable '${variable.name}', got float`);
  }
  const result = (variable.value as number) + sign * by;
  if (variable.type === 'integer' && !Number.isSafeInteger(result)) {
    throw new ActionFailure('InvalidVariableValue', `inputs.value: '${variable.name}' would overflow the integer range`);
  }
  return result;
}

function article(type: VariableType): string {
  return type === 'integer' || type === 'array' || type === 'object' ? 'an' : 'a';
}
