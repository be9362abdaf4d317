/**
 * Workflow parameters of a run: declared defaults overridden by the values given at start, each
 * checked against its declared type (String, Int, Float, Bool, Array, Object, SecureString,
 * SecureObject; case-insensitive).
 */
import type { WorkflowDefinition } from '../definition/types.ts';
import { describeType } from '../actions/errors.ts';
import { WorkflowError } from './errors.ts';

function fits(type: string, value: unknown): boolean {
  switch (type.toLowerCase()) {
    case 'string':
    case 'securestring':
      return typeof value === 'string';
    case 'int':
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'float':
      return typeof value === 'number';
    case 'bool':
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
    case 'secureobject':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    default:
      return true;
  }
}

/** True when the parameter's type is one whose value must not appear in history. */
export function isSecureParameter(definition: WorkflowDefinition, name: string): boolean {
  const t = definition.parameters?.[name]?.type?.toLowerCase();
  return t === 'securestring' || t === 'secureobject';
}

/** Converts a command-line `name=value` text to the declared type (JSON for non-strings). */
export function parseParameterText(definition: WorkflowDefinition, name: string, text: string): unknown {
  const type = definition.parameters?.[name]?.type?.toLowerCase();
  if (type === 'string' || type === 'securestring') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Resolves the parameter values of a run; throws WorkflowError('InvalidParameters') naming each problem. */
export function resolveParameters(definition: WorkflowDefinition, provided: Record<string, unknown> = {}): Record<string, unknown> {
  const declared = definition.parameters ?? {};
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(declared)) {
    if (name in provided) values[name] = provided[name];
    else if (p.defaultValue !== undefined) values[name] = p.defaultValue;
    else if (name !== '$connections') problems.push(`/parameters/${name}: no value given and no defaultValue declared`);
    if (name in values && p.type && !fits(p.type, values[name])) {
      problems.push(`/parameters/${name}: expected a value of type ${p.type}, got ${describeType(values[name])}`);
    }
    if (name in values && Array.isArray(p.allowedValues) && !p.allowedValues.some((a) => JSON.stringify(a) === JSON.stringify(values[name]))) {
      problems.push(`/parameters/${name}: expected one of ${JSON.stringify(p.allowedValues)}`);
    }
  }
  for (const name of Object.keys(provided)) {
    if (!(name in declared)) {
      if (name === '$connections') values[name] = provided[name];
      else problems.push(`/parameters/${name}: not declared by the workflow`);
    }
  }
  if (problems.length > 0) throw new WorkflowError('InvalidParameters', problems.join('\n'));
  return values;
}
