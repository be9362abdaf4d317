/**
 * ApiConnectionWebhook (action): subscribes with a callback URL, then waits durably until
 * WorkflowRuntime.deliverCallback() brings the payload. The subscription id and a payload that
 * arrives while the run is not in memory are journaled in the action's state.
 */
import type { ActionHandler } from '../runtime/action-handler.ts';
import { connectorCall, connectorRequest } from './api-connection.ts';

interface WebhookState {
  subscriptionId?: string;
  callback?: { payload: unknown };
}

export const apiConnectionWebhookAction: ActionHandler = {
  sideEffect: true,
  async run(ctx) {
    const call = await connectorCall(ctx, 'post');
    const found = ctx.run.env.connectors?.resolveWebhook?.(call.connection.api, call.method, call.path);
    if (!found) {
      return { status: 'Failed', inputs: call.recorded, error: { code: 'ConnectorNotAvailable', message: `connector not available: ${call.connection.api} ${call.method} ${call.path}` } };
    }
    const key = ctx.idempotencyKey.slice(ctx.run.id.length + 1);
    let state: WebhookState = { ...((ctx.prior?.state as WebhookState | undefined) ?? {}) };
    if (!state.subscriptionId) {
      await ctx.flush();
      const url = ctx.run.env.callbackUrl(ctx.run.id, ctx.path, ctx.frame.iteration);
      const sub = await found.operation.subscribe(connectorRequest(ctx, call, found.pathParams), url);
      state = { ...state, subscriptionId: sub.subscriptionId };
    }
    ctx.progress({ status: 'Waiting', inputs: call.recorded, state });
    const payload = state.callback ? state.callback.payload : await ctx.run.env.awaitCallback(ctx.run.id, key, ctx.run.signal);
    state = { ...state, callback: { payload } };
    if (found.operation.unsubscribe && state.subscriptionId) await found.operation.unsubscribe(state.subscriptionId).catch(() => {});
    return { status: 'Succeeded', inputs: call.recorded, outputs: { body: payload }, state };
  },
};
