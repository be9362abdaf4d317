/** Compose: its outputs are its evaluated inputs. */
import type { ActionHandler } from '../runtime/action-handler.ts';

export const composeAction: ActionHandler = {
  sideEffect: false,
  immediate: true,
  async run(ctx) {
    const value = ctx.evaluate(ctx.def, 'inputs', ctx.def.inputs);
    return { status: 'Succeeded', inputs: value, outputs: value ?? null };
  },
};
