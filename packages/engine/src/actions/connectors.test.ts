import { describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '../connectors/registry.ts';
import { testConnector } from '../connectors/test-connector.ts';
import type { Connector } from '../connectors/types.ts';
import { runDefinition } from '../runtime/test-support.ts';
import { MemoryRunStore } from '../store/memory-run-store.ts';
import { WorkflowRuntime } from '../runtime/workflow-runtime.ts';

const connections = { $connections: { type: 'Object', defaultValue: {} } };
const params = { $connections: { 'riposte-test_1': { connectionId: '/subscriptions/s/connections/riposte-test-1', id: '/subscriptions/s/providers/Microsoft.Web/locations/x/managedApis/riposte-test', connectionName: 'riposte-test-1' } } };
const host = { connection: { name: "@parameters('$connections')['riposte-test_1']['connectionId']" } };

describe('ApiConnection', () => {
  it('resolves the connection from $connections and dispatches to the registered operation with the idempotency key', async () => {
    const keys: string[] = [];
    const spy: Connector = {
      ...testConnector,
      operations: testConnector.operations.map((op) => ({ ...op, execute: async (req) => (keys.push(req.idempotencyKey), op.execute(req)) })),
    };
    const { byName, result } = await runDefinition(
      { parameters: connections, actions: { Echo: { type: 'ApiConnection', inputs: { host, method: 'post', path: '/echo', body: { a: '@triggerBody()' }, queries: { q: 1 } } }, Item: { type: 'ApiConnection', inputs: { host, method: 'get', path: "/items/@{encodeURIComponent('x 1')}" } } } },
      { parameters: params, triggerBody: 5 },
      { connectors: new ConnectorRegistry().register(spy) },
    );
    expect(byName.Echo.outputs).toMatchObject({ statusCode: 200, body: { body: { a: 5 }, queries: { q: 1 } } });
    expect(byName.Item.outputs).toMatchObject({ body: { id: 'x 1' } });
    expect(keys).toContain(`${result.runId}/Echo`);
  });

  it('lets the host add credentials to the connection without journaling them', async () => {
    let seen: unknown;
    const spy: Connector = { ...testConnector, operations: [{ ...testConnector.operations[0], execute: async (req) => ((seen = req.connection.settings), { statusCode: 200, body: {} }) }] };
    const { store, result } = await runDefinition(
      { parameters: connections, actions: { Echo: { type: 'ApiConnection', inputs: { host, method: 'post', path: '/echo' } } } },
      { parameters: params },
      { connectors: new ConnectorRegistry().register(spy), resolveConnection: async (ref) => ({ ...ref, settings: { apiKey: 'k-123' } }) },
    );
    expect(seen).toEqual({ apiKey: 'k-123' });
    expect(JSON.stringify(await store.listActions(result.runId))).not.toContain('k-123');
  });

  it('fails naming the api, method and path when no connector has the operation', async () => {
    const { byName } = await runDefinition(
      { parameters: connections, actions: { Nope: { type: 'ApiConnection', inputs: { host, method: 'delete', path: '/missing' } } } },
      { parameters: params },
      { connectors: new ConnectorRegistry().register(testConnector) },
    );
    expect(byName.Nope.error).toEqual({ code: 'ConnectorNotAvailable', message: 'connector not available: riposte-test delete /missing' });
  });

  it('fails with the answer of a failing operation after the retry policy', async () => {
    const { byName } = await runDefinition(
      { parameters: connections, actions: { Bad: { type: 'ApiConnection', inputs: { host, method: 'post', path: '/fail', body: { statusCode: 400 } } } } },
      { parameters: params },
      { connectors: new ConnectorRegistry().register(testConnector) },
    );
    expect(byName.Bad.status).toBe('Failed');
    expect(byName.Bad.attempts).toBe(1);
    expect(byName.Bad.error?.code).toBe('BadRequest');
  });
});

describe('ApiConnectionWebhook', () => {
  it('waits for deliverCallback and outputs the payload', async () => {
    const runtime = new WorkflowRuntime({ store: new MemoryRunStore(), connectors: new ConnectorRegistry().register(testConnector), callbackBaseUrl: 'https://riposte.test/api' });
    const handle = await runtime.start({
      definition: {
        parameters: connections,
        actions: { Ask: { type: 'ApiConnectionWebhook', inputs: { host, method: 'post', path: '/subscribe', body: { NotificationUrl: '@{listCallbackUrl()}' } } }, Use: { type: 'Compose', inputs: "@body('Ask')?['answer']", runAfter: { Ask: ['Succeeded'] } } },
      },
      parameters: params,
    });
    for (let i = 0; i < 50 && (await runtime.history(handle.runId)).actions.find((a) => a.name === 'Ask')?.status !== 'Waiting'; i++) await new Promise((r) => setTimeout(r, 2));
    await runtime.deliverCallback(handle.runId, 'Ask', { answer: 'approve' });
    const result = await handle.done;
    expect(result.status).toBe('Succeeded');
    const { actions } = await runtime.history(handle.runId);
    expect(actions.find((a) => a.name === 'Use')?.outputs).toBe('approve');
    // listCallbackUrl() in the action's own inputs names that action's callback.
    const ask = actions.find((a) => a.name === 'Ask') as { inputs?: { body?: { NotificationUrl?: string } } };
    expect(ask.inputs?.body?.NotificationUrl).toBe(`https://riposte.test/api/runs/${handle.runId}/callbacks/Ask`);
  });
});

describe('ApiConnectionWebhook without a method', () => {
  it('subscribes with POST, as exported Sentinel playbooks expect', async () => {
    const runtime = new WorkflowRuntime({ store: new MemoryRunStore(), connectors: new ConnectorRegistry().register(testConnector), callbackBaseUrl: 'https://riposte.test/api' });
    const handle = await runtime.start({
      definition: { parameters: connections, actions: { Ask: { type: 'ApiConnectionWebhook', inputs: { host, path: '/subscribe', body: {} } } } },
      parameters: params,
    });
    for (let i = 0; i < 50 && (await runtime.history(handle.runId)).actions.find((a) => a.name === 'Ask')?.status !== 'Waiting'; i++) await new Promise((r) => setTimeout(r, 2));
    await runtime.deliverCallback(handle.runId, 'Ask', { ok: true });
    expect((await handle.done).status).toBe('Succeeded');
  });
});

describe('Workflow (child runs)', () => {
  it('runs the child definition and takes its Response as outputs', async () => {
    const child = { actions: { Reply: { type: 'Response', inputs: { statusCode: 200, body: { doubled: "@mul(triggerBody()?['n'], 2)" } } } } };
    const { byName, store } = await runDefinition(
      { actions: { Call: { type: 'Workflow', inputs: { host: { workflow: { id: '/subscriptions/s/workflows/child' }, triggerName: 'manual' }, body: { n: 21 } } }, Use: { type: 'Compose', inputs: "@body('Call')?['doubled']", runAfter: { Call: ['Succeeded'] } } } },
      {},
      { resolveWorkflow: async (id) => (id.endsWith('/child') ? { name: 'child', definition: child } : undefined) },
    );
    expect(byName.Use.outputs).toBe(42);
    expect(await store.listUnfinished()).toEqual([]);
  });

  it('runs the child again under the retry policy when it answers 5xx', async () => {
    const child = { actions: { Reply: { type: 'Response', inputs: { statusCode: 503, body: 'busy' } } } };
    const { byName, store, result } = await runDefinition(
      { actions: { Call: { type: 'Workflow', inputs: { host: { workflow: { id: 'child' } }, retryPolicy: { type: 'fixed', count: 1, interval: 'PT5S' } } } } },
      {},
      { resolveWorkflow: async () => ({ name: 'child', definition: child }) },
    );
    expect(byName.Call.status).toBe('Failed');
    expect(byName.Call.attempts).toBe(2);
    expect(byName.Call.error?.code).toBe('ServiceUnavailable');
    expect(await store.listUnfinished()).toEqual([]);
    expect(result.status).toBe('Failed');
  });

  it('fails when the workflow is unknown or the child answers an error', async () => {
    const child = { actions: { Reply: { type: 'Response', inputs: { statusCode: 409, body: 'conflict' } } } };
    const { byName } = await runDefinition(
      { actions: { Missing: { type: 'Workflow', inputs: { host: { workflow: { id: 'nope' } } } }, Conflict: { type: 'Workflow', inputs: { host: { workflow: { id: 'child' } } } } } },
      {},
      { resolveWorkflow: async (id) => (id === 'child' ? { name: 'child', definition: child } : undefined) },
    );
    expect(byName.Missing.error?.code).toBe('WorkflowNotFound');
    expect(byName.Conflict.status).toBe('Failed');
    expect(byName.Conflict.outputs).toMatchObject({ statusCode: 409 });
  });
});
