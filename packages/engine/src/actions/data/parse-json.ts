/**
 * Parse JSON: turns `content` (JSON text or an already-parsed value) into a value and validates it
 * against `schema`. Schemas are what the Logic Apps designer generates from a sample — draft-04
 * style (`type: ["string","null"]`, boolean `exclusiveMaximum`, `id`) — so Ajv runs non-strict and
 * the few draft-04 spellings are rewritten to their draft-07 meaning before compiling.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ActionFailure, describeType } from '../errors.ts';
import { requireInputs } from './inputs.ts';

export interface ParseJsonInputs {
  content: unknown;
  schema?: unknown;
}

export interface SchemaProblem {
  pointer: string; // JSON pointer into the content
  message: string;
}

const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, validateFormats: false, logger: false });
const compiled = new Map<string, ValidateFunction>();
const MAX_CACHED_SCHEMAS = 500;

/** Parses and validates; returns the parsed value (the action's body). */
export function runParseJson(inputs: ParseJsonInputs): unknown {
  const checked = requireInputs(inputs);
  if (!Object.hasOwn(checked, 'content')) {
    throw new ActionFailure('InvalidActionInput', 'inputs.content: expected JSON text or a value, got nothing');
  }
  const value = parseContent(checked.content);
  const schema = checked.schema;
  if (schema === undefined || schema === null) return value;
  if (typeof schema !== 'object' && typeof schema !== 'boolean') {
    throw new ActionFailure('InvalidActionInput', `inputs.schema: expected a JSON schema object, got ${describeType(schema)}`);
  }
  const validate = compileSchema(schema);
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map(describeProblem);
    throw new ActionFailure(
      'SchemaValidationFailed',
      `inputs.content does not match inputs.schema: ${problems.map((p) => `${p.pointer || '/'} ${p.message}`).join('; ')}`,
      { details: problems },
    );
  }
  return value;
}

function parseContent(content: unknown): unknown {
  if (typeof content !== 'string') return content;
  try {
    return JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ActionFailure('InvalidJSON', `inputs.content: expected JSON text, ${(e as Error).message}`);
  }
}

function compileSchema(schema: object | boolean): ValidateFunction {
  const key = JSON.stringify(schema);
  const cached = compiled.get(key);
  if (cached) return cached;
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(toDraft7(schema) as object);
  } catch (e) {
    throw new ActionFailure('InvalidActionInput', `inputs.schema: not a usable JSON schema: ${(e as Error).message}`);
  } finally {
    // Ajv keeps every compiled schema by $id; drop them so repeated definitions never collide.
    ajv.removeSchema();
  }
  if (compiled.size >= MAX_CACHED_SCHEMAS) compiled.delete(compiled.keys().next().value as string);
  compiled.set(key, validate);
  return validate;
}

/** Rewrites draft-04 spellings (boolean exclusive bounds, `id`, `$schema`) to draft-07. */
function toDraft7(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toDraft7);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  const source = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(source)) {
    if (key === '$schema' || key === 'id' || key === '$id') continue;
    if ((key === 'exclusiveMaximum' || key === 'exclusiveMinimum') && typeof value === 'boolean') continue;
    // Under these keys sit property names, not keywords: recurse into their values only.
    if ((key === 'properties' || key === 'patternProperties' || key === 'definitions' || key === '$defs') && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toDraft7(v)]));
      continue;
    }
    out[key] = toDraft7(value);
  }
  if (source.exclusiveMaximum === true && typeof source.maximum === 'number') {
    out.exclusiveMaximum = source.maximum;
    delete out.maximum;
  }
  if (source.exclusiveMinimum === true && typeof source.minimum === 'number') {
    out.exclusiveMinimum = source.minimum;
    delete out.minimum;
  }
  return out;
}

function describeProblem(error: ErrorObject): SchemaProblem {
  let pointer = error.instancePath;
  if (error.keyword === 'required') pointer += `/${escapePointer(String((error.params as { missingProperty: string }).missingProperty))}`;
  if (error.keyword === 'additionalProperties') pointer += `/${escapePointer(String((error.params as { additionalProperty: string }).additionalProperty))}`;
  const message =
    error.keyword === 'required'
      ? 'is required'
      : error.keyword === 'additionalProperties'
        ? 'is not allowed'
        : (error.message ?? 'is invalid');
  return { pointer, message };
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
