import { validatePredicate } from '../runtime-support/predicate.ts';
import { normalizeType } from './types.ts';
import { childPointer } from './problem.ts';
import type { CheckInput } from './validation-context.ts';
import { isJsonObject } from './json-object.ts';

/** If (and Until) have a predicate tree or expression; Switch has an expression and unique case values. */
export function checkControl(input: CheckInput): void {
  for (const site of input.sites) {
    const type = typeof site.action.type === 'string' ? normalizeType(site.action.type) : '';
    if (type === 'if') checkIf(input, site.action.expression, childPointer(site.pointer, 'expression'), site.name);
    if (type === 'switch') checkSwitch(input, site.action, site.pointer, site.name);
    if (type === 'until' && typeof site.action.expression === 'object' && site.action.expression !== null) {
      checkIf(input, site.action.expression, childPointer(site.pointer, 'expression'), site.name);
    }
  }
}

function checkIf(input: CheckInput, expression: unknown, pointer: string, name: string): void {
  if (expression === undefined) {
    input.report({ pointer, code: 'Predicate', message: `If '${name}' needs an "expression"` });
  } else if (typeof expression === 'string') {
    if (!expression.startsWith('@')) {
      input.report({ pointer, code: 'Predicate', message: `If expression must be an expression ("@...") or a predicate object, got a plain string` });
    }
  } else if (typeof expression !== 'boolean') {
    // The same tree check the runtime uses, so validation and execution agree on what is valid.
    for (const problem of validatePredicate(expression)) {
      input.report({ pointer: pointer + problem.pointer, code: 'Predicate', message: problem.message });
    }
  }
}

function checkSwitch(input: CheckInput, action: Record<string, unknown>, pointer: string, name: string): void {
  if (!('expression' in action)) {
    input.report({ pointer, code: 'Structure', message: `Switch '${name}' needs an "expression"` });
  }
  if (action.cases === undefined) return;
  const casesAt = childPointer(pointer, 'cases');
  if (!isJsonObject(action.cases)) {
    input.report({ pointer: casesAt, code: 'Structure', message: 'Switch cases must be an object' });
    return;
  }
  const seen = new Map<string, string>();
  for (const [caseName, entry] of Object.entries(action.cases)) {
    const at = childPointer(casesAt, caseName);
    if (!isJsonObject(entry) || !('case' in entry)) {
      input.report({ pointer: at, code: 'SwitchCase', message: `Switch case '${caseName}' needs a "case" value` });
      continue;
    }
    const value = entry.case;
    if (typeof value !== 'string' && typeof value !== 'number') {
      input.report({ pointer: childPointer(at, 'case'), code: 'SwitchCase', message: 'a Switch case value must be a string or a number' });
      continue;
    }
    const key = JSON.stringify(value);
    const other = seen.get(key);
    if (other !== undefined) {
      input.report({ pointer: childPointer(at, 'case'), code: 'SwitchCase', message: `Switch case value ${key} is already used by case '${other}'` });
    } else {
      seen.set(key, caseName);
    }
  }
}
