/** Switch: runs the case whose `case` equals the evaluated `expression`, else `default`. */
import type { ActionHandler } from '../runtime/action-handler.ts';
import { runLevel } from '../runtime/graph.ts';
import { containerOutcome, skipBranch } from './container.ts';
import { ActionFailure, describeType } from './errors.ts';

export const switchAction: ActionHandler = {
  sideEffect: false,
  container: true,
  async run(ctx) {
    const prior = ctx.prior?.state as { case?: string | null } | undefined;
    let chosen: string | null;
    if (prior && 'case' in prior) chosen = prior.case ?? null;
    else {
      const value = ctx.evaluate(ctx.def, 'expression', ctx.def.expression);
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new ActionFailure('InvalidTemplate', `action '${ctx.name}' expression: expected a string or an integer, got ${describeType(value)}`);
      }
      chosen = null;
      for (const [name, c] of Object.entries(ctx.def.cases ?? {})) {
        if (c.case === value || (typeof c.case !== typeof value && String(c.case) === String(value))) {
          chosen = name;
          break;
        }
      }
    }
    const state = { case: chosen };
    ctx.progress({ state });
    for (const [name, c] of Object.entries(ctx.def.cases ?? {})) if (name !== chosen) await skipBranch(ctx.run, c.actions, ctx.frame, ctx.path);
    if (chosen !== null) await skipBranch(ctx.run, ctx.def.default?.actions, ctx.frame, ctx.path);
    const actions = chosen !== null ? ctx.def.cases![chosen].actions : ctx.def.default?.actions;
    const level = await runLevel(ctx.run, actions ?? {}, ctx.frame, ctx.path);
    return containerOutcome(level.status, { state });
  },
};
