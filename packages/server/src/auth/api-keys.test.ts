import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../app/test-app.ts';
import { buildTestApp } from '../app/test-app.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import type { SqliteSecurityStore } from '../store/sqlite-security-store.ts';
import { apiKeyId, createApiKey, ensureApiKey, verifyApiKey } from './api-keys.ts';
import { permissions, rolePermissions } from './permissions.ts';

const clock = () => new Date('2026-01-01T00:00:00Z');

describe('API keys', () => {
  let store: SqliteSecurityStore;
  beforeEach(() => {
    store = openSqliteSecurityStore({ path: ':memory:' });
  });
  afterEach(() => store.close());

  it('stores only a hash and recognises the key, not a near miss', async () => {
    const { key, record } = await createApiKey(store, 'triage', 'bot', clock);
    expect(key).toMatch(/^rip_[0-9a-f]{12}_/);
    expect(JSON.stringify(await store.listApiKeys())).not.toContain(key.slice(17));
    expect(await verifyApiKey(store, key)).toEqual({ keyId: record.id, name: 'bot', role: 'triage', actor: `key:${record.id} (bot)` });
    expect(await verifyApiKey(store, key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A'))).toBeUndefined();
    expect(await verifyApiKey(store, 'x')).toBeUndefined();
  });

  it('refuses a revoked key', async () => {
    const { key, record } = await createApiKey(store, 'reader', 'r', clock);
    await store.transaction((tx) => tx.revokeApiKey(record.id, '2026-01-02T00:00:00.0000000Z'));
    expect(await verifyApiKey(store, key)).toBeUndefined();
  });

  it('keeps RIPOSTE_API_KEY as an admin key across restarts, creating it once', async () => {
    const key = 'my-own-admin-secret-of-some-length';
    const first = await ensureApiKey(store, key, 'admin', 'RIPOSTE_API_KEY', clock);
    const second = await ensureApiKey(store, key, 'admin', 'RIPOSTE_API_KEY', clock);
    expect(second).toEqual(first);
    expect(first.id).toBe(apiKeyId(key));
    expect((await verifyApiKey(store, key))?.role).toBe('admin');
    expect(await store.listApiKeys()).toHaveLength(1);
  });

  it('gives admin every permission and the reader no write', () => {
    expect([...rolePermissions.admin].sort()).toEqual([...permissions].sort());
    expect([...rolePermissions.reader].filter((p) => !p.endsWith('.read'))).toEqual([]);
    expect(rolePermissions.reader.has('audit.read')).toBe(false);
  });
});

describe('/api/keys', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(() => t.close());

  it('creates a key that works, lists keys without secrets, and revokes', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/keys', headers: t.as('admin'), payload: { role: 'reader', name: 'dashboard' } });
    expect(created.statusCode).toBe(201);
    const { key, id } = created.json();
    expect((await t.app.inject({ method: 'GET', url: '/api/incidents', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(200);
    const list = await t.app.inject({ method: 'GET', url: '/api/keys', headers: t.as('admin') });
    expect(list.body).not.toContain(key);
    expect(list.body).not.toContain('hash');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/keys/${id}`, headers: t.as('admin') })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/incidents', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(401);
    const audit = (await t.app.inject({ method: 'GET', url: `/api/audit?entityType=apiKey&entityId=${id}`, headers: t.as('admin') })).json().value;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['revoke', 'create']);
    expect(JSON.stringify(audit)).not.toContain('"hash"');
  });
});
