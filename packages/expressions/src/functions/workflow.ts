/**
 * Workflow functions: they read the running workflow through WorkflowContext and fail with
 * 'WorkflowReference' when there is no workflow (e.g. `riposte eval`) or the name is unknown.
 */
import type { ActionRecord, WorkflowContext } from '../context.ts';
import { ExpressionError } from '../errors.ts';
import { expectInteger, expectString, isPlainObject } from './args.ts';
import { formFields, multipartParts } from './form-data.ts';
import type { FunctionCallContext, FunctionRegistry } from './registry.ts';

export function registerWorkflowFunctions(registry: FunctionRegistry): void {
  const add = (name: string, minArgs: number, maxArgs: number, fn: (args: unknown[], wf: WorkflowContext) => unknown) =>
    registry.register({ name, minArgs, maxArgs, fn: (args, ctx) => fn(args, running(name, ctx)) });

  add('trigger', 0, 0, (_, wf) => wf.trigger());
  add('triggerOutputs', 0, 0, (_, wf) => wf.trigger().outputs ?? null);
  add('triggerBody', 0, 0, (_, wf) => body(wf.trigger().outputs));
  add('triggerFormDataValue', 1, 1, ([key], wf) =>
    singleField('triggerFormDataValue', wf.trigger().outputs, expectString('triggerFormDataValue', 0, key)),
  );
  add('triggerFormDataMultiValues', 1, 1, ([key], wf) =>
    fieldValues(wf.trigger().outputs, expectString('triggerFormDataMultiValues', 0, key)),
  );
  add('triggerMultipartBody', 1, 1, ([index], wf) =>
    partBody('triggerMultipartBody', 'the trigger', wf.trigger().outputs, expectInteger('triggerMultipartBody', 0, index)),
  );

  add('action', 0, 0, (_, wf) => {
    const current = wf.currentAction?.();
    if (!current) throw reference("The function 'action' can only be used inside an action's own definition (unsubscribe, trackedProperties, an Until condition).");
    return current;
  });
  add('actions', 1, 1, ([name], wf) => actionRecord('actions', wf, name));
  add('outputs', 1, 1, ([name], wf) => actionRecord('outputs', wf, name).outputs ?? null);
  add('actionOutputs', 1, 1, ([name], wf) => actionRecord('actionOutputs', wf, name).outputs ?? null);
  add('body', 1, 1, ([name], wf) => body(actionRecord('body', wf, name).outputs));
  add('actionBody', 1, 1, ([name], wf) => body(actionRecord('actionBody', wf, name).outputs));
  add('formDataValue', 2, 2, ([name, key], wf) =>
    singleField('formDataValue', actionRecord('formDataValue', wf, name).outputs, expectString('formDataValue', 1, key)),
  );
  add('formDataMultiValues', 2, 2, ([name, key], wf) =>
    fieldValues(actionRecord('formDataMultiValues', wf, name).outputs, expectString('formDataMultiValues', 1, key)),
  );
  add('multipartBody', 2, 2, ([name, index], wf) => {
    const record = actionRecord('multipartBody', wf, name);
    return partBody('multipartBody', `the action '${record.name}'`, record.outputs, expectInteger('multipartBody', 1, index));
  });

  add('item', 0, 0, (_, wf) => {
    const value = wf.item();
    if (value === undefined) throw reference("The function 'item' can only be used inside a Foreach loop or an array action (Select, Query).");
    return value;
  });
  add('items', 1, 1, ([loop], wf) => {
    const name = expectString('items', 0, loop);
    const value = wf.item(name);
    if (value === undefined) throw reference(`The function 'items' refers to '${name}', which is not an enclosing Foreach loop.`);
    return value;
  });
  add('iterationIndexes', 1, 1, ([loop], wf) => {
    const name = expectString('iterationIndexes', 0, loop);
    const value = wf.iterationIndex(name);
    if (value === undefined) throw reference(`The function 'iterationIndexes' refers to '${name}', which is not an enclosing Until or Foreach loop.`);
    return value;
  });
  add('variables', 1, 1, ([variable], wf) => {
    const name = expectString('variables', 0, variable);
    const value = wf.variable(name);
    if (value === undefined) throw reference(`The variable '${name}' is not initialized: add an 'Initialize variable' action before using it.`);
    return value;
  });
  add('parameters', 1, 1, ([parameter], wf) => {
    const name = expectString('parameters', 0, parameter);
    const value = wf.parameter(name);
    if (value === undefined) throw reference(`The workflow parameter '${name}' is not declared.`);
    return value;
  });
  add('result', 1, 1, ([scope], wf) => {
    const name = expectString('result', 0, scope);
    const results = wf.scopeResults(name);
    if (results === undefined) throw reference(`The function 'result' refers to '${name}', which is not a Scope, Foreach, Until, If or Switch action that has run.`);
    return results;
  });
  // Logic Apps Standard: app settings and agent-loop tool arguments.
  add('appSetting', 1, 1, ([setting], wf) => {
    const name = expectString('appSetting', 0, setting);
    const value = wf.appSetting?.(name);
    if (value === undefined) throw reference(`The app setting '${name}' is not defined.`);
    return value;
  });
  add('agentParameters', 1, 1, ([parameter], wf) => {
    const name = expectString('agentParameters', 0, parameter);
    const value = wf.agentParameter?.(name);
    if (value === undefined) throw reference(`The agent parameter '${name}' is not available: agentParameters() works inside an agent tool.`);
    return value;
  });
  add('workflow', 0, 0, (_, wf) => wf.workflow());
  add('listCallbackUrl', 0, 0, (_, wf) => wf.listCallbackUrl());
}

function running(fn: string, ctx: FunctionCallContext): WorkflowContext {
  if (ctx.workflow) return ctx.workflow;
  throw reference(`The function '${fn}' needs a running workflow, and there is none here.`);
}

function reference(message: string): ExpressionError {
  return new ExpressionError('WorkflowReference', message);
}

function actionRecord(fn: string, wf: WorkflowContext, name: unknown): ActionRecord {
  const actionName = expectString(fn, 0, name);
  const record = wf.action(actionName);
  if (!record) {
    throw reference(`The action '${actionName}' referenced by '${fn}' does not exist or has not run yet; check its name and the runAfter of the action using it.`);
  }
  return record;
}

function body(outputs: unknown): unknown {
  return isPlainObject(outputs) ? (outputs['body'] ?? null) : null;
}

function fieldValues(outputs: unknown, key: string): unknown[] {
  return formFields(outputs)
    .filter((f) => f.key === key)
    .map((f) => f.value);
}

function singleField(fn: string, outputs: unknown, key: string): unknown {
  const values = fieldValues(outputs, key);
  if (values.length > 1) {
    throw new ExpressionError('InvalidArgument', `The function '${fn}' found ${values.length} form values named '${key}': expected one (use the MultiValues form to get them all).`);
  }
  return values[0] ?? null;
}

function partBody(fn: string, owner: string, outputs: unknown, index: number): unknown {
  const parts = multipartParts(outputs);
  if (!parts) throw new ExpressionError('InvalidArgument', `The function '${fn}' expects ${owner} to have a multipart body, and it does not.`);
  const part = parts[index];
  if (index < 0 || part === undefined) {
    throw new ExpressionError('IndexOutOfRange', `The function '${fn}' asked for part ${index}, but ${owner} has ${parts.length} part(s).`);
  }
  return isPlainObject(part) ? (part['body'] ?? null) : null;
}
