import { describe, expect, it } from 'vitest';
import { ConnectorRegistry, type ConnectorRequest } from '@riposte/engine';
import { ConnectionVault, MemoryConnectionStorage, newSecretKey, RevealedSecrets, SecretRedactor, withVaultConnections } from '../secrets/index.ts';
import { registryRedactedBy } from '../../wiring/redacting-connectors.ts';
import { keyVaultConnector } from './index.ts';

const CLIENT_SECRET = 'kv~Client.Secret-7f3a9c1e+/=';

function request(path: string, runId = 'run-1'): ConnectorRequest {
  return {
    connection: { name: 'keyvault', api: 'keyvault' },
    method: 'get',
    path,
    pathParams: {},
    queries: {},
    headers: {},
    body: undefined,
    idempotencyKey: 'k',
    runId,
    actionName: 'Get_secret',
    signal: new AbortController().signal,
  };
}

async function vaultWithSecrets() {
  const vault = new ConnectionVault({ storage: new MemoryConnectionStorage(), key: newSecretKey(), specFor: (api) => (api === 'keyvault' ? keyVaultConnector.connection : undefined) });
  await vault.put('keyvault', {
    api: 'keyvault',
    settings: {
      secrets: { 'graph-client-secret': CLIENT_SECRET, 'mde-client-secret': 'mde-secret-value-01', 'old-secret': 'retired-value-99' },
      metadata: {
        'graph-client-secret': { contentType: 'text/plain', version: '9f1c2b7a4d5e46b8a0c3e1f2d4b6a8c0', createdTime: '2026-11-01T08:00:00Z', lastUpdatedTime: '2026-11-20T08:00:00Z' },
        'old-secret': { enabled: false },
      },
    },
  });
  return vault;
}

/** Resolves and runs `path` through `registry` (with the vault's settings). */
async function call(registry: ConnectorRegistry, vault: ConnectionVault, path: string, runId?: string) {
  const resolver = withVaultConnections(registry, vault);
  const req = request(path, runId);
  const found = resolver.resolve('keyvault', 'get', path)!;
  return found.operation.execute({ ...req, pathParams: found.pathParams });
}

describe('keyvault Get secret from the connection vault', () => {
  const plain = new ConnectorRegistry().register(keyVaultConnector);

  it('answers the Logic Apps Key Vault shape, the name matched without regard to case', async () => {
    const vault = await vaultWithSecrets();
    const res = await call(plain, vault, '/secrets/Graph-Client-Secret/value');
    expect(res).toEqual({
      statusCode: 200,
      body: {
        value: CLIENT_SECRET,
        name: 'graph-client-secret',
        version: '9f1c2b7a4d5e46b8a0c3e1f2d4b6a8c0',
        contentType: 'text/plain',
        isEnabled: true,
        createdTime: '2026-11-01T08:00:00Z',
        lastUpdatedTime: '2026-11-20T08:00:00Z',
      },
    });
    // Nothing known about a secret stored without metadata is made up.
    expect((await call(plain, vault, '/secrets/mde-client-secret/value')).body).toEqual({
      value: 'mde-secret-value-01',
      name: 'mde-client-secret',
      version: null,
      contentType: null,
      isEnabled: true,
      createdTime: null,
      lastUpdatedTime: null,
    });
  });

  it('names an unknown secret in a 404, refuses a disabled one (403) and a malformed name (400), never quoting a value', async () => {
    const vault = await vaultWithSecrets();
    const missing = await call(plain, vault, '/secrets/no-such-secret/value');
    expect(missing).toEqual({ statusCode: 404, body: { error: { code: 'NotFound', message: "secret 'no-such-secret' is not in this key vault connection", field: '/path/secretName' } } });
    const disabled = await call(plain, vault, '/secrets/old-secret/value');
    expect(disabled).toMatchObject({ statusCode: 403, body: { error: { message: "secret 'old-secret' is disabled" } } });
    const malformed = await call(plain, vault, `/secrets/${encodeURIComponent('a b')}/value`);
    expect(malformed).toMatchObject({ statusCode: 400, body: { error: { code: 'InvalidInput', field: '/path/secretName' } } });
    expect(JSON.stringify([missing, disabled, malformed])).not.toMatch(/retired-value|mde-secret|kv~Client/);
  });

  it('keeps the values encrypted and lists them as ***; metadata naming no secret is refused with its field', async () => {
    const storage = new MemoryConnectionStorage();
    const vault = new ConnectionVault({ storage, key: newSecretKey(), specFor: (api) => (api === 'keyvault' ? keyVaultConnector.connection : undefined) });
    await vault.put('keyvault', { api: 'keyvault', settings: { secrets: { 'graph-client-secret': CLIENT_SECRET } } });
    const [listed] = await vault.list();
    expect(listed).toMatchObject({ api: 'keyvault', settings: { secrets: '***' }, secretKeys: ['secrets'] });
    expect(JSON.stringify(await storage.list())).not.toContain(CLIENT_SECRET);
    expect(vault.redactor.redact(`secret=${CLIENT_SECRET}`)).toBe('secret=***');
    await expect(vault.put('kv2', { api: 'keyvault', settings: { secrets: { a1: 'value-1' }, metadata: { b2: { contentType: 'x' } } } })).rejects.toMatchObject({ field: '/settings/metadata/b2' });
    await expect(vault.put('kv3', { api: 'keyvault', settings: { secrets: { 'bad name': 'value-1' } } })).rejects.toMatchObject({ field: expect.stringMatching(/^\/settings\/secrets/) });
  });

  it('through the installation redactor: the run gets the value when its journal knows `revealed`, else only ***', async () => {
    const vault = await vaultWithSecrets();
    const revealed = new RevealedSecrets();
    const withJournal = await call(registryRedactedBy(plain, vault.redactor, revealed), vault, '/secrets/graph-client-secret/value', 'run-7');
    expect(withJournal.body).toMatchObject({ value: CLIENT_SECRET, name: 'graph-client-secret' });
    expect(revealed.of('run-7')!.redact(`client_secret=${encodeURIComponent(CLIENT_SECRET)}`)).toBe('client_secret=***');
    expect(revealed.of('run-8')).toBeUndefined();

    const redactor = new SecretRedactor();
    const without = await call(registryRedactedBy(plain, redactor), vault, '/secrets/graph-client-secret/value');
    expect(without.body).toMatchObject({ value: '***', name: 'graph-client-secret' });
    // Either way every later log line masks it.
    expect(redactor.redact(`token request with ${CLIENT_SECRET}`)).toBe('token request with ***');
  });
});
