/**
 * Runs the actions of one level (the top level, or the inside of a container) by their runAfter:
 * an action starts when every action it runs after has finished with an accepted status; when that
 * can no longer happen it is Skipped, which its own dependants then see. Independent branches run
 * concurrently. The level's status comes from its terminal actions (see levelStatus).
 */
import type { RunAfterStatus, WorkflowAction } from '../definition/types.ts';
import type { ActionStatus } from '../store/run-store.ts';
import type { Frame } from './frame.ts';
import type { RunExecution } from './run-execution.ts';

export interface LevelResult {
  status: ActionStatus;
}

function accepted(def: WorkflowAction, pred: string): string[] {
  const list = def.runAfter?.[pred] as RunAfterStatus[] | undefined;
  // An empty list means the default: run after success.
  return (list && list.length > 0 ? list : ['Succeeded']).map((s) => s.toLowerCase());
}

/** Runs one level to the end and returns its status. */
export function runLevel(run: RunExecution, actions: Record<string, WorkflowAction>, frame: Frame, parentPath: string): Promise<LevelResult> {
  const names = Object.keys(actions);
  if (names.length === 0) return Promise.resolve({ status: 'Succeeded' });
  const done = new Map<string, ActionStatus>();
  const started = new Set<string>();
  let inflight = 0;

  return new Promise<LevelResult>((resolve, reject) => {
    const pump = (): void => {
      if (!run.stopped) {
        for (const name of names) {
          if (started.has(name)) continue;
          const def = actions[name];
          const preds = Object.keys(def.runAfter ?? {});
          if (!preds.every((p) => done.has(p) || !Object.hasOwn(actions, p))) continue;
          started.add(name);
          inflight++;
          const unmet = preds.find((p) => Object.hasOwn(actions, p) && !accepted(def, p).includes(done.get(p)!.toLowerCase()));
          const work =
            unmet === undefined
              ? run.runAction(name, def, frame, parentPath)
              : run.skipAction(name, def, frame, parentPath, {
                  code: 'ActionConditionFailed',
                  message: `The execution of template action '${name}' is skipped: the 'runAfter' condition for action '${unmet}' is not satisfied. Expected status values '${accepted(def, unmet).join("', '")}' and actual value '${done.get(unmet)}'.`,
                });
          work.then(
            (status) => {
              done.set(name, status);
              inflight--;
              pump();
            },
            reject,
          );
        }
      }
      if (inflight === 0) resolve({ status: levelStatus(actions, done) });
    };
    pump();
  });
}

const SEVERITY: Record<string, number> = { failed: 4, timedout: 3, cancelled: 2, aborted: 2, succeeded: 0, skipped: 0 };

/**
 * Status of a level from its terminal actions (those no sibling runs after). A Skipped terminal
 * action stands for the statuses of the actions it ran after, traced back until something ran; so
 * a failure that a runAfter-Failed handler dealt with does not fail the level, but a failure whose
 * success path was skipped does. Worst wins: Failed, TimedOut, Cancelled, else Succeeded.
 */
export function levelStatus(actions: Record<string, WorkflowAction>, done: ReadonlyMap<string, ActionStatus>): ActionStatus {
  const names = Object.keys(actions);
  const hasDependant = new Set<string>();
  for (const n of names) for (const p of Object.keys(actions[n].runAfter ?? {})) hasDependant.add(p);
  const memo = new Map<string, string>();
  const effective = (name: string, seen: Set<string>): string => {
    const cached = memo.get(name);
    if (cached) return cached;
    const status = done.get(name);
    let result: string;
    if (status === undefined) result = 'Succeeded';
    else if (status !== 'Skipped') result = status;
    else {
      seen.add(name);
      const preds = Object.keys(actions[name].runAfter ?? {}).filter((p) => Object.hasOwn(actions, p) && !seen.has(p));
      result = preds.length === 0 ? 'Succeeded' : worst(preds.map((p) => effective(p, seen)));
    }
    memo.set(name, result);
    return result;
  };
  const terminal = names.filter((n) => !hasDependant.has(n) && done.has(n));
  return worst(terminal.map((n) => effective(n, new Set()))) as ActionStatus;
}

function worst(statuses: string[]): string {
  let best = 'Succeeded';
  for (const s of statuses) if ((SEVERITY[s.toLowerCase()] ?? 0) > (SEVERITY[best.toLowerCase()] ?? 0)) best = s;
  return best;
}
