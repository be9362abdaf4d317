import { apiFromName, connectionNameOf } from '../import/connections.ts';
import { normalizeType } from './types.ts';
import { childPointer } from './problem.ts';
import type { CheckInput } from './validation-context.ts';
import { isJsonObject } from './json-object.ts';

/**
 * ApiConnection / ApiConnectionWebhook operations name a connection we can read statically, and —
 * when a registry is given — an operation some registered connector provides.
 */
export function checkConnectorOperations(input: CheckInput): void {
  const apiByConnection = new Map((input.options.connections ?? []).map((c) => [c.name.toLowerCase(), c.api]));
  const check = (op: Record<string, unknown>, pointer: string): void => {
    const type = typeof op.type === 'string' ? normalizeType(op.type) : '';
    if (type !== 'apiconnection' && type !== 'apiconnectionwebhook') return;
    const inputsAt = childPointer(pointer, 'inputs');
    const inputs = isJsonObject(op.inputs) ? op.inputs : {};
    const connection = connectionNameOf(inputs.host);
    if (connection.kind === 'missing') {
      input.report({ pointer: inputsAt, code: 'Structure', message: 'an ApiConnection needs inputs.host.connection.name (or referenceName)' });
      return;
    }
    if (connection.kind === 'dynamic') {
      input.report({
        pointer: childPointer(childPointer(childPointer(inputsAt, 'host'), 'connection'), 'name'),
        code: 'ConnectionNotStatic',
        message: `connection name is not statically resolvable: ${connection.expression}`,
      });
      return;
    }
    const registry = input.options.connectors;
    if (!registry) return;
    const api = apiByConnection.get(connection.name.toLowerCase()) ?? apiFromName(connection.name);
    const webhook = type === 'apiconnectionwebhook';
    // Webhook subscriptions are POSTed by Logic Apps; they rarely state a method.
    const method = (typeof inputs.method === 'string' ? inputs.method : webhook ? 'post' : 'get').toLowerCase();
    const path = typeof inputs.path === 'string' ? inputs.path : '/';
    if (!registry.hasOperationFor(api, method, path, webhook)) {
      input.report({ pointer, code: 'ConnectorNotAvailable', message: `connector not available: ${api} ${method} ${path}` });
    }
  };
  for (const t of input.triggers) check(t.trigger, t.pointer);
  for (const s of input.sites) check(s.action, s.pointer);
}
