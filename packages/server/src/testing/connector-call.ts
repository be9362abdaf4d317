/**
 * Calls one connector operation the way the engine does (resolved by method + path, settings as the
 * vault hands them over), for connector tests that do not need a whole playbook run.
 */
import { ConnectorRegistry, type Connector, type ConnectorResponse, type HttpMethod } from '@riposte/engine';

export interface OperationCall {
  settings: Record<string, unknown>;
  body?: unknown;
  queries?: Record<string, unknown>;
  /** As the engine gives it: the same for every attempt of one action (default `run-1/<api>`). */
  idempotencyKey?: string;
}

export async function callOperation(connector: Connector, method: HttpMethod, path: string, call: OperationCall): Promise<ConnectorResponse> {
  const found = new ConnectorRegistry().register(connector).resolve(connector.api, method, path);
  if (!found) throw new Error(`${connector.api} has no operation for ${method.toUpperCase()} ${path}`);
  return found.operation.execute({
    connection: { name: connector.api, api: connector.api, settings: call.settings },
    method,
    path,
    pathParams: found.pathParams,
    queries: call.queries ?? {},
    headers: {},
    body: call.body,
    idempotencyKey: call.idempotencyKey ?? `run-1/${connector.api}`,
    runId: 'run-1',
    actionName: 'Call',
    signal: new AbortController().signal,
  });
}
