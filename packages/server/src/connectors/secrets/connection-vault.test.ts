import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineConnection } from '../sdk/connection-spec.ts';
import { MemoryConnectionStorage, SqliteConnectionStorage, type ConnectionStorage } from './connection-storage.ts';
import { ConnectionVault } from './connection-vault.ts';
import { newSecretKey } from './secret-key.ts';

const CANARY = 'canary-pw-7f3a9c';
const smtp = defineConnection({ schema: z.object({ host: z.string(), port: z.number().int(), password: z.string().optional() }), secrets: ['password'] });
const specFor = (api: string) => (api === 'office365' ? smtp : undefined);

for (const [label, makeStorage] of [
  ['memory', () => new MemoryConnectionStorage()],
  ['sqlite', () => new SqliteConnectionStorage(new Database(':memory:'))],
] as Array<[string, () => ConnectionStorage]>) {
  describe(`ConnectionVault (${label})`, () => {
    it('stores settings encrypted and gives them back decrypted', async () => {
      const storage = makeStorage();
      const vault = new ConnectionVault({ storage, key: newSecretKey(), specFor });
      await vault.put('office365', { api: 'office365', settings: { host: '127.0.0.1', port: 2525, password: CANARY } });
      const raw = JSON.stringify(await storage.list());
      expect(raw).not.toContain(CANARY);
      expect(raw).not.toContain('127.0.0.1');
      expect(await vault.get('office365')).toEqual({ name: 'office365', api: 'office365', settings: { host: '127.0.0.1', port: 2525, password: CANARY } });
    });

    it('lists connections with credentials masked', async () => {
      const vault = new ConnectionVault({ storage: makeStorage(), key: newSecretKey(), specFor });
      await vault.put('office365', { api: 'Office365', settings: { host: 'mail', port: 25, password: CANARY } });
      await vault.put('teams', { api: 'teams', settings: { webhookUrl: `https://hook/${CANARY}`, format: 'teams' } });
      const list = await vault.list();
      expect(JSON.stringify(list)).not.toContain(CANARY);
      expect(list.map((c) => [c.name, c.api, c.settings])).toEqual([
        ['office365', 'office365', { host: 'mail', port: 25, password: '***' }],
        ['teams', 'teams', { webhookUrl: '***', format: 'teams' }],
      ]);
    });

    it('refuses settings the connector does not accept, naming the field', async () => {
      const vault = new ConnectionVault({ storage: makeStorage(), key: newSecretKey(), specFor });
      await expect(vault.put('o', { api: 'office365', settings: { host: 'mail', port: 'x' } })).rejects.toMatchObject({ code: 'InvalidConnection', field: '/settings/port' });
      await expect(vault.put('bad name!', { api: 'office365', settings: {} })).rejects.toMatchObject({ field: '/name' });
    });

    it('feeds the redactor every credential it stores or reads', async () => {
      const storage = makeStorage();
      const key = newSecretKey();
      const writer = new ConnectionVault({ storage, key, specFor });
      await writer.put('o', { api: 'office365', settings: { host: 'h', port: 1, password: CANARY } });
      const reader = new ConnectionVault({ storage, key, specFor });
      expect(reader.redactor.redact(CANARY)).toBe(CANARY);
      await reader.primeRedactor();
      expect(reader.redactor.redact(`x ${CANARY} y`)).toBe('x *** y');
    });

    it('deletes', async () => {
      const vault = new ConnectionVault({ storage: makeStorage(), key: newSecretKey() });
      await vault.put('c', { api: 'slack', settings: { token: 'abcd-1234' } });
      expect(await vault.delete('c')).toBe(true);
      expect(await vault.delete('c')).toBe(false);
      expect(await vault.get('c')).toBeUndefined();
    });

    it('rotates to a new key; the old key is then no longer needed', async () => {
      const storage = makeStorage();
      const oldKey = newSecretKey();
      const vault = new ConnectionVault({ storage, key: oldKey });
      await vault.put('a', { api: 'slack', settings: { token: 'token-a-123' } });
      await vault.put('b', { api: 'slack', settings: { token: 'token-b-123' } });
      const newKey = newSecretKey();
      expect(await vault.rotate([oldKey], newKey)).toBe(2);
      expect((await vault.list()).map((c) => c.keyId)).toEqual([newKey.id, newKey.id]);
      const fresh = new ConnectionVault({ storage, key: newKey });
      expect((await fresh.get('b'))?.settings).toEqual({ token: 'token-b-123' });
      expect(await vault.rotate([oldKey], newKey)).toBe(0);
    });

    it('fails clearly when a ciphertext needs a key that is not loaded, or was altered or moved', async () => {
      const storage = makeStorage();
      const vault = new ConnectionVault({ storage, key: newSecretKey() });
      await vault.put('a', { api: 'slack', settings: { token: 'token-a-123' } });
      await vault.put('b', { api: 'slack', settings: { token: 'token-b-123' } });
      await expect(new ConnectionVault({ storage, key: newSecretKey() }).get('a')).rejects.toThrow(/encrypted with key [0-9a-f]{8}, which is not loaded/);
      const a = (await storage.load('a'))!;
      const b = (await storage.load('b'))!;
      await storage.save('b', { ...b, sealed: a.sealed });
      await expect(vault.get('b')).rejects.toThrow(/does not decrypt/);
      const parts = a.sealed.split('.');
      parts[3] = Buffer.from('tampered').toString('base64url');
      await storage.save('a', { ...a, sealed: parts.join('.') });
      await expect(vault.get('a')).rejects.toThrow(/does not decrypt/);
    });
  });
}
