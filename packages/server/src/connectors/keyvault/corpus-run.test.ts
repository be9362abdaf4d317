import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../app/test-app.ts';
import { securityAutomationModule } from '../../automation/automation-module.ts';
import { corpusPlaybook } from '../../automation/e2e.test-support.ts';
import { databaseOf } from '../../playbooks/sqlite-tables.ts';
import { openSqliteSecurityStore } from '../../store/sqlite-security-store.ts';
import { storedBytes } from '../../testing/data-files.ts';
import { openResponseWiring, type ResponseWiring } from '../../wiring/response-wiring.ts';
import { compileEgressPolicy } from '../http-egress/egress-policy.ts';

const CLIENT_SECRET = 'AsDisable~Canary.4e9b+7c2/Z=';
const FILE = 'AS-Disable-Microsoft-Entra-ID-User-From-Entity__entity-trigger.json';

describe('AS-Disable-Microsoft-Entra-ID-User-From-Entity, imported unchanged, reads its client secret from the connection vault', () => {
  let dir: string;
  let wiring: ResponseWiring;
  let t: TestApp;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'riposte-keyvault-corpus-'));
    const store = openSqliteSecurityStore({ path: join(dir, 'riposte.db'), durability: 'normal' });
    // Entra ID is not reachable from a test: the egress policy refuses it at once instead of retrying DNS.
    wiring = await openResponseWiring({ dataDir: dir, db: databaseOf(store), env: {}, egress: compileEgressPolicy({ deny: ['login.microsoftonline.com', 'graph.microsoft.com'] }) });
    // The registry alone tells the automation module whose secrets its run journal must mask.
    t = await buildTestApp({ store, modules: [wiring.module, securityAutomationModule({ resumeOnStart: false, dataDir: dir, connectors: wiring.connectors, http: wiring.http })] });
  });
  afterAll(async () => {
    await t?.close();
    await wiring?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports with nothing missing, gets the secret, hands it to the token request, and keeps it out of history and storage', async () => {
    const put = await t.app.inject({ method: 'PUT', url: '/api/connections/keyvault', headers: t.as('admin'), payload: { api: 'keyvault', settings: { secrets: { 'entra-app-secret': CLIENT_SECRET } } } });
    expect(put.statusCode, put.body).toBe(201);
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/playbooks',
      headers: t.as('admin'),
      payload: { name: 'AS-Disable-Microsoft-Entra-ID-User-From-Entity', template: corpusPlaybook(FILE), parameters: { ClientID: 'app-0001', KeyVaultName: 'soc-vault', KeyVaultSecretName: 'entra-app-secret' } },
    });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json().missingOperations).toEqual([]);

    const started = await t.app.inject({
      method: 'POST',
      url: `/api/playbooks/${imported.json().id}/runs`,
      headers: t.as('responder'),
      payload: { triggerBody: { Entity: { properties: { Name: 'alice', UPNSuffix: 'riposte.test', AadUserId: '00000000-0000-0000-0000-00000000a11c' } } }, wait: true },
    });
    expect(started.statusCode, started.body).toBe(200);
    const run = await t.app.inject({ method: 'GET', url: `/api/runs/${started.json().runId}`, headers: t.as('reader') });
    const actions = Object.fromEntries((run.json().actions as Array<{ name: string }>).map((a) => [a.name, a])) as Record<string, any>;
    expect(actions.Get_Client_Secret).toMatchObject({ status: 'Succeeded', outputs: { statusCode: 200, body: { name: 'entra-app-secret', value: '***' } } });
    // The token request was built with the secret (masked in its journaled inputs) and refused by egress, not by a missing value.
    expect(actions['HTTP_-_Authenticate']).toMatchObject({ status: 'Failed' });
    expect(JSON.stringify(actions['HTTP_-_Authenticate'].inputs)).toContain('client_id=app-0001&client_secret=***&scope=');
    expect(JSON.stringify(actions['HTTP_-_Authenticate'])).toMatch(/login\.microsoftonline\.com/);

    const texts = [run.body, started.body, (await t.app.inject({ method: 'GET', url: '/api/connections', headers: t.as('admin') })).body];
    for (const text of texts) expect(text).not.toContain(CLIENT_SECRET);
    await t.app.riposteAutomation.playbooks.runtime.flush();
    expect(storedBytes(dir)).not.toContain(CLIENT_SECRET);
  });
});
