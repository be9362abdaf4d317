import type { CheckInput } from './validation-context.ts';
import { childPointer } from './problem.ts';
import { isJsonObject } from './json-object.ts';

const statuses = new Set(['succeeded', 'failed', 'skipped', 'timedout']);
/** runAfter names siblings only, uses known statuses, and has no cycles. */
export function checkRunAfter(input: CheckInput): void {
  const byContainer = new Map<string, { siblings: Record<string, unknown>; edges: Map<string, string[]> }>();
  for (const site of input.sites) {
    const runAfter = site.action.runAfter as unknown;
    if (runAfter === undefined) continue;
    const at = childPointer(site.pointer, 'runAfter');
    if (!isJsonObject(runAfter)) {
      input.report({ pointer: at, code: 'Structure', message: 'runAfter must be an object of action names to status lists' });
      continue;
    }
    let group = byContainer.get(site.containerPointer);
    if (!group) byContainer.set(site.containerPointer, (group = { siblings: site.siblings, edges: new Map() }));
    const deps: string[] = [];
    for (const [dep, list] of Object.entries(runAfter)) {
      const depAt = childPointer(at, dep);
      if (!Object.hasOwn(site.siblings, dep) || dep === site.name) {
        input.report({ pointer: depAt, code: 'RunAfterMissingAction', message: `runAfter names '${dep}', which is not an action beside '${site.name}'` });
      } else {
        deps.push(dep);
      }
      if (!Array.isArray(list)) {
        input.report({ pointer: depAt, code: 'Structure', message: 'runAfter statuses must be an array' });
        continue;
      }
      list.forEach((status, i) => {
        if (typeof status !== 'string' || !statuses.has(status.toLowerCase())) {
          input.report({
            pointer: childPointer(depAt, i),
            code: 'RunAfterStatus',
            message: `runAfter status ${JSON.stringify(status) ?? 'undefined'} is not one of Succeeded, Failed, Skipped, TimedOut`,
          });
        }
      });
    }
    group.edges.set(site.name, deps);
  }
  for (const [containerPointer, group] of byContainer) reportCycles(input, containerPointer, group.edges);
}

function reportCycles(input: CheckInput, containerPointer: string, edges: Map<string, string[]>): void {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): void => {
    state.set(name, 'open');
    path.push(name);
    for (const dep of edges.get(name) ?? []) {
      const s = state.get(dep);
      if (s === 'open') {
        const cycle = [...path.slice(path.indexOf(dep)), dep];
        input.report({
          pointer: childPointer(childPointer(containerPointer, name), 'runAfter'),
          code: 'RunAfterCycle',
          message: `runAfter cycle: ${cycle.join(' → ')}`,
        });
      } else if (s === undefined) {
        visit(dep);
      }
    }
    path.pop();
    state.set(name, 'done');
  };
  for (const name of edges.keys()) if (!state.has(name)) visit(name);
}
