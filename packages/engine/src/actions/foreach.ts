/**
 * Foreach: runs its actions once per item, up to `runtimeConfiguration.concurrency.repetitions`
 * iterations at a time (default 20, max 50), or one at a time in order with operationOptions
 * "Sequential". Fails when any iteration failed.
 */
import type { ActionHandler } from '../runtime/action-handler.ts';
import { enterLoop } from '../runtime/frame.ts';
import { runLevel } from '../runtime/graph.ts';
import type { ActionStatus } from '../store/run-store.ts';
import { containerOutcome, worstOf } from './container.ts';
import { ActionFailure, describeType } from './errors.ts';

export const foreachAction: ActionHandler = {
  sideEffect: false,
  container: true,
  async run(ctx) {
    const { limits } = ctx.run.env;
    const items = ctx.evaluate(ctx.def, 'foreach', ctx.def.foreach);
    if (!Array.isArray(items)) {
      throw new ActionFailure('InvalidTemplate', `action '${ctx.name}' foreach: expected an array, got ${describeType(items)}`);
    }
    if (items.length > limits.foreachItemsMax) {
      throw new ActionFailure('ForeachLimitExceeded', `action '${ctx.name}' foreach: ${items.length} items is more than the limit of ${limits.foreachItemsMax}`);
    }
    const sequential = String(ctx.def.operationOptions ?? '').toLowerCase().split(',').map((s) => s.trim()).includes('sequential');
    const asked = Number(ctx.def.runtimeConfiguration?.concurrency?.repetitions ?? limits.foreachConcurrencyDefault);
    const width = sequential ? 1 : Math.max(1, Math.min(Number.isFinite(asked) ? asked : limits.foreachConcurrencyDefault, limits.foreachConcurrencyMax));
    const statuses: ActionStatus[] = new Array(items.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < items.length && !ctx.run.stopped) {
        const i = next++;
        const frame = enterLoop(ctx.frame, ctx.name, i, true, items[i]);
        statuses[i] = (await runLevel(ctx.run, ctx.def.actions ?? {}, frame, ctx.path)).status;
      }
    };
    await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
    return containerOutcome(worstOf(statuses.filter(Boolean)));
  },
};
