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

/** What runAfter says about one level, worked out once per level object (definitions do not change under runs). */
interface LevelPlan {
  names: string[];
  /** Per action: the siblings it runs after (names outside the level are ignored), each with the statuses it accepts, lower-cased. */
  preds: Map<string, Array<{ name: string; accepted: string[]; expected: string[] }>>;
  /** Actions no sibling runs after. */
  terminal: string[];
}

const plans = new WeakMap<Record<string, WorkflowAction>, LevelPlan>();

function planOf(actions: Record<string, WorkflowAction>): LevelPlan {
  let plan = plans.get(actions);
  if (plan) return plan;
  const names = Object.keys(actions);
  const preds = new Map<string, Array<{ name: string; accepted: string[]; expected: string[] }>>();
  const hasDependant = new Set<string>();
  for (const name of names) {
    const runAfter = actions[name]!.runAfter ?? {};
    const list: Array<{ name: string; accepted: string[]; expected: string[] }> = [];
    for (const pred of Object.keys(runAfter)) {
      hasDependant.add(pred);
      if (!Object.hasOwn(actions, pred)) continue;
      const statuses = runAfter[pred] as RunAfterStatus[] | undefined;
      // An empty list means the default: run after success.
      const expected = statuses && statuses.length > 0 ? statuses.map(String) : ['Succeeded'];
      list.push({ name: pred, expected, accepted: expected.map((st) => st.toLowerCase()) });
    }
    preds.set(name, list);
  }
  plan = { names, preds, terminal: names.filter((n) => !hasDependant.has(n)) };
  plans.set(actions, plan);
  return plan;
}

/** Runs one level to the end and returns its status. */
export function runLevel(run: RunExecution, actions: Record<string, WorkflowAction>, frame: Frame, parentPath: string): Promise<LevelResult> {
  const plan = planOf(actions);
  if (plan.names.length === 0) return Promise.resolve({ status: 'Succeeded' });
  const done = new Map<string, ActionStatus>();
  const started = new Set<string>();
  let inflight = 0;

  return new Promise<LevelResult>((resolve, reject) => {
    const pump = (): void => {
      if (!run.stopped) {
        for (const name of plan.names) {
          if (started.has(name)) continue;
          const preds = plan.preds.get(name)!;
          if (!preds.every((p) => done.has(p.name))) continue;
          started.add(name);
          inflight++;
          const def = actions[name]!;
          const unmet = preds.find((p) => !p.accepted.includes(done.get(p.name)!.toLowerCase()));
          const work =
            unmet === undefined
              ? run.runAction(name, def, frame, parentPath)
              : run.skipAction(name, def, frame, parentPath, {
                  code: 'ActionConditionFailed',
                  message: `The execution of template action '${name}' is skipped: the 'runAfter' condition for action '${unmet.name}' is not satisfied. Expected status values '${unmet.expected.join("', '")}' and actual value '${done.get(unmet.name)}'.`,
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
      if (inflight === 0) resolve({ status: statusOf(plan, done) });
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
  return statusOf(planOf(actions), done);
}

function statusOf(plan: LevelPlan, done: ReadonlyMap<string, ActionStatus>): ActionStatus {
  let result = 'Succeeded';
  let memo: Map<string, string> | undefined;
  for (const name of plan.terminal) {
    const status = done.get(name);
    if (status === undefined) continue;
    const effective = status === 'Skipped' ? traced(plan, done, name, new Set(), (memo ??= new Map())) : status;
    if (severity(effective) > severity(result)) result = effective;
  }
  return result as ActionStatus;
}

/** The status a Skipped action stands for: the worst of the actions it ran after, traced back until something ran. */
function traced(plan: LevelPlan, done: ReadonlyMap<string, ActionStatus>, name: string, seen: Set<string>, memo: Map<string, string>): string {
  const cached = memo.get(name);
  if (cached) return cached;
  const status = done.get(name);
  let result: string;
  if (status === undefined) result = 'Succeeded';
  else if (status !== 'Skipped') result = status;
  else {
    seen.add(name);
    const preds = plan.preds.get(name)!.filter((p) => !seen.has(p.name));
    result = preds.length === 0 ? 'Succeeded' : worst(preds.map((p) => traced(plan, done, p.name, seen, memo)));
  }
  memo.set(name, result);
  return result;
}

const severity = (status: string): number => SEVERITY[status.toLowerCase()] ?? 0;

function worst(statuses: string[]): string {
  let best = 'Succeeded';
  for (const s of statuses) if (severity(s) > severity(best)) best = s;
  return best;
}
