/**
 * The seam to @riposte/expressions: compiles each definition value once (cached by the object that
 * holds it) and evaluates it against a run context. Evaluation errors become ActionFailure
 * 'InvalidTemplate' with the field named.
 */
import { compileValue } from '@riposte/expressions';
import type { EvaluationContext } from '@riposte/expressions';
import { ActionFailure } from '../actions/errors.ts';

/** { host, workflow } as the expression package evaluates against. */
export type ExpressionScope = EvaluationContext;

type Compiled = { evaluate(ctx: ExpressionScope): unknown };
const cache = new WeakMap<object, Map<string, Compiled>>();

function compiledFor(owner: object, field: string, value: unknown): Compiled {
  let byField = cache.get(owner);
  if (!byField) {
    byField = new Map();
    cache.set(owner, byField);
  }
  let c = byField.get(field);
  if (!c) {
    c = compileValue(value) as Compiled;
    byField.set(field, c);
  }
  return c;
}

/** True when a JSON value contains no expression, so it can be used as it is. */
function isLiteral(value: unknown): boolean {
  if (typeof value === 'string') return !value.includes('@');
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(isLiteral);
  for (const [k, v] of Object.entries(value)) if (k.includes('@') || !isLiteral(v)) return false;
  return true;
}

/**
 * Evaluates `owner[field]` (or `value` when given) for the action `actionName`. `owner` must be a
 * stable object of the definition so the compiled form is reused across iterations and runs.
 */
export function evaluateIn(scope: ExpressionScope, owner: object, field: string, value: unknown, where: string): unknown {
  if (value === undefined) return undefined;
  if (isLiteral(value)) return value;
  try {
    return compiledFor(owner, field, value).evaluate(scope);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ActionFailure('InvalidTemplate', `Unable to process template language expressions in ${where}: ${message}`);
  }
}
