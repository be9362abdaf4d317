import {
  ArmExpressionError,
  defaultDeploymentTarget,
  evaluateArmString,
  type ArmDeploymentTarget,
  type ArmScope,
} from './arm-expressions/index.ts';
import { isJsonObject } from '../definition/json-object.ts';

interface TemplateParameter {
  type?: string;
  defaultValue?: unknown;
}

export interface TemplateScopeOptions {
  /** Values from the command line (--param name=value), converted to the parameter's declared type. */
  params?: Record<string, string>;
  /** Already-typed values (a nested deployment's parameters); used after `params`, before defaults. */
  values?: Record<string, unknown>;
  target?: Partial<ArmDeploymentTarget>;
}

export interface TemplateScope extends ArmScope {
  /** Parameters that had neither a --param value nor a defaultValue; a placeholder was used. */
  unset: Set<string>;
}

function findKey(record: Record<string, unknown>, name: string): string | undefined {
  return Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
}

/** Converts a command-line string to a declared parameter type (ARM or workflow type names). */
export function coerceParameterText(name: string, text: string, type: string | undefined): unknown {
  switch ((type ?? 'string').toLowerCase()) {
    case 'int':
    case 'integer':
      if (!/^-?\d+$/.test(text.trim())) throw new ArmExpressionError('ArmArgument', `parameter '${name}' expects an int, got '${text}'`);
      return Number(text.trim());
    case 'bool':
    case 'boolean':
      if (!/^(true|false)$/i.test(text.trim())) throw new ArmExpressionError('ArmArgument', `parameter '${name}' expects true or false, got '${text}'`);
      return text.trim().toLowerCase() === 'true';
    case 'float':
    case 'number':
      if (!Number.isFinite(Number(text.trim())) || text.trim() === '') throw new ArmExpressionError('ArmArgument', `parameter '${name}' expects a number, got '${text}'`);
      return Number(text.trim());
    case 'object':
    case 'secureobject':
    case 'array':
      try {
        return JSON.parse(text);
      } catch {
        throw new ArmExpressionError('ArmArgument', `parameter '${name}' expects JSON, got '${text}'`);
      }
    default:
      return text;
  }
}

/** A placeholder so a template without a value still imports; the name is kept visible in strings. */
function placeholder(name: string, type: string | undefined): unknown {
  switch ((type ?? 'string').toLowerCase()) {
    case 'int':
      return 0;
    case 'bool':
      return false;
    case 'object':
    case 'secureobject':
      return {};
    case 'array':
      return [];
    default:
      return `<${name}>`;
  }
}

/** Deep-evaluates every ARM expression string inside a value (used for variables and defaults). */
export function evaluateArmValue(value: unknown, scope: ArmScope): unknown {
  if (typeof value === 'string') return evaluateArmString(value, scope);
  if (Array.isArray(value)) return value.map((v) => evaluateArmValue(v, scope));
  if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluateArmValue(v, scope)]));
  return value;
}

/** Builds the parameters()/variables() view of one ARM template. */
export function createTemplateScope(template: Record<string, unknown>, options: TemplateScopeOptions = {}): TemplateScope {
  const declared = isJsonObject(template.parameters) ? (template.parameters as Record<string, TemplateParameter>) : {};
  const variables = isJsonObject(template.variables) ? template.variables : {};
  const target = { ...defaultDeploymentTarget, ...options.target };
  const paramCache = new Map<string, unknown>();
  const varCache = new Map<string, unknown>();
  const inProgress = new Set<string>();
  const given = options.params ?? {};
  const values = options.values ?? {};

  const scope: TemplateScope = {
    target,
    unset: new Set(),
    parameter(name) {
      const key = findKey(declared, name);
      if (key === undefined) throw new ArmExpressionError('ArmReference', `template parameter '${name}' is not declared`);
      if (paramCache.has(key)) return paramCache.get(key);
      const decl: Record<string, unknown> = isJsonObject(declared[key]) ? declared[key] : {};
      const type = typeof decl.type === 'string' ? decl.type : undefined;
      const givenKey = findKey(given, key);
      const valueKey = findKey(values, key);
      let value: unknown;
      if (givenKey !== undefined) {
        value = coerceParameterText(key, given[givenKey]!, type);
      } else if (valueKey !== undefined) {
        value = values[valueKey];
      } else if ('defaultValue' in decl) {
        if (inProgress.has(`p:${key}`)) throw new ArmExpressionError('ArmReference', `parameter '${key}' refers to itself`);
        inProgress.add(`p:${key}`);
        try {
          value = evaluateArmValue(decl.defaultValue, scope);
        } finally {
          inProgress.delete(`p:${key}`);
        }
      } else {
        scope.unset.add(key);
        value = placeholder(key, type);
      }
      paramCache.set(key, value);
      return value;
    },
    variable(name) {
      const key = findKey(variables, name);
      if (key === undefined) throw new ArmExpressionError('ArmReference', `template variable '${name}' is not declared`);
      if (varCache.has(key)) return varCache.get(key);
      if (inProgress.has(`v:${key}`)) throw new ArmExpressionError('ArmReference', `variable '${key}' refers to itself`);
      inProgress.add(`v:${key}`);
      try {
        const value = evaluateArmValue(variables[key], scope);
        varCache.set(key, value);
        return value;
      } finally {
        inProgress.delete(`v:${key}`);
      }
    },
  };
  return scope;
}
