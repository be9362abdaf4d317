import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../app/test-app.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import { databaseOf } from '../playbooks/sqlite-tables.ts';
import { openResponseWiring, type ResponseWiring } from './response-wiring.ts';

const PASSWORD = 'smtp-Pa55word-for-routes';

describe('/api/connections', () => {
  let t: TestApp;
  let wiring: ResponseWiring;
  let dir: string;
  afterEach(async () => {
    await t?.close();
    await wiring?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function app(): Promise<TestApp> {
    dir = mkdtempSync(join(tmpdir(), 'riposte-conn-'));
    const store = openSqliteSecurityStore({ path: ':memory:', durability: 'normal' });
    wiring = await openResponseWiring({ dataDir: dir, db: databaseOf(store), env: {} });
    t = await buildTestApp({ store, modules: [wiring.module] });
    return t;
  }

  it('creates, lists with credentials masked, replaces, deletes; audited without the secret', async () => {
    await app();
    const body = { api: 'office365', settings: { host: 'smtp.example.com', port: 587, user: 'soc', password: PASSWORD, from: 'soc@example.com' } };
    const created = await t.app.inject({ method: 'PUT', url: '/api/connections/office365', headers: t.as('automation-author'), payload: body });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'office365', api: 'office365', settings: { host: 'smtp.example.com', password: '***' }, secretKeys: ['password'] });
    expect((await t.app.inject({ method: 'PUT', url: '/api/connections/office365', headers: t.as('admin'), payload: body })).statusCode).toBe(200);
    const listed = await t.app.inject({ method: 'GET', url: '/api/connections', headers: t.as('automation-author') });
    expect(listed.json().value).toHaveLength(1);
    expect((await t.app.inject({ method: 'GET', url: '/api/connections/office365', headers: t.as('admin') })).json().settings.password).toBe('***');
    // The vault hands the real settings to dispatch only.
    expect((await wiring.vault.get('office365'))?.settings.password).toBe(PASSWORD);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/connections/office365', headers: t.as('admin') })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/connections/office365', headers: t.as('admin') })).statusCode).toBe(404);
    const audit = await t.app.inject({ method: 'GET', url: '/api/audit?top=50', headers: t.as('admin') });
    const entries = (audit.json().value as Array<{ entityType: string; action: string }>).filter((e) => e.entityType === 'connection');
    expect(entries.map((e) => e.action).sort()).toEqual(['create', 'delete', 'update']);
    expect(audit.body).not.toContain(PASSWORD);
  });

  it('refuses readers and triage (no connections.read) and non-authors writing; bad settings name the field without echoing them', async () => {
    await app();
    expect((await t.app.inject({ method: 'GET', url: '/api/connections', headers: t.as('reader') })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/connections', headers: t.as('triage') })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PUT', url: '/api/connections/x', headers: t.as('responder'), payload: { api: 'slack', settings: {} } })).statusCode).toBe(403);
    const unknown = await t.app.inject({ method: 'PUT', url: '/api/connections/x', headers: t.as('admin'), payload: { api: 'nosuchapi', settings: {} } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.field).toBe('/api');
    const bad = await t.app.inject({ method: 'PUT', url: '/api/connections/hook', headers: t.as('admin'), payload: { api: 'slack', settings: { webhookUrl: `not a url ${PASSWORD}` } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toMatch(/^\/settings\/webhookUrl/);
    expect(bad.body).not.toContain(PASSWORD);
  });
});
