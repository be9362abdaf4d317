import { describe, expect, it } from 'vitest';
import { ConnectorRegistry, testConnector, type ConnectorRequest } from '@riposte/engine';
import { MemoryConnectionStorage } from './connection-storage.ts';
import { registryWithVault, withVaultConnections } from './connection-dispatch.ts';
import { ConnectionVault } from './connection-vault.ts';
import { newSecretKey } from './secret-key.ts';

/** A vault holding `connections`, and a test connector whose echo operation records the connection settings each call is handed. */
async function recordingSetup(connections: Record<string, { api: string; settings: Record<string, unknown> }>) {
  const vault = new ConnectionVault({ storage: new MemoryConnectionStorage(), key: newSecretKey() });
  for (const [name, connection] of Object.entries(connections)) await vault.put(name, connection);
  const seen: unknown[] = [];
  const registry = new ConnectorRegistry().register({
    ...testConnector,
    operations: [{ ...testConnector.operations[0], execute: async (req) => (seen.push(req.connection.settings), { statusCode: 200 }) }],
  });
  return { vault, registry, seen };
}

/** An echo request without its connection. */
const echo = { method: 'post', path: '/echo', pathParams: {}, queries: {}, headers: {}, body: null, idempotencyKey: 'k', runId: 'r', actionName: 'a', signal: new AbortController().signal } as const;

describe('withVaultConnections', () => {
  it('hands the operation the stored settings of the named connection at dispatch', async () => {
    const { vault, registry, seen } = await recordingSetup({ 'riposte-test': { api: 'riposte-test', settings: { token: 'tok-1234' } } });
    const resolver = withVaultConnections(registry, vault);
    const found = resolver.resolve('riposte-test', 'post', '/echo')!;
    const req: ConnectorRequest = { ...echo, connection: { name: 'riposte-test', api: 'riposte-test' } };
    await found.operation.execute(req);
    expect(seen.at(-1)).toEqual({ token: 'tok-1234' });
    expect(req.connection.settings).toBeUndefined();
    await found.operation.execute({ ...req, connection: { name: 'other', api: 'riposte-test', connectionId: '/subscriptions/x/connections/riposte-test' } });
    expect(seen.at(-1)).toEqual({ token: 'tok-1234' });
    expect(resolver.resolve('riposte-test', 'post', '/nope')).toBeUndefined();
  });
});

describe('registryWithVault', () => {
  it('is a ConnectorRegistry with the same connectors whose operations get vault settings', async () => {
    const { vault, registry: plain, seen } = await recordingSetup({ 'riposte-test': { api: 'riposte-test', settings: { token: 'tok-5678' } } });
    const registry = registryWithVault(plain, vault);
    expect(registry).toBeInstanceOf(ConnectorRegistry);
    expect(registry.list().map((c) => c.api)).toEqual(['riposte-test']);
    const found = registry.resolve('riposte-test', 'post', '/echo')!;
    await found.operation.execute({ ...echo, connection: { name: 'riposte-test', api: 'riposte-test' } });
    expect(seen.at(-1)).toEqual({ token: 'tok-5678' });
    expect(registry.hasOperationFor('riposte-test', 'post', '/echo')).toBe(true);
  });
});

describe('webhook subscriptions', () => {
  it('subscribe with the vault settings of their connection too (an approval email needs its SMTP relay)', async () => {
    const { vault, registry } = await recordingSetup({ 'riposte-test': { api: 'riposte-test', settings: { token: 'tok-hook' } } });
    const subscribed: unknown[] = [];
    registry.register({
      ...registry.get('riposte-test')!,
      webhooks: [{ id: 'hook', summary: 'subscribe', method: 'post', path: '/subscriptions', subscribe: async (req) => (subscribed.push(req.connection.settings), { subscriptionId: 's' }) }],
    });
    const req = { ...echo, connection: { name: 'riposte-test', api: 'riposte-test' } };
    await registryWithVault(registry, vault).resolveWebhook('riposte-test', 'post', '/subscriptions')!.operation.subscribe(req, 'http://cb');
    await withVaultConnections(registry, vault).resolveWebhook!('riposte-test', 'post', '/subscriptions')!.operation.subscribe(req, 'http://cb');
    expect(subscribed).toEqual([{ token: 'tok-hook' }, { token: 'tok-hook' }]);
  });
});

describe('connection lookup at dispatch', () => {
  it('falls back to the connection named after the api, and never uses a connection of another api', async () => {
    const { vault, registry, seen } = await recordingSetup({
      'riposte-test': { api: 'riposte-test', settings: { token: 'default-token' } },
      'shared-name': { api: 'slack', settings: { token: 'slack-token' } },
    });
    const op = withVaultConnections(registry, vault).resolve('riposte-test', 'post', '/echo')!.operation;
    await op.execute({ ...echo, connection: { name: 'riposte-test-Block-AADUser', api: 'riposte-test', connectionId: '/subscriptions/s/connections/riposte-test-Block-AADUser' } });
    await op.execute({ ...echo, connection: { name: 'shared-name', api: 'riposte-test' } });
    expect(seen).toEqual([{ token: 'default-token' }, { token: 'default-token' }]);
  });
});
