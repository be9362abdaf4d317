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
 * What expressions read a run through at one frame. A class, not an object of closures: a scope is
 * made for every action's inputs, and methods on a prototype cost nothing per scope.
 */
class RunWorkflowContext implements WorkflowContext {
  constructor(
    private readonly run: RunExecution,
    private readonly frame: Frame,
    private readonly current: ActionEntry | undefined,
    private readonly at: { path: string; iteration: readonly number[] } | undefined,
  ) {}

  trigger(): ActionRecord {
    const { trigger } = this.run.run;
    return { name: trigger.name, status: 'Succeeded', outputs: trigger.outputs, startTime: trigger.startTime, endTime: trigger.startTime };
  }

  action(name: string): ActionRecord | undefined {
    const e = lookupEntry(this.run, name, this.frame);
    return e ? toRecord(e) : undefined;
  }

  currentAction(): ActionRecord | undefined {
    return this.current ? toRecord(this.current) : undefined;
  }

  variable(name: string): unknown {
    return this.run.variables.get(name)?.value;
  }

  parameter(name: string): unknown {
    return this.run.run.parameters[name];
  }

  item(loopName?: string): unknown {
    const loops = this.frame.loops.filter((l) => l.foreach);
    const loop = loopName === undefined ? loops[loops.length - 1] : findLoop(loops, loopName);
    if (!loop) {
      throw new ExpressionError('WorkflowReference', loopName === undefined ? 'item() is used outside a Foreach loop' : `items('${loopName}'): no enclosing Foreach named '${loopName}'`);
    }
    return loop.item;
  }

  iterationIndex(loopName: string): number | undefined {
    return findLoop(this.frame.loops, loopName)?.index;
  }

  scopeResults(name: string): ActionRecord[] | undefined {
    const info = this.run.info(name);
    if (!info) return undefined;
    const prefix = `${info.path}/`;
    const outer = this.frame.iteration.slice(0, info.depth);
    const out: ActionRecord[] = [];
    for (const [key, e] of this.run.entries) {
      if (!e.path.startsWith(prefix) || e.path.indexOf('/', prefix.length) !== -1) continue;
      if (!outer.every((v, i) => e.iteration[i] === v)) continue;
      out.push(toRecord(this.run.clear(key, e)));
    }
    return out;
  }

  workflow(): unknown {
    const { run } = this;
    return {
      id: run.run.workflowName,
      name: run.run.workflowName,
      type: 'Microsoft.Logic/workflows',
      run: { id: `${run.run.workflowName}/runs/${run.id}`, name: run.id, type: 'Microsoft.Logic/workflows/runs' },
    };
  }

  listCallbackUrl(): string {
    const { current, at } = this;
    return this.run.env.callbackUrl(this.run.id, current?.path ?? at?.path ?? '', current?.iteration ?? at?.iteration ?? []);
  }
}

/** The clock, randomness and ids of a run's expressions (utcNow(), rand(), guid()). */
class RunEvaluationHost implements EvaluationHost {
  constructor(private readonly run: RunExecution) {}

  now(): Date {
    return new Date(this.run.env.clock.now());
  }

  random(): number {
    return this.run.env.random();
  }

  guid(): string {
    return this.run.env.guid();
  }
}

const hosts = new WeakMap<RunExecution, EvaluationHost>();

/**
 * `current` is what action() without a name returns (tracked properties); `at` is the action whose
 * inputs are being evaluated, so that listCallbackUrl() there names that action's callback.
 */
export function createScope(run: RunExecution, frame: Frame, current?: ActionEntry, at?: { path: string; iteration: readonly number[] }): ExpressionScope {
  let host = hosts.get(run);
  if (!host) hosts.set(run, (host = new RunEvaluationHost(run)));
  return { host, workflow: new RunWorkflowContext(run, frame, current, at) };
}
