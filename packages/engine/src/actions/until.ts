/**
 * Until: runs its actions, then evaluates `expression`; repeats until it is true, `limit.count`
 * iterations ran (default 60, max 5000) or `limit.timeout` passed (default PT1H → TimedOut). The
 * deadline is journaled, so a resumed loop keeps its original deadline.
 */
import { addDuration } from '../runtime-support/iso-duration.ts';
import type { ActionHandler } from '../runtime/action-handler.ts';
import { enterLoop } from '../runtime/frame.ts';
import { runLevel } from '../runtime/graph.ts';
import type { ActionStatus } from '../store/run-store.ts';
import { evaluateCondition } from './condition.ts';
import { containerOutcome } from './container.ts';
import { ActionFailure, describeType } from './errors.ts';

export const untilAction: ActionHandler = {
  sideEffect: false,
  container: true,
  async run(ctx) {
    const { limits, clock } = ctx.run.env;
    const limit = (ctx.evaluate(ctx.def, 'limit', ctx.def.limit) ?? {}) as { count?: unknown; timeout?: unknown };
    const count = limit.count === undefined ? limits.untilCountDefault : Number(limit.count);
    if (!Number.isInteger(count) || count < 1 || count > limits.untilCountMax) {
      throw new ActionFailure('InvalidActionInput', `action '${ctx.name}' limit.count: expected an integer from 1 to ${limits.untilCountMax}, got ${JSON.stringify(limit.count)}`);
    }
    const timeout = limit.timeout ?? limits.untilTimeoutDefault;
    if (typeof timeout !== 'string') {
      throw new ActionFailure('InvalidActionInput', `action '${ctx.name}' limit.timeout: expected an ISO 8601 duration, got ${describeType(timeout)}`);
    }
    const priorState = ctx.prior?.state as { deadline?: string } | undefined;
    let deadline = priorState?.deadline;
    if (!deadline) {
      try {
        deadline = addDuration(new Date(clock.now()), timeout).toISOString();
      } catch {
        throw new ActionFailure('InvalidActionInput', `action '${ctx.name}' limit.timeout: expected an ISO 8601 duration, got '${timeout}'`);
      }
    }
    ctx.progress({ state: { deadline } });
    let status: ActionStatus = 'Succeeded';
    for (let i = 0; i < count && !ctx.run.stopped; i++) {
      const frame = enterLoop(ctx.frame, ctx.name, i, false);
      status = (await runLevel(ctx.run, ctx.def.actions ?? {}, frame, ctx.path)).status;
      if (evaluateCondition(ctx, (v) => ctx.evaluate(ctx.def, 'expression', v))) break;
      if (clock.now() >= Date.parse(deadline)) {
        return { status: 'TimedOut', error: { code: 'ActionTimedOut', message: `action '${ctx.name}' did not meet its condition before limit.timeout ${timeout}` }, state: { deadline } };
      }
    }
    return containerOutcome(status, { state: { deadline } });
  },
};
