import type { Connector, ConnectorOperation, ConnectorWebhookOperation, HttpMethod } from './types.ts';
import { matchPath, matchUnevaluatedPath } from './path-template.ts';

export interface ResolvedOperation<T> {
  connector: Connector;
  operation: T;
  pathParams: Record<string, string>;
}

/** Connectors known to this installation, looked up the way ApiConnection actions address them. */
export class ConnectorRegistry {
  readonly #byApi = new Map<string, Connector>();

  /** Adds a connector; a second connector for the same api replaces the first. */
  register(connector: Connector): this {
    this.#byApi.set(connector.api.toLowerCase(), connector);
    return this;
  }

  get(api: string): Connector | undefined {
    return this.#byApi.get(api.toLowerCase());
  }

  list(): Connector[] {
    return [...this.#byApi.values()];
  }

  /** The operation an evaluated (method, path) addresses, with its `{param}` values. */
  resolve(api: string, method: string, path: string): ResolvedOperation<ConnectorOperation> | undefined {
    return findOperation(this.get(api), this.get(api)?.operations ?? [], method, path);
  }

  /** Same for ApiConnectionWebhook subscriptions. */
  resolveWebhook(api: string, method: string, path: string): ResolvedOperation<ConnectorWebhookOperation> | undefined {
    return findOperation(this.get(api), this.get(api)?.webhooks ?? [], method, path);
  }

  /** Whether a path still containing `@{...}` could address an operation (used by validation). */
  hasOperationFor(api: string, method: string, unevaluatedPath: string, webhook = false): boolean {
    const connector = this.get(api);
    if (!connector) return false;
    const ops: Array<{ method: HttpMethod; path: string }> = webhook ? (connector.webhooks ?? []) : connector.operations;
    const m = method.toLowerCase();
    // A path that is one whole expression ("@concat(...)") cannot be matched before a run.
    const opaque = unevaluatedPath.startsWith('@') && !unevaluatedPath.startsWith('@{') && !unevaluatedPath.startsWith('@@');
    return ops.some((op) => op.method === m && (opaque || matchUnevaluatedPath(op.path, unevaluatedPath)));
  }
}

function findOperation<T extends { method: HttpMethod; path: string }>(
  connector: Connector | undefined,
  operations: T[],
  method: string,
  path: string,
): ResolvedOperation<T> | undefined {
  if (!connector) return undefined;
  const m = method.toLowerCase();
  for (const operation of operations) {
    if (operation.method !== m) continue;
    const pathParams = matchPath(operation.path, path);
    if (pathParams) return { connector, operation, pathParams };
  }
  return undefined;
}
