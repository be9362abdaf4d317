/** Terminate: ends the run at once with runStatus Succeeded, Failed or Cancelled (and runError). */
import type { ActionContext, ActionHandler } from '../runtime/action-handler.ts';
import type { RunError, RunStatus } from '../store/run-store.ts';
import { ActionFailure } from './errors.ts';

function decide(inputs: unknown): { status: RunStatus; error: RunError | null } {
  const i = (inputs ?? {}) as { runStatus?: unknown; runError?: { code?: unknown; message?: unknown } };
  const status = ['Succeeded', 'Failed', 'Cancelled'].find((s) => s.toLowerCase() === String(i.runStatus ?? '').toLowerCase()) as RunStatus | undefined;
  if (!status) throw new ActionFailure('InvalidActionInput', `inputs.runStatus: expected Succeeded, Failed or Cancelled, got ${JSON.stringify(i.runStatus) ?? 'nothing'}`);
  if (status === 'Succeeded') return { status, error: null };
  const code = i.runError?.code !== undefined ? String(i.runError.code) : status === 'Failed' ? 'Terminated' : 'Cancelled';
  const message = i.runError?.message !== undefined ? String(i.runError.message) : `The run was terminated with status ${status}.`;
  return { status, error: { code, message } };
}

export const terminateAction: ActionHandler = {
  sideEffect: false,
  immediate: true,
  async run(ctx: ActionContext) {
    const inputs = ctx.evaluate(ctx.def, 'inputs', ctx.def.inputs);
    const { status, error } = decide(inputs);
    ctx.run.terminate(status, error);
    return { status: 'Succeeded', inputs };
  },
  replay(ctx, entry) {
    if (entry.status === 'Succeeded') {
      const { status, error } = decide(entry.inputs);
      ctx.run.terminate(status, error);
    }
  },
};
