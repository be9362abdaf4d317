/**
 * Rebuilds, from a ledger entry, the connector request recovery reads and restores through: the
 * same operation and resource, the connection named again by reference (its credentials come from
 * the vault or the original run's `$connections`, never from the ledger).
 */
import type { ConnectorOperation, ConnectorRequest, ConnectorResolver, RunStore } from '@riposte/engine';
import type { LedgerEntry, LedgerRequest } from '../ledger/ledger-entry.ts';

/** Finds settings for the connection a ledger entry used (undefined: let the resolver's vault supply them). */
export type ConnectionSettingsSource = (entry: LedgerEntry) => Promise<Record<string, unknown> | undefined>;

/** Settings from the `$connections` parameter of the run that made the change. */
export function runConnectionSettings(runs: RunStore): ConnectionSettingsSource {
  return async (entry) => {
    if (entry.actor.kind !== 'run') return undefined;
    const run = await runs.getRun(entry.actor.runId);
    const raw = run?.parameters?.$connections as Record<string, unknown> | undefined;
    if (!raw || typeof raw !== 'object') return undefined;
    const value = (raw as { value?: unknown }).value;
    const all = (value && typeof value === 'object' && !('connectionId' in raw) ? value : raw) as Record<string, { connectionId?: string; settings?: Record<string, unknown> }>;
    const ref = entry.request.connection;
    const found = all[ref.name] ?? Object.values(all).find((c) => c?.connectionId !== undefined && c.connectionId === ref.connectionId);
    return found?.settings;
  };
}

export interface BoundOperation {
  operation: ConnectorOperation;
  request: ConnectorRequest;
}

/**
 * The operation and request a step works with; undefined when the connector is gone. `opened` is
 * the entry's request with secured queries and body opened (ChangeLedger.openRequest); it is sent
 * to the connector only, never stored on a plan.
 */
export async function bindEntry(entry: LedgerEntry, opened: LedgerRequest, connectors: ConnectorResolver, settingsOf: ConnectionSettingsSource, key: string, signal: AbortSignal): Promise<BoundOperation | undefined> {
  const r = opened;
  const found = connectors.resolve(r.connection.api, r.method, r.path);
  if (!found?.operation.state) return undefined;
  const settings = await settingsOf(entry);
  return {
    operation: found.operation,
    request: {
      connection: { ...r.connection, ...(settings ? { settings } : {}) },
      method: r.method as ConnectorRequest['method'],
      path: r.path,
      pathParams: { ...found.pathParams, ...r.pathParams },
      queries: r.queries ?? {},
      headers: {},
      body: r.body,
      idempotencyKey: key,
      runId: key.split('/')[0] ?? key,
      actionName: 'Recover',
      signal,
    },
  };
}

/** A thrown error as a step error: a code and a message, never a stack. */
export function stepError(err: unknown, fallback = 'RestoreFailed'): { code: string; message: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : fallback, message: err.message };
  }
  return { code: fallback, message: String(err) };
}
