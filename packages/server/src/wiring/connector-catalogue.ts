/**
 * The connector catalogue: what each connector of the dispatch registry does and what a connection
 * of it needs, with the names of the vault connections stored for it. Built from the connectors'
 * own descriptions (`describeConnector`) and the vault's masked list, so no setting value — secret
 * or not — is ever part of it: only the settings' schema and the names of the credential settings.
 */
import type { Connector, ConnectorRegistry } from '@riposte/engine';
import { z } from 'zod';
import { describeConnector, type ConnectorDescription, type DescribedConnector } from '../connectors/sdk/index.ts';
import type { ConnectionSummary } from '../connectors/secrets/index.ts';

const jsonSchema = z.record(z.string(), z.unknown());
const operationSummarySchema = z.object({
  id: z.string(),
  summary: z.string(),
  method: z.string(),
  path: z.string(),
  permission: z.string(),
  effect: z.enum(['read', 'notify', 'change']),
  reversible: z.boolean().describe('The operation changes a resource whose state the change ledger records and recovery restores'),
});
const connectorFields = {
  api: z.string().describe('Managed API name, as playbooks\' $connections ids end (lower-case)'),
  displayName: z.string(),
  connection: z
    .object({ schema: jsonSchema.describe('JSON schema of the connection settings'), secrets: z.array(z.string()).describe('Names of the settings that are credentials') })
    .optional()
    .describe('What a connection of this connector holds; absent when it needs none'),
  connections: z.array(z.string()).describe('Names of the stored vault connections for this connector, sorted'),
};

/** One connector in `GET /api/connectors`: its operations without their input and output schemas. */
export const connectorSummarySchema = z.object({ ...connectorFields, operations: z.array(operationSummarySchema) }).meta({ id: 'ConnectorSummary' });
/** `GET /api/connectors/{api}`: the whole description, operations with their input and output schemas. */
export const connectorDetailSchema = z
  .object({ ...connectorFields, operations: z.array(operationSummarySchema.extend({ inputSchema: jsonSchema, outputSchema: jsonSchema.optional() })) })
  .meta({ id: 'ConnectorDetail' });

export type ConnectorDetail = ConnectorDescription & { connections: string[] };
export type ConnectorSummary = Omit<ConnectorDetail, 'operations'> & {
  operations: Array<Omit<ConnectorDescription['operations'][number], 'inputSchema' | 'outputSchema'>>;
};

/**
 * Whether a connector carries the SDK's description (every operation with its permission, effect
 * and input schema). Only such connectors are catalogued: one built without the SDK (the engine's
 * `riposte-test`, which tests register) has nothing true to say about permissions or effects.
 */
export function isDescribedConnector(connector: Connector): connector is DescribedConnector {
  return connector.operations.every((op) => {
    const d = op as Partial<DescribedConnector['operations'][number]>;
    return typeof d.permission === 'string' && typeof d.effect === 'string' && typeof d.inputSchema === 'object' && d.inputSchema !== null;
  });
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// The description converts zod schemas to JSON schema; a registered connector object never changes.
const described = new WeakMap<DescribedConnector, ConnectorDescription>();
function descriptionOf(connector: DescribedConnector): ConnectorDescription {
  let d = described.get(connector);
  if (!d) described.set(connector, (d = describeConnector(connector)));
  return d;
}

/** The vault connection names per (lower-case) api, each list sorted. */
function connectionNamesByApi(connections: readonly ConnectionSummary[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of connections) {
    const api = c.api.toLowerCase();
    out.set(api, [...(out.get(api) ?? []), c.name]);
  }
  for (const names of out.values()) names.sort(byText);
  return out;
}

function detailOf(connector: DescribedConnector, names: Map<string, string[]>): ConnectorDetail {
  return { ...descriptionOf(connector), connections: names.get(connector.api.toLowerCase()) ?? [] };
}

/** Every described connector of the registry, sorted by api, operations without their schemas. */
export function connectorCatalogue(registry: ConnectorRegistry, connections: readonly ConnectionSummary[]): ConnectorSummary[] {
  const names = connectionNamesByApi(connections);
  return registry
    .list()
    .filter(isDescribedConnector)
    .map((connector) => {
      const { operations, ...rest } = detailOf(connector, names);
      return { ...rest, operations: operations.map(({ inputSchema: _in, outputSchema: _out, ...op }) => op) };
    })
    .sort((a, b) => byText(a.api, b.api));
}

/** One described connector by api (case-insensitive), with its full description; undefined when unknown. */
export function connectorDetail(registry: ConnectorRegistry, api: string, connections: readonly ConnectionSummary[]): ConnectorDetail | undefined {
  const connector = registry.get(api.toLowerCase());
  if (!connector || !isDescribedConnector(connector)) return undefined;
  return detailOf(connector, connectionNamesByApi(connections));
}
