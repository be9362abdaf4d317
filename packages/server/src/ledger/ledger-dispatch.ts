/**
 * The connector-dispatch interceptor: wraps whatever resolves connector operations for the engine
 * (the ConnectorRegistry, possibly already wrapped by the connection vault) so that every operation
 * that declares `state` goes: read before → ledger entry (pending) → execute → read after → applied
 * or failed. Operations without `state` pass through untouched.
 */
import type { ConnectorOperation, ConnectorRegistry, ConnectorRequest, ConnectorResolver, ConnectorResponse } from '@riposte/engine';
import { StagedConnectorRegistry } from '../connectors/dispatch/staged-registry.ts';
import { failureResponse } from '../connectors/sdk/define-operation.ts';
import type { ChangeLedger } from './change-ledger.ts';
import type { LedgerEntry } from './ledger-entry.ts';
import { ledgerRequestOf } from './redact-request.ts';
import { actionAt, securesInputs } from './secure-inputs.ts';
import type { RunIncidentResolver } from './run-incident.ts';

/** Header a caller may set to tie a change to an approved change request. */
export const CHANGE_REQUEST_HEADER = 'x-riposte-change-request';

export interface LedgerDispatchOptions {
  ledger: ChangeLedger;
  /** The incident (and workflow name) of the run making the call. */
  incidentOf: RunIncidentResolver;
}

/** A resolver whose changing operations write the change ledger around every call. */
export function withChangeLedger(resolver: ConnectorResolver, options: LedgerDispatchOptions): ConnectorResolver {
  const wrapped = new WeakMap<ConnectorOperation, ConnectorOperation>();
  const wrap = (api: string, op: ConnectorOperation): ConnectorOperation => {
    if (!op.state) return op;
    let w = wrapped.get(op);
    if (!w) {
      w = { ...op, execute: (req) => executeRecorded(api, op, req, options) };
      wrapped.set(op, w);
    }
    return w;
  };
  return {
    resolve(api, method, path) {
      const found = resolver.resolve(api, method, path);
      return found ? { ...found, operation: wrap(api.toLowerCase(), found.operation) } : undefined;
    },
    ...(resolver.resolveWebhook ? { resolveWebhook: resolver.resolveWebhook.bind(resolver) } : {}),
  };
}

/**
 * A ConnectorRegistry (for code typed against the class, e.g. PlaybookService) over `base`: it
 * registers into and lists `base` (connectors added later are seen too), and its resolve() goes
 * through the change ledger.
 */
export class LedgeredConnectorRegistry extends StagedConnectorRegistry {
  constructor(base: ConnectorRegistry, options: LedgerDispatchOptions) {
    super(base, withChangeLedger(base, options));
  }
}

async function executeRecorded(api: string, op: ConnectorOperation, req: ConnectorRequest, options: LedgerDispatchOptions): Promise<ConnectorResponse> {
  const state = op.state!;
  let resource: { kind: string; id: string };
  try {
    resource = state.resource(req);
  } catch {
    // The request cannot even name its resource (bad input): the operation's own validation answers.
    return op.execute(req);
  }
  const { incidentId, workflowName, definition } = await options.incidentOf(req.runId);
  const actionPath = req.idempotencyKey.startsWith(`${req.runId}/`) ? req.idempotencyKey.slice(req.runId.length + 1) : req.actionName;
  const secured = securesInputs(actionAt(definition, actionPath));
  const request = ledgerRequestOf(req, secured);
  const changeRequest = Object.entries(req.headers ?? {}).find(([k]) => k.toLowerCase() === CHANGE_REQUEST_HEADER)?.[1];
  let entry: LedgerEntry;
  try {
    entry = await options.ledger.begin({
      incidentId,
      idempotencyKey: req.idempotencyKey,
      resource,
      api,
      operationId: op.id,
      request,
      // Restoring may need what the marker stands for (an indicator is found by its observable): sealed, not dropped.
      ...(secured ? { securedRequest: { queries: req.queries ?? {}, body: req.body ?? null } } : {}),
      intendedAfter: request.body,
      actor: { kind: 'run', runId: req.runId, actionPath, ...(workflowName ? { workflowName } : {}) },
      changeRequestId: changeRequest ?? null,
      readBefore: () => state.read(req),
    });
  } catch (err) {
    // No before-state, no change: the resource could not be read (unknown user, directory down).
    return failureResponse(err, Object.values(req.connection.settings ?? {}).filter((v): v is string => typeof v === 'string'));
  }
  let res: ConnectorResponse;
  try {
    res = await op.execute(req);
  } catch (err) {
    await options.ledger.markFailed(entry, { code: 'ConnectorFailed', message: err instanceof Error ? err.message : String(err) });
    throw err;
  }
  if (res.statusCode >= 200 && res.statusCode < 300) {
    let after: unknown = null;
    try {
      after = await state.read(req);
    } catch {
      // The change was made; a failed read-back leaves afterState null, which recovery treats as unknown.
    }
    await options.ledger.markApplied(entry, after);
  } else {
    const body = res.body as { error?: { code?: unknown; message?: unknown } } | undefined;
    await options.ledger.markFailed(entry, {
      code: typeof body?.error?.code === 'string' ? body.error.code : `Http${res.statusCode}`,
      message: typeof body?.error?.message === 'string' ? body.error.message : `${op.id} answered ${res.statusCode}`,
    });
  }
  return res;
}
