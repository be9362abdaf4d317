/** Response: the answer to the caller of a Request trigger; exposed through the runtime's onResponse hook. */
import type { ActionHandler } from '../runtime/action-handler.ts';
import type { RunResponse } from '../store/run-store.ts';
import { ActionFailure } from './errors.ts';

function toResponse(inputs: unknown): RunResponse {
  const i = (inputs ?? {}) as { statusCode?: unknown; headers?: unknown; body?: unknown };
  const statusCode = i.statusCode === undefined ? 200 : Number(i.statusCode);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    throw new ActionFailure('InvalidActionInput', `inputs.statusCode: expected an HTTP status code from 100 to 599, got ${JSON.stringify(i.statusCode)}`);
  }
  const headers: Record<string, string> = {};
  if (i.headers && typeof i.headers === 'object') for (const [k, v] of Object.entries(i.headers)) headers[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return { statusCode, headers, ...(i.body !== undefined ? { body: i.body } : {}) };
}

export const responseAction: ActionHandler = {
  sideEffect: false,
  immediate: true,
  async run(ctx) {
    const inputs = ctx.evaluate(ctx.def, 'inputs', ctx.def.inputs);
    const response = toResponse(inputs);
    if (ctx.run.response) throw new ActionFailure('ActionResponseAlreadySent', 'the run already sent its response');
    ctx.run.respond(response);
    return { status: 'Succeeded', inputs, outputs: response };
  },
  replay(ctx, entry) {
    if (entry.status === 'Succeeded' && !ctx.run.response && entry.outputs && typeof entry.outputs === 'object' && 'statusCode' in entry.outputs) {
      ctx.run.response = entry.outputs as RunResponse;
    }
  },
};
