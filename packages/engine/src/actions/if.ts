/** If: runs `actions` when the condition holds, else `else.actions`; the other branch is Skipped. */
import type { ActionHandler } from '../runtime/action-handler.ts';
import { runLevel } from '../runtime/graph.ts';
import { evaluateCondition } from './condition.ts';
import { containerOutcome, skipBranch } from './container.ts';

export const ifAction: ActionHandler = {
  sideEffect: false,
  container: true,
  async run(ctx) {
    // The decision is journaled so a resume takes the same branch even if the condition reads the clock.
    const prior = ctx.prior?.state as { expressionResult?: boolean } | undefined;
    const result = typeof prior?.expressionResult === 'boolean' ? prior.expressionResult : evaluateCondition(ctx, (v) => ctx.evaluate(ctx.def, 'expression', v));
    ctx.progress({ inputs: { expressionResult: result }, state: { expressionResult: result } });
    const taken = result ? ctx.def.actions : ctx.def.else?.actions;
    const other = result ? ctx.def.else?.actions : ctx.def.actions;
    await skipBranch(ctx.run, other, ctx.frame, ctx.path);
    const level = await runLevel(ctx.run, taken ?? {}, ctx.frame, ctx.path);
    return containerOutcome(level.status, { inputs: { expressionResult: result }, state: { expressionResult: result } });
  },
};
