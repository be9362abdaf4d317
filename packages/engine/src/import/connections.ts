import type { ConnectionRef } from '../connectors/types.ts';
import { isJsonObject } from '../definition/json-object.ts';

/** The managed API named by an id such as ".../managedApis/azuresentinel", lower-cased. */
export function apiFromId(id: unknown): string | undefined {
  if (typeof id !== 'string') return undefined;
  const match = /\/managedApis\/([^/?#]+)\/?$/i.exec(id.trim());
  return match ? match[1]!.toLowerCase() : undefined;
}

/** Connection records from a resolved `$connections` value ({ name: { connectionId, id, ... } }). */
export function connectionsFromParameter(value: unknown): ConnectionRef[] {
  if (!isJsonObject(value)) return [];
  const out: ConnectionRef[] = [];
  for (const [name, entry] of Object.entries(value)) {
    if (!isJsonObject(entry)) continue;
    const api = apiFromId(entry.id) ?? apiFromId(isJsonObject(entry.api) ? entry.api.id : undefined) ?? apiFromName(name);
    const ref: ConnectionRef = { name, api };
    if (typeof entry.connectionId === 'string') ref.connectionId = entry.connectionId;
    out.push(ref);
  }
  return out;
}

/** Connection records from a gallery template's `connectionReferences` ({ name: { api: { id } } }). */
export function connectionsFromReferences(value: unknown): ConnectionRef[] {
  if (!isJsonObject(value)) return [];
  return Object.entries(value).map(([name, entry]) => {
    const e = isJsonObject(entry) ? entry : {};
    const api = apiFromId(isJsonObject(e.api) ? e.api.id : e.id) ?? apiFromName(name);
    return { name, api };
  });
}

/** Best guess when only a name is known (Standard referenceName): "office365_1" → "office365". */
export function apiFromName(name: string): string {
  return name.replace(/[-_]\d+$/, '').toLowerCase();
}

export type ConnectionName = { kind: 'static'; name: string } | { kind: 'dynamic'; expression: string } | { kind: 'missing' };

const staticReference = /^@\{?\s*parameters\(\s*'\$connections'\s*\)\s*\[\s*'((?:[^']|'')+)'\s*\]\s*\[\s*'connectionId'\s*\]\s*\}?$/i;

/**
 * The `$connections` key an ApiConnection action's `inputs.host.connection` names, read without
 * evaluating anything: `@parameters('$connections')['NAME']['connectionId']`, or a Standard
 * workflow's `referenceName`.
 */
export function connectionNameOf(host: unknown): ConnectionName {
  if (!isJsonObject(host) || !isJsonObject(host.connection)) return { kind: 'missing' };
  const connection = host.connection;
  if (typeof connection.referenceName === 'string' && connection.referenceName !== '') {
    return { kind: 'static', name: connection.referenceName };
  }
  if (typeof connection.name !== 'string') return { kind: 'missing' };
  const match = staticReference.exec(connection.name.trim());
  if (match) return { kind: 'static', name: match[1]!.replace(/''/g, "'") };
  return { kind: 'dynamic', expression: connection.name };
}
