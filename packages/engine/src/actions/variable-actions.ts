/**
 * The variable actions. The run holds the variable table; the new value is journaled in the
 * action's outputs (`body: { name, value }`), so a resume re-applies recorded values in order
 * instead of re-evaluating expressions that may read the clock.
 */
import type { ActionContext, ActionHandler } from '../runtime/action-handler.ts';
import type { ActionEntry } from '../store/run-store.ts';
import {
  appendToArrayVariable,
  appendToStringVariable,
  decrementVariable,
  incrementVariable,
  initialVariable,
  parseVariableType,
  setVariableValue,
  type VariableState,
} from './data/variables.ts';
import { ActionFailure, describeType } from './errors.ts';

function inputsOf(ctx: ActionContext): Record<string, unknown> {
  const inputs = ctx.evaluate(ctx.def, 'inputs', ctx.def.inputs);
  if (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs)) {
    throw new ActionFailure('InvalidActionInput', `inputs: expected an object, got ${describeType(inputs)}`);
  }
  return inputs as Record<string, unknown>;
}

function existing(ctx: ActionContext, name: unknown): VariableState {
  if (typeof name !== 'string') throw new ActionFailure('InvalidActionInput', `inputs.name: expected a string, got ${describeType(name)}`);
  const v = ctx.run.variables.get(name);
  if (!v) throw new ActionFailure('InvalidVariable', `inputs.name: the variable '${name}' is not initialized (add an InitializeVariable action at the top level)`);
  return { name, type: parseVariableType(v.type, 'type'), value: v.value };
}

type Change = (variable: VariableState, value: unknown) => unknown;

/** The variable sequence number journaled with a variable action (0 for entries without one). */
function seqOf(entry: ActionEntry): number {
  const seq = (entry.state as { variableSeq?: unknown } | undefined)?.variableSeq;
  return typeof seq === 'number' ? seq : 0;
}

function changeAction(change: Change, valueRequired: boolean): ActionHandler {
  return {
    sideEffect: false,
    immediate: true,
    async run(ctx) {
      const inputs = inputsOf(ctx);
      const variable = existing(ctx, inputs.name);
      if (valueRequired && !('value' in inputs)) throw new ActionFailure('InvalidActionInput', 'inputs.value: required');
      const value = change(variable, 'value' in inputs ? inputs.value : undefined);
      const variableSeq = ctx.run.setVariable(variable.name, { type: variable.type, value });
      return { status: 'Succeeded', inputs, outputs: { body: { name: variable.name, value } }, state: { variableSeq } };
    },
    replay(ctx, entry) {
      const body = (entry.outputs as { body?: { name?: string; value?: unknown } } | undefined)?.body;
      const v = body?.name !== undefined ? ctx.run.variables.get(body.name) : undefined;
      if (entry.status === 'Succeeded' && body?.name !== undefined && v) ctx.run.setVariable(body.name, { type: v.type, value: body.value }, seqOf(entry));
    },
  };
}

export const initializeVariableAction: ActionHandler = {
  sideEffect: false,
  immediate: true,
  async run(ctx) {
    const inputs = inputsOf(ctx);
    if (ctx.frame.iteration.length > 0 || ctx.path.includes('/')) {
      throw new ActionFailure('InvalidActionPlacement', 'InitializeVariable must be a top-level action');
    }
    if (!Array.isArray(inputs.variables)) throw new ActionFailure('InvalidActionInput', `inputs.variables: expected an array, got ${describeType(inputs.variables)}`);
    const created = inputs.variables.map((d, i) => initialVariable(d, i));
    for (const v of created) {
      if (ctx.run.variables.has(v.name)) throw new ActionFailure('InvalidVariable', `inputs.variables: the variable '${v.name}' is already initialized`);
    }
    let variableSeq = 0;
    for (const v of created) variableSeq = ctx.run.setVariable(v.name, { type: v.type, value: v.value });
    return { status: 'Succeeded', inputs, outputs: { variables: created }, state: { variableSeq } };
  },
  replay(ctx, entry: ActionEntry) {
    const vars = (entry.outputs as { variables?: VariableState[] } | undefined)?.variables;
    if (entry.status === 'Succeeded' && Array.isArray(vars)) for (const v of vars) ctx.run.setVariable(v.name, { type: v.type, value: v.value }, seqOf(entry));
  },
};

export const setVariableAction = changeAction(setVariableValue, true);
export const incrementVariableAction = changeAction((v, by) => incrementVariable(v, by ?? 1), false);
export const decrementVariableAction = changeAction((v, by) => decrementVariable(v, by ?? 1), false);
export const appendToArrayVariableAction = changeAction(appendToArrayVariable, true);
export const appendToStringVariableAction = changeAction(appendToStringVariable, true);
