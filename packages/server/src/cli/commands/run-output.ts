/** How `riposte run` and `riposte resume` print a finished run (JSON contract or readable summary). */
import type { ActionEntry, RunHistory } from '@riposte/engine';

export interface RunJson {
  runId: string;
  status: string;
  outputs: Record<string, unknown>;
  actions: Record<string, { status: string; inputs?: unknown; outputs?: unknown; error: unknown }>;
  error: unknown;
}

function compareIteration(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** The CLI's JSON view: one entry per action name, the last iteration for actions inside loops. */
export function runJson(history: RunHistory): RunJson {
  const latest = new Map<string, ActionEntry>();
  for (const e of history.actions) {
    const seen = latest.get(e.name);
    if (!seen || compareIteration(e.iteration, seen.iteration) >= 0) latest.set(e.name, e);
  }
  const actions: RunJson['actions'] = {};
  for (const [name, e] of latest) {
    actions[name] = { status: e.status, ...(e.inputs !== undefined ? { inputs: e.inputs } : {}), ...(e.outputs !== undefined ? { outputs: e.outputs } : {}), error: e.error ?? null };
  }
  return { runId: history.run.id, status: history.run.status, outputs: history.run.outputs ?? {}, actions, error: history.run.error ?? null };
}

function duration(start?: string, end?: string): string {
  if (!start || !end) return '';
  return `${Math.max(0, Date.parse(end) - Date.parse(start))} ms`;
}

/** Readable summary: the run's status, then each action execution with status and duration. */
export function runSummary(history: RunHistory): string {
  const { run } = history;
  const lines = [`run ${run.id} (${run.workflowName}): ${run.status}  ${duration(run.startTime, run.endTime)}`];
  for (const e of history.actions) {
    const depth = e.path.split('/').length - 1;
    const label = `${'  '.repeat(depth + 1)}${e.name}${e.iteration.length > 0 ? ` [${e.iteration.join(',')}]` : ''}`;
    const err = e.error && e.status !== 'Skipped' ? `  ${e.error.code}: ${e.error.message}` : '';
    lines.push(`${label.padEnd(40)} ${e.status.padEnd(10)} ${duration(e.startTime, e.endTime).padStart(8)}${err}`);
  }
  if (run.error) lines.push(`error: ${run.error.code}: ${run.error.message}`);
  if (run.outputs && Object.keys(run.outputs).length > 0) lines.push(`outputs: ${JSON.stringify(run.outputs)}`);
  return `${lines.join('\n')}\n`;
}
