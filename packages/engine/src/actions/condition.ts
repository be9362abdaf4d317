/** Evaluates an If/Until condition: an expression string or a predicate tree ({and:[{equals:[a,b]}]}). */
import { evaluatePredicate, PredicateError } from '../runtime-support/predicate.ts';
import type { ActionContext } from '../runtime/action-handler.ts';
import { ActionFailure, describeType } from './errors.ts';

export function evaluateCondition(ctx: ActionContext, evaluate: (value: unknown) => unknown): boolean {
  const raw = ctx.def.expression;
  const value = evaluate(raw);
  if (typeof value === 'boolean') return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    try {
      return evaluatePredicate(value, (operand) => operand);
    } catch (err) {
      if (err instanceof PredicateError) throw new ActionFailure('InvalidTemplate', `action '${ctx.name}' expression: ${err.message}`);
      throw err;
    }
  }
  throw new ActionFailure('InvalidTemplate', `action '${ctx.name}' expression: expected a boolean or a condition object, got ${describeType(value)}`);
}
