/** Scope: groups actions; its status is the status of its inside (see runtime/graph.ts). */
import type { ActionHandler } from '../runtime/action-handler.ts';
import { runLevel } from '../runtime/graph.ts';
import { containerOutcome } from './container.ts';

export const scopeAction: ActionHandler = {
  sideEffect: false,
  container: true,
  async run(ctx) {
    const level = await runLevel(ctx.run, ctx.def.actions ?? {}, ctx.frame, ctx.path);
    return containerOutcome(level.status);
  },
};
