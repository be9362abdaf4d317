/**
 * Workflow: runs another definition (found through the runtime's resolver) as a child run and
 * takes the child's Response as its outputs, under the action's retry policy (a child answering
 * 408/429/5xx is run again). The child's run id derives from the idempotency key and the attempt,
 * so a resumed parent continues the same child instead of starting a second one.
 */
import { createHash } from 'node:crypto';
import type { ActionHandler } from '../runtime/action-handler.ts';
import { ActionFailure } from './errors.ts';
import type { RetryPolicy, WorkflowDefinition } from '../definition/types.ts';
import { statusName } from './http.ts';
import { withRetries } from './retrying.ts';

export const workflowAction: ActionHandler = {
  sideEffect: true,
  async run(ctx) {
    const inputs = ctx.evaluate(ctx.def, 'inputs', ctx.def.inputs) as {
      host?: { workflow?: { id?: unknown }; triggerName?: unknown };
      body?: unknown;
      headers?: Record<string, string>;
      retryPolicy?: RetryPolicy;
    };
    const id = inputs?.host?.workflow?.id;
    if (typeof id !== 'string') throw new ActionFailure('InvalidActionInput', 'inputs.host.workflow.id: expected a string');
    // The resolved definition is journaled, so a resume (which may have no resolver) starts later attempts from it.
    const recorded = (ctx.prior?.state as { target?: { name: string; definition: WorkflowDefinition } } | undefined)?.target;
    const resolver = ctx.run.env.resolveWorkflow;
    const target = recorded ?? (resolver ? await resolver(id) : undefined);
    if (!target) return { status: 'Failed', inputs, error: { code: 'WorkflowNotFound', message: `inputs.host.workflow.id: no workflow '${id}' is available to this runtime` } };
    ctx.progress({ state: { target } });
    // Each attempt is its own child run, named by the idempotency key and the attempt number, so a
    // resumed parent continues the attempt that was running instead of starting another.
    const { result, attempts } = await withRetries(
      ctx,
      inputs.retryPolicy,
      inputs,
      async (attempt) => {
        const childId = `${ctx.run.id}-${createHash('sha256').update(`${ctx.idempotencyKey}#${attempt}`).digest('hex').slice(0, 16)}`;
        const child = await ctx.run.env.runChild(childId, ctx.run.id, target.name, target.definition, { headers: inputs.headers ?? {}, body: inputs.body });
        const statusCode = child.response?.statusCode ?? (child.status === 'Succeeded' ? 202 : 500);
        return { outcome: { statusCode }, value: { childId, child } };
      },
      { resumedIsNewAttempt: false },
    );
    const { childId, child } = result.value!;
    const response = child.response;
    if (!response) {
      const ok = child.status === 'Succeeded';
      return {
        status: ok ? 'Succeeded' : 'Failed',
        inputs,
        outputs: { statusCode: ok ? 202 : 500, headers: {}, body: { runId: childId, status: child.status } },
        attempts,
        error: ok ? null : { code: 'WorkflowRunFailed', message: `child run ${childId} ended ${child.status}: ${child.error?.message ?? ''}`.trim() },
      };
    }
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    return {
      status: ok ? 'Succeeded' : 'Failed',
      inputs,
      outputs: { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body },
      attempts,
      code: statusName(response.statusCode),
      error: ok ? null : { code: statusName(response.statusCode), message: `child workflow answered ${response.statusCode}` },
    };
  },
};
