/**
 * Finds the connection an ApiConnection action names (`inputs.host.connection.name`, usually
 * `@parameters('$connections')['x']['connectionId']`) in the run's `$connections` parameter.
 */
import type { ConnectionRef } from '../connectors/types.ts';
import { ActionFailure } from './errors.ts';

interface ConnectionEntry {
  connectionId?: string;
  connectionName?: string;
  id?: string;
  settings?: Record<string, unknown>;
}

function entries(parameters: Record<string, unknown>): Record<string, ConnectionEntry> {
  const p = parameters.$connections as Record<string, unknown> | undefined;
  if (!p || typeof p !== 'object') return {};
  // Accept the ARM shape { value: { ... } } as well as the bare map.
  const v = (p as { value?: unknown }).value;
  if (v && typeof v === 'object' && !Array.isArray(v) && !('connectionId' in p)) return v as Record<string, ConnectionEntry>;
  return p as Record<string, ConnectionEntry>;
}

/** Resolves the named connection; the managed API comes from `id` (…/managedApis/<api>). */
export function resolveConnection(parameters: Record<string, unknown>, name: unknown): ConnectionRef {
  if (typeof name !== 'string' || name === '') throw new ActionFailure('InvalidActionInput', 'inputs.host.connection.name: expected a connection name');
  const all = entries(parameters);
  const found = Object.entries(all).find(([key, e]) => key === name || e?.connectionId === name || e?.connectionName === name);
  const key = found?.[0] ?? name.split('/').pop()!;
  const entry = found?.[1] ?? {};
  const fromId = /managedApis\/([^/?#]+)/i.exec(entry.id ?? '')?.[1] ?? /managedApis\/([^/?#]+)/i.exec(name)?.[1];
  const api = (fromId ?? key.replace(/(_\d+)+$/, '')).toLowerCase();
  const ref: ConnectionRef = { name: key, api };
  if (entry.connectionId) ref.connectionId = entry.connectionId;
  if (entry.settings) ref.settings = entry.settings;
  return ref;
}
