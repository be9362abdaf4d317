import type { Connector, ConnectorWebhookOperation } from '@riposte/engine';
import type { ConnectionSpec } from './connection-spec.ts';
import { toJsonSchema, type DescribedOperation, type OperationEffect } from './define-operation.ts';

/** A Connector that also describes its connection settings. */
export interface DescribedConnector extends Connector {
  operations: DescribedOperation[];
  connection?: ConnectionSpec<unknown>;
}

export interface ConnectorSpec {
  /** Managed API name as playbooks' $connections ids end, lower-case, e.g. "office365". */
  api: string;
  displayName: string;
  connection?: ConnectionSpec<any>;
  operations: DescribedOperation[];
  webhooks?: ConnectorWebhookOperation[];
}

/** Builds a connector; refuses duplicate operation ids and two operations on one method + path. */
export function defineConnector(spec: ConnectorSpec): DescribedConnector {
  if (spec.api !== spec.api.toLowerCase()) throw new Error(`connector api '${spec.api}' must be lower-case`);
  const ids = new Set<string>();
  const routes = new Set<string>();
  for (const op of spec.operations) {
    if (ids.has(op.id)) throw new Error(`${spec.api}: operation id '${op.id}' is declared twice`);
    ids.add(op.id);
    const route = `${op.method} ${op.path.replace(/\{[^}]+\}/g, '{}').toLowerCase()}`;
    if (routes.has(route)) throw new Error(`${spec.api}: two operations answer ${op.method.toUpperCase()} ${op.path}`);
    routes.add(route);
  }
  return {
    api: spec.api,
    displayName: spec.displayName,
    operations: spec.operations,
    ...(spec.webhooks ? { webhooks: spec.webhooks } : {}),
    ...(spec.connection ? { connection: spec.connection } : {}),
  };
}

export interface ConnectorDescription {
  api: string;
  displayName: string;
  connection?: { schema: Record<string, unknown>; secrets: readonly string[] };
  operations: Array<{
    id: string;
    summary: string;
    method: string;
    path: string;
    permission: string;
    effect: OperationEffect;
    reversible: boolean;
    inputSchema: Record<string, unknown>;
    outputSchema?: Record<string, unknown>;
  }>;
}

/** The connector as plain JSON data (for the API, the console and docs). */
export function describeConnector(connector: DescribedConnector): ConnectorDescription {
  return {
    api: connector.api,
    displayName: connector.displayName,
    ...(connector.connection ? { connection: { schema: toJsonSchema(connector.connection.schema), secrets: connector.connection.secrets } } : {}),
    operations: connector.operations.map((op) => ({
      id: op.id,
      summary: op.summary,
      method: op.method,
      path: op.path,
      permission: op.permission,
      effect: op.effect,
      reversible: op.state !== undefined,
      inputSchema: op.inputSchema,
      ...(op.outputSchema ? { outputSchema: op.outputSchema } : {}),
    })),
  };
}
