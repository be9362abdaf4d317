import { childPointer } from './problem.ts';
import type { CheckInput } from './validation-context.ts';
import { isJsonObject } from './json-object.ts';

// Fields that hold prose, names or nested actions (visited as actions of their own), never expressions.
const skippedFields = new Set(['description', 'metadata', 'type', 'kind', 'runAfter', 'actions', 'else', 'default']);

/** Calls `visit` for every string that may hold an expression: triggers, actions, outputs. */
export function visitExpressionStrings(input: CheckInput, visit: (value: string, pointer: string) => void): void {
  const walk = (value: unknown, pointer: string): void => {
    if (typeof value === 'string') visit(value, pointer);
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, childPointer(pointer, i)));
    else if (isJsonObject(value)) for (const [k, v] of Object.entries(value)) walk(v, childPointer(pointer, k));
  };
  const walkOperation = (op: Record<string, unknown>, pointer: string): void => {
    for (const [key, value] of Object.entries(op)) {
      if (skippedFields.has(key)) continue;
      const at = childPointer(pointer, key);
      if ((key === 'cases' || key === 'tools') && isJsonObject(value)) {
        // Only the non-action parts of Switch cases and agent tools.
        for (const [name, entry] of Object.entries(value)) {
          if (!isJsonObject(entry)) continue;
          for (const [field, v] of Object.entries(entry)) {
            if (field !== 'actions' && field !== 'description') walk(v, childPointer(childPointer(at, name), field));
          }
        }
        continue;
      }
      walk(value, at);
    }
  };
  for (const t of input.triggers) walkOperation(t.trigger, t.pointer);
  for (const s of input.sites) walkOperation(s.action, s.pointer);
  if (isJsonObject(input.definition.outputs)) {
    for (const [name, output] of Object.entries(input.definition.outputs)) {
      if (isJsonObject(output)) walk(output.value, childPointer(childPointer(childPointer(input.root, 'outputs'), name), 'value'));
    }
  }
}
