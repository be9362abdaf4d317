import { parse, ExpressionError } from '@riposte/expressions';
import { expressionNodes } from './expression-references.ts';
import { visitExpressionStrings } from './expression-strings.ts';
import { childPointer } from './problem.ts';
import { normalizeType } from './types.ts';
import type { CheckInput } from './validation-context.ts';
import { isJsonObject } from './json-object.ts';

// Workflow functions whose first (literal) argument names an action, and those naming a loop.
const actionFunctions = new Set(['body', 'outputs', 'actions', 'actionbody', 'actionoutputs', 'result']);
const loopFunctions = new Set(['items', 'iterationindexes']);
const variableActions = new Set(['setvariable', 'incrementvariable', 'decrementvariable', 'appendtoarrayvariable', 'appendtostringvariable']);

/**
 * Names an expression or a variable action refers to exist: actions in body()/outputs()/...,
 * loops in items(), variables in variables() and Set/Increment/Append actions. Logic Apps only
 * lets InitializeVariable sit at the top level, so variables are known before anything runs.
 */
export function checkReferences(input: CheckInput): void {
  const actions = new Set(input.sites.map((s) => s.name.toLowerCase()));
  const loops = new Set(
    input.sites.filter((s) => typeof s.action.type === 'string' && ['foreach', 'until'].includes(normalizeType(s.action.type))).map((s) => s.name.toLowerCase()),
  );
  const variables = new Set<string>();
  for (const site of input.sites) {
    if (typeof site.action.type !== 'string' || normalizeType(site.action.type) !== 'initializevariable') continue;
    if (site.depth > 0) {
      input.report({ pointer: childPointer(site.pointer, 'type'), code: 'Structure', message: 'InitializeVariable must be a top-level action' });
    }
    const declared = isJsonObject(site.action.inputs) ? site.action.inputs.variables : undefined;
    if (Array.isArray(declared)) for (const v of declared) if (isJsonObject(v) && typeof v.name === 'string') variables.add(v.name.toLowerCase());
  }

  for (const site of input.sites) {
    const type = typeof site.action.type === 'string' ? normalizeType(site.action.type) : '';
    if (!variableActions.has(type) || !isJsonObject(site.action.inputs)) continue;
    const name = site.action.inputs.name;
    if (typeof name === 'string' && !name.startsWith('@') && !variables.has(name.toLowerCase())) {
      input.report({
        pointer: childPointer(childPointer(site.pointer, 'inputs'), 'name'),
        code: 'UnknownVariable',
        message: `variable '${name}' is not initialized by any InitializeVariable action`,
      });
    }
  }

  const checkString = (value: string, pointer: string): void => {
    if (!value.includes('@')) return;
    let template;
    try {
      template = parse(value, { maxExpressionLength: Number.MAX_SAFE_INTEGER });
    } catch (err) {
      if (err instanceof ExpressionError) return; // reported by checkExpressions
      throw err;
    }
    for (const node of expressionNodes(template)) {
      if (node.kind !== 'call') continue;
      const arg = node.args[0];
      if (arg?.kind !== 'literal' || typeof arg.value !== 'string') continue;
      const fn = node.name.toLowerCase();
      const target = arg.value.toLowerCase();
      if (actionFunctions.has(fn) && !actions.has(target)) {
        input.report({ pointer, code: 'UnknownActionReference', message: `${node.name}('${arg.value}') refers to an action that does not exist` });
      } else if (loopFunctions.has(fn) && !loops.has(target)) {
        input.report({ pointer, code: 'UnknownActionReference', message: `${node.name}('${arg.value}') refers to a Foreach/Until loop that does not exist` });
      } else if (fn === 'variables' && !variables.has(target)) {
        input.report({ pointer, code: 'UnknownVariable', message: `variables('${arg.value}') is not initialized by any InitializeVariable action` });
      }
    }
  };
  visitExpressionStrings(input, checkString);
}
