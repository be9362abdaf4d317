import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '@riposte/engine';
import { office365Connector } from '../email/index.ts';
import { newSecretKey } from './secret-key.ts';
import { openConnectionVault } from './open-vault.ts';

describe('openConnectionVault', () => {
  it('opens the installation vault, validates against registered connectors and primes the redactor', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'riposte-vault-'));
    const db = new Database(join(dataDir, 'riposte.db'));
    const registry = new ConnectorRegistry().register(office365Connector);
    const first = await openConnectionVault({ dataDir, db, registry, env: {} });
    await expect(first.put('office365', { api: 'office365', settings: { port: 25 } })).rejects.toMatchObject({ field: '/settings/host' });
    await first.put('office365', { api: 'office365', settings: { host: 'mail', from: 'soc@example.com', password: 'canary-open-vault' } });
    const again = await openConnectionVault({ dataDir, db, registry, env: {} });
    expect(again.redactor.redact('pw canary-open-vault')).toBe('pw ***');
    expect((await again.list())[0].settings).toEqual({ host: 'mail', from: 'soc@example.com', password: '***' });
  });

  it('reads ciphertexts of a previous key listed in RIPOSTE_SECRET_KEY_PREVIOUS', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'riposte-vault-'));
    const db = new Database(':memory:');
    const oldKey = newSecretKey();
    const old = await openConnectionVault({ dataDir, db, env: { RIPOSTE_SECRET_KEY: oldKey.bytes.toString('base64') } });
    await old.put('slack', { api: 'slack', settings: { webhookUrl: 'https://hooks.example/abc' } });
    const next = newSecretKey();
    const vault = await openConnectionVault({ dataDir, db, env: { RIPOSTE_SECRET_KEY: next.bytes.toString('hex'), RIPOSTE_SECRET_KEY_PREVIOUS: oldKey.bytes.toString('hex') } });
    expect((await vault.get('slack'))?.settings).toEqual({ webhookUrl: 'https://hooks.example/abc' });
    expect(await vault.rotate([oldKey], next)).toBe(1);
    const only = await openConnectionVault({ dataDir, db, env: { RIPOSTE_SECRET_KEY: next.bytes.toString('hex') } });
    expect((await only.get('slack'))?.settings).toEqual({ webhookUrl: 'https://hooks.example/abc' });
  });
});
