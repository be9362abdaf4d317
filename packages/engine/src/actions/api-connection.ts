/**
 * ApiConnection: a managed-connector call, dispatched to the operation the ConnectorRegistry finds
 * for (api, method, path). Runs under the retry policy like Http, with the same idempotency key.
 */
import type { ConnectorRequest, HttpMethod } from '../connectors/types.ts';
import type { RetryPolicy } from '../definition/types.ts';
import type { ActionHandler } from '../runtime/action-handler.ts';
import { resolveConnection } from './connection.ts';
import { ActionFailure, describeType } from './errors.ts';
import { statusName } from './http.ts';
import { withRetries } from './retrying.ts';

export interface ApiConnectionInputs {
  host?: { connection?: { name?: unknown } };
  method?: unknown;
  path?: unknown;
  queries?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  body?: unknown;
  retryPolicy?: RetryPolicy;
}

/** Evaluates an ApiConnection-style action's inputs. Without `method`, Logic Apps uses GET for calls and POST to subscribe a webhook. */
export async function connectorCall(ctx: ActionContext, defaultMethod: HttpMethod = 'get') {
  const inputs = ctx.evaluate(ctx.def, 'inputs', ctx.def.inputs) as ApiConnectionInputs;
  if (!inputs || typeof inputs !== 'object') throw new ActionFailure('InvalidActionInput', `inputs: expected an object, got ${describeType(inputs)}`);
  const named = resolveConnection(ctx.run.run.parameters, inputs.host?.connection?.name);
  // The server adds the connection's settings and credentials here; they never reach the journal.
  const connection = ctx.run.env.resolveConnection ? await ctx.run.env.resolveConnection(named) : named;
  const method = String(inputs.method ?? defaultMethod).toLowerCase() as HttpMethod;
  if (typeof inputs.path !== 'string') throw new ActionFailure('InvalidActionInput', `inputs.path: expected a string, got ${describeType(inputs.path)}`);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(inputs.headers ?? {})) headers[k] = typeof v === 'string' ? v : JSON.stringify(v);
  const recorded = { host: { connection: { name: connection.name }, api: connection.api }, method, path: inputs.path, ...(inputs.queries ? { queries: inputs.queries } : {}), ...(inputs.body !== undefined ? { body: inputs.body } : {}) };
  return { inputs, connection, method, path: inputs.path, headers, recorded };
}

type ActionContext = Parameters<ActionHandler['run']>[0];

/** The request a connector operation (a call or a webhook subscription) receives for an evaluated call. */
export function connectorRequest(
  ctx: ActionContext,
  call: Awaited<ReturnType<typeof connectorCall>>,
  pathParams: Record<string, string>,
): ConnectorRequest {
  return {
    connection: call.connection,
    method: call.method,
    path: call.path,
    pathParams,
    queries: call.inputs.queries ?? {},
    headers: call.headers,
    body: call.inputs.body,
    idempotencyKey: ctx.idempotencyKey,
    runId: ctx.run.id,
    actionName: ctx.name,
    signal: ctx.run.signal,
  };
}

export const apiConnectionAction: ActionHandler = {
  sideEffect: true,
  async run(ctx) {
    const call = await connectorCall(ctx);
    const found = ctx.run.env.connectors?.resolve(call.connection.api, call.method, call.path);
    if (!found) {
      return { status: 'Failed', inputs: call.recorded, error: { code: 'ConnectorNotAvailable', message: `connector not available: ${call.connection.api} ${call.method} ${call.path}` } };
    }
    const { result, attempts } = await withRetries(ctx, call.inputs.retryPolicy, call.recorded, async () => {
      try {
        const res = await found.operation.execute(connectorRequest(ctx, call, found.pathParams));
        return { outcome: { statusCode: res.statusCode }, value: res };
      } catch (err) {
        // A typed failure is the connector's verdict; anything else is treated like a lost connection.
        if (err instanceof ActionFailure || ctx.run.signal.aborted) throw err;
        return { outcome: { connectionError: true }, error: err };
      }
    });
    if (!result.value) {
      const message = result.error instanceof Error ? result.error.message : String(result.error);
      return { status: 'Failed', inputs: call.recorded, attempts, error: { code: 'ConnectorFailed', message: `${found.operation.id}: ${message}` } };
    }
    const res = result.value;
    const ok = res.statusCode >= 200 && res.statusCode < 300;
    return {
      status: ok ? 'Succeeded' : 'Failed',
      inputs: call.recorded,
      outputs: { statusCode: res.statusCode, headers: res.headers ?? {}, body: res.body },
      attempts,
      code: statusName(res.statusCode),
      error: ok ? null : { code: statusName(res.statusCode), message: `${found.operation.id} answered ${res.statusCode}` },
    };
  },
};
