/**
 * The WorkflowContext + EvaluationHost that expressions read a run through, at one place (frame)
 * of the definition: actions() of sibling actions in the same loop iteration, items() of the
 * enclosing loops, variables, parameters, result() of containers.
 */
import type { ActionRecord, EvaluationHost, WorkflowContext } from '@riposte/expressions';
import { ExpressionError } from '@riposte/expressions';
import { entryKey, type ActionEntry } from '../store/run-store.ts';
import type { ExpressionScope } from './expressions.ts';
import type { Frame } from './frame.ts';
import type { RunExecution } from './run-execution.ts';

function toRecord(entry: ActionEntry): ActionRecord {
  const r: ActionRecord = { name: entry.name, status: entry.status };
  if (entry.inputs !== undefined) r.inputs = entry.inputs;
  if (entry.outputs !== undefined) r.outputs = entry.outputs;
  if (entry.startTime) r.startTime = entry.startTime;
  if (entry.endTime) r.endTime = entry.endTime;
  if (entry.code) r.code = entry.code;
  r.error = entry.error ?? null;
  if (entry.trackedProperties) r.trackedProperties = entry.trackedProperties;
  return r;
}

/** The enclosing loop an expression names, compared as Azure does: exact, then ignoring case. */
function findLoop<L extends { name: string }>(loops: L[], name: string): L | undefined {
  const folded = name.toLowerCase();
  return loops.find((l) => l.name === name) ?? loops.find((l) => l.name.toLowerCase() === folded);
}

/** The entry `name` has in the iteration `frame` is in (or its latest one when outside its loop). */
export function lookupEntry(run: RunExecution, name: string, frame: Frame): ActionEntry | undefined {
  const info = run.info(name);
  if (!info) return undefined;
  if (info.depth <= frame.iteration.length) {
    const key = entryKey(info.path, frame.iteration.slice(0, info.depth));
    const e = run.entries.get(key);
    if (e) return run.clear(key, e);
  }
  const last = run.lastByPath.get(info.path);
  return last ? run.clear(entryKey(last.path, last.iteration), last) : undefined;
}

/**
 * `current` is what action() without a name returns (tracked properties); `at` is the action whose
 * inputs are being evaluated, so that listCallbackUrl() there names that action's callback.
 */
export function createScope(run: RunExecution, frame: Frame, current?: ActionEntry, at?: { path: string; iteration: readonly number[] }): ExpressionScope {
  const workflow: WorkflowContext = {
    trigger: () => ({ name: run.run.trigger.name, status: 'Succeeded', outputs: run.run.trigger.outputs, startTime: run.run.trigger.startTime, endTime: run.run.trigger.startTime }),
    action(name) {
      const e = lookupEntry(run, name, frame);
      return e ? toRecord(e) : undefined;
    },
    currentAction: () => (current ? toRecord(current) : undefined),
    variable: (name) => run.variables.get(name)?.value,
    parameter: (name) => run.run.parameters[name],
    item(loopName) {
      const loops = frame.loops.filter((l) => l.foreach);
      const loop = loopName === undefined ? loops[loops.length - 1] : findLoop(loops, loopName);
      if (!loop) {
        throw new ExpressionError('WorkflowReference', loopName === undefined ? 'item() is used outside a Foreach loop' : `items('${loopName}'): no enclosing Foreach named '${loopName}'`);
      }
      return loop.item;
    },
    iterationIndex: (loopName) => findLoop(frame.loops, loopName)?.index,
    scopeResults(name) {
      const info = run.info(name);
      if (!info) return undefined;
      const prefix = `${info.path}/`;
      const outer = frame.iteration.slice(0, info.depth);
      const out: ActionRecord[] = [];
      for (const [key, e] of run.entries) {
        if (!e.path.startsWith(prefix) || e.path.indexOf('/', prefix.length) !== -1) continue;
        if (!outer.every((v, i) => e.iteration[i] === v)) continue;
        out.push(toRecord(run.clear(key, e)));
      }
      return out;
    },
    workflow: () => ({
      id: run.run.workflowName,
      name: run.run.workflowName,
      type: 'Microsoft.Logic/workflows',
      run: { id: `${run.run.workflowName}/runs/${run.id}`, name: run.id, type: 'Microsoft.Logic/workflows/runs' },
    }),
    listCallbackUrl: () => run.env.callbackUrl(run.id, current?.path ?? at?.path ?? '', current?.iteration ?? at?.iteration ?? []),
  };
  const host: EvaluationHost = {
    now: () => new Date(run.env.clock.now()),
    random: () => run.env.random(),
    guid: () => run.env.guid(),
  };
  return { host, workflow };
}
