import { checkConnectorOperations } from './check-connectors.ts';
import { checkControl } from './check-control.ts';
import { checkExpressions } from './check-expressions.ts';
import { checkLimits } from './check-limits.ts';
import { checkOperationFields } from './check-operations.ts';
import { checkReferences } from './check-references.ts';
import { checkRunAfter } from './check-run-after.ts';
import { checkDuplicateNames, checkTypes } from './check-structure.ts';
import { childPointer, type Problem } from './problem.ts';
import type { WorkflowDefinition } from './types.ts';
import { defaultLimits, type CheckInput, type ValidationOptions } from './validation-context.ts';
import { walkActions } from './walk.ts';
import { isJsonObject } from './json-object.ts';

/** All problems of a workflow definition, each with a JSON pointer into the file it came from. */
export function validateDefinition(definition: unknown, options: ValidationOptions = {}): Problem[] {
  const root = options.pointer ?? '';
  const problems: Problem[] = [];
  const report = (p: Problem): void => void problems.push(p);
  if (!isJsonObject(definition)) {
    report({ pointer: root, code: 'Structure', message: 'a workflow definition must be a JSON object' });
    return problems;
  }
  for (const field of ['triggers', 'actions', 'parameters', 'outputs'] as const) {
    if (definition[field] !== undefined && !isJsonObject(definition[field])) {
      report({ pointer: childPointer(root, field), code: 'Structure', message: `"${field}" must be an object` });
    }
  }
  const def = definition as WorkflowDefinition;
  const triggers: CheckInput['triggers'] = [];
  if (isJsonObject(def.triggers)) {
    for (const [name, trigger] of Object.entries(def.triggers)) {
      const pointer = childPointer(childPointer(root, 'triggers'), name);
      if (isJsonObject(trigger)) triggers.push({ name, trigger, pointer });
      else report({ pointer, code: 'Structure', message: `trigger '${name}' must be an object` });
    }
  }
  const { sites, containers } = walkActions(def, root);
  for (const container of containers) {
    for (const [name, action] of Object.entries(container.actions)) {
      if (!isJsonObject(action)) report({ pointer: childPointer(container.pointer, name), code: 'Structure', message: `action '${name}' must be an object` });
    }
  }
  for (const site of sites) {
    if (site.action.actions !== undefined && !isJsonObject(site.action.actions)) {
      report({ pointer: childPointer(site.pointer, 'actions'), code: 'Structure', message: '"actions" must be an object' });
    }
  }
  const input: CheckInput = {
    definition: def,
    root,
    sites,
    triggers,
    options,
    limits: { ...defaultLimits, ...options.limits },
    report,
  };
  checkTypes(input);
  checkDuplicateNames(input);
  checkRunAfter(input);
  checkControl(input);
  checkLimits(input);
  checkOperationFields(input);
  checkExpressions(input);
  checkReferences(input);
  checkConnectorOperations(input);
  return problems;
}
