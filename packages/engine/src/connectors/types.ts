/**
 * The connector seam. A connector is a typed description of operations addressed the way Logic Apps
 * `ApiConnection` / `ApiConnectionWebhook` actions address them (managed API + method + path), each
 * with its schemas, the permission it needs, and — when it changes an outside resource — how to read
 * that resource's state and how to undo the change. Connectors are registered explicitly in a
 * ConnectorRegistry; the engine dispatches to them and never knows what they talk to.
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head';

/** A connection a playbook refers to through `@parameters('$connections')[...]`. */
export interface ConnectionRef {
  /** Key in $connections, e.g. "azuresentinel_1". */
  name: string;
  /** Managed API name taken from `id` (…/managedApis/<api>), lower-cased, e.g. "azuresentinel". */
  api: string;
  connectionId?: string;
  /** Decrypted settings and credentials; never logged or journaled. */
  settings?: Record<string, unknown>;
}

/** A call to one connector operation, with the already-evaluated inputs of the action. */
export interface ConnectorRequest {
  connection: ConnectionRef;
  method: HttpMethod;
  /** Evaluated path, e.g. "/Incidents/Comment". */
  path: string;
  /** Values bound from `{name}` segments of the matched path template. */
  pathParams: Record<string, string>;
  queries: Record<string, unknown>;
  headers: Record<string, string>;
  body: unknown;
  /** Stable across retries and restarts: run id, action path, iteration indexes. */
  idempotencyKey: string;
  runId: string;
  actionName: string;
  signal: AbortSignal;
}

export interface ConnectorResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Where a changing operation records and restores outside state (issue #4 change ledger). */
export interface ResourceStateAccess {
  /** Identify the resource the request changes, e.g. { kind: 'ldap-user', id: 'uid=bob,...' }. */
  resource(req: ConnectorRequest): { kind: string; id: string };
  /** Read the current state of the resource (before-state, and verification after recovery). */
  read(req: ConnectorRequest): Promise<unknown>;
  /**
   * Restore a recorded before-state. Resolves with a notice when the outside system cannot be put
   * back (a password that was replaced, a risk state no call sets): recovery reports that step as
   * not restorable, with the message, instead of verifying it.
   */
  restore(req: ConnectorRequest, before: unknown): Promise<void | RestoreNotice>;
}

/** What `restore` resolves with when it could not do what was asked. */
export interface RestoreNotice {
  restored: false;
  message: string;
}

export interface ConnectorOperation {
  /** Stable id, e.g. "azuresentinel.addComment". */
  id: string;
  summary: string;
  method: HttpMethod;
  /** Path template: literal segments and `{param}` segments, e.g. "/Incidents/Comment". */
  path: string;
  /** Permission a caller needs (checked where runs are started by users). */
  permission?: string;
  inputSchema?: unknown;
  outputSchema?: unknown;
  /** Present on operations that change an outside resource. */
  state?: ResourceStateAccess;
  execute(req: ConnectorRequest): Promise<ConnectorResponse>;
}

/** An ApiConnectionWebhook trigger or action: subscribe with a callback URL, then wait. */
export interface ConnectorWebhookOperation {
  id: string;
  summary: string;
  method: HttpMethod;
  path: string;
  subscribe(req: ConnectorRequest, callbackUrl: string): Promise<{ subscriptionId: string }>;
  unsubscribe?(subscriptionId: string): Promise<void>;
}

export interface Connector {
  /** Managed API name, lower-case, e.g. "azuresentinel". */
  api: string;
  displayName: string;
  operations: ConnectorOperation[];
  webhooks?: ConnectorWebhookOperation[];
}
