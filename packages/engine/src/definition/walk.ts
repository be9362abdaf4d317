import { childPointer } from './problem.ts';
import type { WorkflowAction, WorkflowDefinition } from './types.ts';
import { isJsonObject } from './json-object.ts';

/** One action found anywhere in a definition, with where it sits. */
export interface ActionSite {
  name: string;
  action: WorkflowAction;
  pointer: string;
  /** Pointer of the `actions` object holding it and its siblings. */
  containerPointer: string;
  siblings: Record<string, unknown>;
  /** 0 for top-level actions, 1 inside one Scope/Foreach/If/..., and so on. */
  depth: number;
}

/** One `actions` object: top level, a Scope/Foreach/Until/If branch, a Switch case, an agent tool. */
export interface ActionContainer {
  pointer: string;
  actions: Record<string, unknown>;
  depth: number;
}

/** The `actions` objects directly inside an action (both If branches, every Switch case, ...). */
export function childContainers(action: Record<string, unknown>, pointer: string): Array<{ pointer: string; actions: unknown }> {
  const out: Array<{ pointer: string; actions: unknown }> = [];
  if ('actions' in action) out.push({ pointer: childPointer(pointer, 'actions'), actions: action.actions });
  if (isJsonObject(action.else) && 'actions' in action.else) out.push({ pointer: childPointer(childPointer(pointer, 'else'), 'actions'), actions: action.else.actions });
  if (isJsonObject(action.default) && 'actions' in action.default) {
    out.push({ pointer: childPointer(childPointer(pointer, 'default'), 'actions'), actions: action.default.actions });
  }
  for (const group of ['cases', 'tools'] as const) {
    const entries = action[group];
    if (!isJsonObject(entries)) continue;
    for (const [key, entry] of Object.entries(entries)) {
      if (isJsonObject(entry) && 'actions' in entry) {
        out.push({ pointer: childPointer(childPointer(childPointer(pointer, group), key), 'actions'), actions: entry.actions });
      }
    }
  }
  return out;
}

/** Every actions container and every action of a definition, outermost first. */
export function walkActions(definition: WorkflowDefinition, root: string): { containers: ActionContainer[]; sites: ActionSite[] } {
  const containers: ActionContainer[] = [];
  const sites: ActionSite[] = [];
  const visit = (actions: unknown, pointer: string, depth: number): void => {
    if (!isJsonObject(actions)) return;
    containers.push({ pointer, actions, depth });
    for (const [name, action] of Object.entries(actions)) {
      if (!isJsonObject(action)) continue;
      const at = childPointer(pointer, name);
      sites.push({ name, action: action as WorkflowAction, pointer: at, containerPointer: pointer, siblings: actions, depth });
      for (const child of childContainers(action, at)) visit(child.actions, child.pointer, depth + 1);
    }
  };
  visit(definition.actions, childPointer(root, 'actions'), 0);
  return { containers, sites };
}
