// The console's Connections page in a real browser (Debian's Chromium, driven by playwright-core),
// against a server wired as `riposte serve` wires it: the connection vault on a data dir, the real
// /api/connections and /api/connectors routes, the console built from source.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app/build-app.ts';
import { createApiKey } from '../auth/api-keys.ts';
import { databaseOf } from '../playbooks/sqlite-tables.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import type { SecurityStore } from '../store/security-store.ts';
import { openResponseWiring, type ResponseWiring } from '../wiring/response-wiring.ts';
import { buildConsole, openConsoleSession, type ConsoleSession, withoutChromium } from './console-browser.test-support.ts';
import { consoleModule } from './console-module.ts';

const token = 'ATATT3xFfGF0-console-test-token-7f3a';

interface StoredConnection {
  name: string;
  api: string;
  settings: Record<string, unknown>;
}

describe.skipIf(withoutChromium)('Connections page in Chromium', () => {
  let temp: string;
  let store: SecurityStore;
  let wiring: ResponseWiring;
  let app: FastifyInstance;
  let base: string;
  let key: string;
  let context: BrowserContext;
  let page: Page;
  let session: ConsoleSession;

  const api = async <T,>(path: string, tabKey = key): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${tabKey}` } });
    return { status: res.status, body: (await res.json()) as T };
  };
  const connections = async () => (await api<{ value: StoredConnection[] }>('/api/connections')).body.value;
  const signIn = (key: string, hash: string) => session.signIn(key, hash);

  beforeAll(async () => {
    temp = mkdtempSync(join(tmpdir(), 'riposte-connections-browser-'));
    const dist = join(temp, 'dist');
    await buildConsole(dist);

    store = openSqliteSecurityStore({ path: join(temp, 'riposte.db') });
    // The vault's key is made in the data dir (no RIPOSTE_SECRET_KEY), as on a fresh installation.
    wiring = await openResponseWiring({ dataDir: temp, db: databaseOf(store), env: {} });
    app = await buildApp({ store, modules: [consoleModule({ dir: dist }), wiring.module] });
    await app.ready();
    key = (await createApiKey(store, 'admin', 'console-admin', app.riposte.clock, 'test')).key;
    session = await openConsoleSession(app, join(temp, 'profile'));
    ({ base, context, page } = session);
  });

  afterAll(async () => {
    await (session ? session.close() : app?.close());
    await wiring?.close();
    await store?.close();
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it('lists the connectors the server describes, and a connector shows its operations', async () => {
    await signIn(key, '#/incidents');
    await page.getByRole('link', { name: 'Connections' }).click();
    await page.getByRole('heading', { name: 'Connections', exact: true }).waitFor();

    const described = (await api<{ value: { api: string; operations: unknown[] }[] }>('/api/connectors')).body.value;
    expect(described.map((c) => c.api)).toContain('jira');
    await expect.poll(() => page.locator('table.connectors tbody tr').count()).toBe(described.length);
    const row = page.locator('table.connectors tr[data-connector="jira"]');
    await row.getByText('not configured').waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe(String(described.find((c) => c.api === 'jira')!.operations.length));

    await row.getByRole('link', { name: 'Jira' }).click();
    expect(new URL(page.url()).hash).toBe('#/connections/jira');
    await page.locator('table.connector-operations tr[data-operation="jira.createIssue"]').getByText('POST /issue').waitFor();
    await page.getByRole('heading', { name: 'New Jira connection' }).waitFor();
  });

  it('saves a Jira connection from the form: listed as configured, the token stored but never shown back', async () => {
    const form = page.locator('form.connection-form');
    expect(await form.locator('input[name="connectionName"]').inputValue()).toBe('jira');
    expect(await form.locator('input[name="apiToken"]').getAttribute('type')).toBe('password');
    await form.locator('input[name="baseUrl"]').fill('https://acme.atlassian.net');
    await form.locator('input[name="user"]').fill('soc@acme.example');
    await form.locator('input[name="apiToken"]').fill(token);
    await form.getByRole('button', { name: 'Create connection' }).click();

    await page.getByText("Created connection 'jira'.").waitFor();
    await page.locator('table.connectors tr[data-connector="jira"] .configured', { hasText: 'jira' }).waitFor();
    const listed = page.locator('table.connection-list tr[data-connection="jira"]');
    await listed.getByText('https://acme.atlassian.net').waitFor();
    await listed.getByText('credential stored').waitFor();

    // The server has it as typed; the API shows it masked; the page holds it nowhere.
    expect((await wiring.vault.get('jira'))?.settings).toEqual({ baseUrl: 'https://acme.atlassian.net', user: 'soc@acme.example', apiToken: token });
    expect((await connections()).map((c) => [c.name, c.api, c.settings.apiToken])).toEqual([['jira', 'jira', '***']]);
    await page.getByRole('heading', { name: "Edit connection 'jira'" }).waitFor();
    expect(await form.locator('input[name="baseUrl"]').inputValue()).toBe('https://acme.atlassian.net');
    expect(await form.locator('input[name="apiToken"]').inputValue()).toBe('');
    expect(await page.content()).not.toContain(token);
    expect(await page.evaluate((t) => document.body.innerText.includes(t) || Array.from(document.querySelectorAll('input')).some((i) => i.value === t), token)).toBe(false);
  });

  it('shows the server’s 400 beside the field it names, and changes nothing', async () => {
    const form = page.locator('form.connection-form');
    await form.getByText("Saving replaces the stored connection 'jira' as a whole").waitFor();
    await form.locator('input[name="baseUrl"]').fill('not a url');
    await form.locator('input[name="apiToken"]').fill(token);
    await form.getByRole('button', { name: 'Replace connection' }).click();
    const beside = form.locator('label.setting-string', { has: page.locator('input[name="baseUrl"]') }).locator('.field-error');
    await expect.poll(() => beside.textContent()).toBe('400 BadRequest: /settings/baseUrl: expected an http(s) URL');
    expect(await form.locator('label', { has: page.locator('input[name="user"]') }).locator('.field-error').count()).toBe(0);

    // A credential left empty is not sent: Jira needs one, so the server refuses naming it, beside it.
    await form.locator('input[name="baseUrl"]').fill('https://acme.atlassian.net');
    await form.locator('input[name="apiToken"]').fill('');
    await form.getByRole('button', { name: 'Replace connection' }).click();
    const besideToken = form.locator('label', { has: page.locator('input[name="apiToken"]') }).locator('.field-error');
    await expect.poll(() => besideToken.textContent()).toMatch(/^400 BadRequest: \/settings\/apiToken: expected user \+ apiToken/);
    expect(await beside.count()).toBe(0);
    expect((await wiring.vault.get('jira'))?.settings).toEqual({ baseUrl: 'https://acme.atlassian.net', user: 'soc@acme.example', apiToken: token });
  });

  it('deletes the connection once confirmed', async () => {
    const listed = page.locator('table.connection-list tr[data-connection="jira"]');
    await listed.getByRole('button', { name: 'Delete' }).click();
    await listed.getByText("Delete connection 'jira'? Playbooks that use it fail").waitFor();
    await listed.getByRole('button', { name: 'Cancel' }).click();
    expect((await connections()).length).toBe(1);

    await listed.getByRole('button', { name: 'Delete' }).click();
    await listed.getByRole('button', { name: 'Confirm delete' }).click();
    await page.getByText("Deleted connection 'jira'.").waitFor();
    await page.locator('table.connectors tr[data-connector="jira"]').getByText('not configured').waitFor();
    expect(await listed.count()).toBe(0);
    expect(await connections()).toEqual([]);
    await page.getByRole('heading', { name: 'New Jira connection' }).waitFor();
  });

  it('tells a key without connections.read why it sees no connectors, and shows nothing of the vault', async () => {
    const triageKey = (await createApiKey(store, 'triage', 'console-triage', app.riposte.clock, 'test')).key;
    expect((await api('/api/connectors', triageKey)).status).toBe(403);
    await signIn(triageKey, '#/connections/jira');
    await page.getByText("this key's role may not read them").waitFor();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe("403 Forbidden: This API key's role lacks the permission 'connections.read'");
    expect(await page.locator('table.connectors tbody tr').count()).toBe(0);
    expect(await page.locator('form.connection-form').count()).toBe(0);
  });
});
