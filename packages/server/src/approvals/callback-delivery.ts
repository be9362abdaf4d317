/**
 * Delivering an answer to the waiting run: callback URLs minted by the WorkflowRuntime end in
 * `/runs/<runId>/callbacks/<action path>[#<iterations>]`; the answer goes straight to
 * `deliverCallback`, which journals it when the run is not in memory (so it survives restarts).
 */
import type { WorkflowRuntime } from '@riposte/engine';
import type { CallbackDelivery } from './approval-service.ts';

/** The run id, action path and loop iteration a runtime callback URL addresses. */
export function parseRuntimeCallbackUrl(url: string): { runId: string; actionPath: string; iteration: number[] } | undefined {
  try {
    new URL(url);
  } catch {
    return undefined;
  }
  // The raw path, not URL's: it would resolve a run id or action path of "." or ".." away.
  const m = /\/runs\/([^/]+)\/callbacks\/([^/]+)$/.exec(url.split(/[?#]/)[0]!);
  if (!m) return undefined;
  let runId: string;
  let key: string;
  try {
    runId = decodeURIComponent(m[1]!);
    key = decodeURIComponent(m[2]!);
  } catch {
    return undefined; // a stray "%" that is no escape
  }
  const hash = key.lastIndexOf('#');
  if (hash < 0) return { runId, actionPath: key, iteration: [] };
  const iteration = key.slice(hash + 1).split(',').map(Number);
  if (iteration.some((n) => !Number.isInteger(n) || n < 0)) return undefined;
  return { runId, actionPath: key.slice(0, hash), iteration };
}

/** Delivery through a WorkflowRuntime in this process. */
export function runtimeCallbackDelivery(runtime: Pick<WorkflowRuntime, 'deliverCallback'>): CallbackDelivery {
  return async (callbackUrl, payload) => {
    const target = parseRuntimeCallbackUrl(callbackUrl);
    if (!target) throw new Error(`not a run callback URL: ${callbackUrl}`);
    await runtime.deliverCallback(target.runId, target.actionPath, payload, target.iteration);
  };
}
