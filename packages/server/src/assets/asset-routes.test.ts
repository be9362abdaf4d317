import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../app/test-app.ts';
import { responseDatabaseOf } from '../approvals/response-database.ts';
import { AssetStore } from './asset-store.ts';
import { registerAssetRoutes } from './asset-routes.ts';
import { assetsOfResource } from './resource-assets.ts';

describe('/api/assets', () => {
  let t: TestApp;
  let store: AssetStore;
  beforeEach(async () => {
    t = await buildTestApp({
      modules: [
        (_app, services) => {
          store = new AssetStore(responseDatabaseOf(services.store));
          registerAssetRoutes(services, store);
        },
      ],
    });
  });
  afterEach(() => t.close());

  const post = (payload: object, role: 'admin' | 'responder' = 'admin') => t.app.inject({ method: 'POST', url: '/api/assets', headers: t.as(role), payload });

  it('tags users, hosts and IPs once per normalized key; readers list, only admins change; changes are audited', async () => {
    const ceo = await post({ kind: 'user', key: 'CEO@Riposte.test', businessCritical: true, name: 'Chief executive' });
    expect(ceo.statusCode).toBe(201);
    expect(ceo.json()).toMatchObject({ key: 'ceo@riposte.test', businessCritical: true });
    expect((await post({ kind: 'user', key: 'ceo@riposte.test', businessCritical: false })).statusCode).toBe(409);
    expect((await post({ kind: 'ip', key: 'not-an-ip', businessCritical: true })).json().error.field).toBe('/key');
    expect((await post({ kind: 'host', key: 'dc01', businessCritical: true }, 'responder')).statusCode).toBe(403);
    await post({ kind: 'ip', key: '192.0.2.10', businessCritical: true });
    await post({ kind: 'host', key: 'kiosk-7', businessCritical: false });

    const critical = await t.app.inject({ method: 'GET', url: '/api/assets?businessCritical=true', headers: t.as('reader') });
    expect(critical.json().value.map((a: { key: string }) => a.key)).toEqual(['192.0.2.10', 'ceo@riposte.test']);

    const patched = await t.app.inject({ method: 'PATCH', url: `/api/assets/${ceo.json().id}`, headers: t.as('admin'), payload: { businessCritical: false } });
    expect(patched.json().businessCritical).toBe(false);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/assets/${ceo.json().id}`, headers: t.as('admin') })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/api/assets/${ceo.json().id}`, headers: t.as('reader') })).statusCode).toBe(404);
    const audit = await t.app.riposte.store.listAudit({ entityType: 'asset', entityId: ceo.json().id });
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'delete', 'update']);
  });

  it('matches ledger resources to assets: DN, UPN or account name for users, indicator keys for IPs and hosts', async () => {
    await post({ kind: 'user', key: 'bob@riposte.test', businessCritical: true });
    await post({ kind: 'ip', key: '2001:DB8::1', businessCritical: true });
    await post({ kind: 'host', key: 'evil.example', businessCritical: false });
    const keys = (kind: string, id: string) => assetsOfResource(store, { kind, id }).map((a) => a.key);
    expect(keys('ldap-user', 'uid=bob,ou=people,dc=riposte,dc=test')).toEqual(['bob@riposte.test']);
    expect(keys('ldap-group-membership', 'bob')).toEqual(['bob@riposte.test']);
    expect(keys('ldap-user', 'BOB@riposte.test')).toEqual(['bob@riposte.test']);
    expect(keys('ldap-user', 'alice')).toEqual([]);
    expect(keys('indicator', 'ipv6:2001:db8::1')).toEqual(['2001:db8::1']);
    expect(keys('indicator', 'domain:evil.example')).toEqual(['evil.example']);
    expect(keys('something-else', 'bob')).toEqual([]);
  });
});
