import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { storedBytes } from '../testing/data-files.ts';
import { adminKey, compromisedAccountAlert, finishedRuns, listeningServer } from './response-fixture.ts';

// Secure parameters of the playbook, sent only through an action whose inputs are secured. The
// address is spelled as an operator might (the indicator store keeps it normalized), so this
// spelling exists only in the request: finding it anywhere means the request leaked.
const secretAddress = '2001:0DB8:0000:0000:0000:0000:5EC2:0E77';
const storedAddress = '2001:db8::5ec2:e77';
const secretTicket = 'CHG-canary-7f3a9c21';
const playbookName = 'Block-Secured-Address';

const host = (name: string) => ({ connection: { name: `@parameters('$connections')['${name}']['connectionId']` } });
const connection = (name: string) => ({
  connectionId: `/subscriptions/s/resourceGroups/soc/providers/Microsoft.Web/connections/${name}`,
  id: `/subscriptions/s/providers/Microsoft.Web/locations/westeurope/managedApis/${name}`,
});

const definition = {
  $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
  contentVersion: '1.0.0.0',
  parameters: { $connections: { defaultValue: {}, type: 'Object' }, blockedAddress: { type: 'SecureString' }, changeTicket: { type: 'SecureString' } },
  triggers: { Microsoft_Sentinel_incident: { type: 'ApiConnectionWebhook', inputs: { body: { callback_url: '@{listCallbackUrl()}' }, host: host('azuresentinel'), path: '/incident-creation' } } },
  actions: {
    Block_IP: {
      runAfter: {},
      type: 'ApiConnection',
      inputs: {
        host: host('indicators'),
        method: 'post',
        path: '/indicators',
        queries: { ticket: "@parameters('changeTicket')" },
        body: { action: 'block', threatType: 'C2', networkIPv6: "@parameters('blockedAddress')", expirationDateTime: '@{addDays(utcNow(), 30)}', description: 'Blocked for an incident' },
      },
      runtimeConfiguration: { secureData: { properties: ['inputs'] } },
    },
  },
  outputs: {},
};

const rule = {
  displayName: 'Block the secured address',
  order: 1,
  triggeringLogic: { isEnabled: true, triggersOn: 'Incidents', triggersWhen: 'Created', conditions: [] },
  actions: [{ order: 1, actionType: 'RunPlaybook', actionConfiguration: { logicAppResourceId: `/subscriptions/s/resourceGroups/soc/providers/Microsoft.Logic/workflows/${playbookName}`, tenantId: '00000000-0000-0000-0000-000000000001' } }],
};

describe('an indicator blocked through an action with secured inputs, end to end on a listening server', () => {
  let env: Awaited<ReturnType<typeof listeningServer>>;
  beforeAll(async () => {
    env = await listeningServer();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('keeps the request sealed in riposte.db, lifts the block on recovery, and no answer shows the secured values', async () => {
    const answers: string[] = [];
    const call = async (key: string, method: string, path: string, body?: unknown) => {
      const res = await env.call(key, method, path, body);
      answers.push(`${method} ${path} → ${res.status}: ${res.text}`);
      return res;
    };
    const leaks = (text: string) => text.includes(secretAddress) || text.toLowerCase().includes(secretAddress.toLowerCase()) || text.includes(secretTicket);
    const exported = async () => (await call(adminKey, 'GET', '/api/indicators/export/ipv6.txt')).text.split('\n');

    const key = async (role: string, name: string) => (await call(adminKey, 'POST', '/api/keys', { role, name })).json.key as string;
    const author = await key('automation-author', 'sam-author');
    const lead = await key('responder', 'ann-lead');
    const parameters = {
      $connections: { value: { azuresentinel: connection('azuresentinel'), indicators: connection('indicators') } },
      blockedAddress: { value: secretAddress },
      changeTicket: { value: secretTicket },
    };
    const created = await call(author, 'POST', '/api/playbooks', { name: playbookName, definition, parameters });
    expect(created.status, created.text).toBe(201);
    expect((await call(author, 'POST', '/api/automation-rules', rule)).status).toBe(201);

    const posted = await call(adminKey, 'POST', '/api/alerts', compromisedAccountAlert('198.51.100.61', 'carol'));
    expect(posted.status, posted.text).toBe(201);
    const incidentId = posted.json.incidentId as string;
    const [run] = await finishedRuns(env.call, created.json.id);
    const runView = await call(adminKey, 'GET', `/api/runs/${run!.runId}`);
    expect(run!.status, runView.text).toBe('Succeeded');
    expect(await exported()).toContain(storedAddress);

    // The ledger shows the marker; the row holds the request sealed (and no clear copy anywhere in the files).
    const ledger = await call(lead, 'GET', `/api/incidents/${incidentId}/ledger`);
    expect(ledger.status, ledger.text).toBe(200);
    const [entry] = ledger.json.value;
    expect(entry).toMatchObject({ operationId: 'indicators.submit', status: 'applied', request: { queries: { $redacted: true }, body: { $redacted: true } }, intendedAfter: { $redacted: true } });
    expect(entry).not.toHaveProperty('sealedRequest');
    const db = new Database(join(env.dataDir, 'riposte.db'), { readonly: true });
    try {
      const row = db.prepare('SELECT doc FROM change_ledger WHERE id = ?').get(entry.id) as { doc: string };
      expect(JSON.parse(row.doc).sealedRequest.$sealed).toMatch(/^v1\.[0-9a-f]{8}\./);
      expect(leaks(row.doc)).toBe(false);
    } finally {
      db.close();
    }
    // The scan sees the ledger row (its id is there), and no clear copy of the secured values.
    const bytes = storedBytes(env.dataDir);
    expect(bytes).toContain(entry.id);
    expect(leaks(bytes)).toBe(false);

    // The lead recovers: the dry run reads the indicator through the opened request but shows only states.
    expect((await call(adminKey, 'PATCH', `/api/incidents/${incidentId}`, { roles: { lead: 'ann-lead' } })).status).toBe(200);
    const dryRun = await call(lead, 'POST', `/api/incidents/${incidentId}/recovery/plan`);
    expect(dryRun.status, dryRun.text).toBe(200);
    expect(dryRun.json.diff).toMatchObject([{ resource: { kind: 'indicator', id: `ipv6:${storedAddress}` }, current: { action: 'block' }, restored: null, conflict: false }]);
    const plan = await call(lead, 'POST', `/api/incidents/${incidentId}/recovery`, {});
    expect(plan.status, plan.text).toBe(201);
    expect((await call(lead, 'POST', `/api/recovery/${plan.json.id}/approve`)).status).toBe(200);
    const ran = await call(lead, 'POST', `/api/recovery/${plan.json.id}/run`);
    expect(ran.status, ran.text).toBe(200);
    expect(ran.json.status, ran.text).toBe('succeeded');
    expect(ran.json.report.counts).toEqual({ restored: 1 });
    expect(await exported()).not.toContain(storedAddress);

    // Everything people can read about it.
    const reads = [
      await call(lead, 'GET', `/api/recovery/${plan.json.id}`),
      await call(lead, 'GET', `/api/incidents/${incidentId}/recovery`),
      await call(lead, 'GET', `/api/incidents/${incidentId}/ledger`),
      await call(adminKey, 'GET', `/api/incidents/${incidentId}/timeline`),
      await call(adminKey, 'GET', '/api/audit?top=200'),
    ];
    // Each read answered, so the leak check below looked at real bodies.
    expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.filter(leaks)).toEqual([]);
    expect(leaks(storedBytes(env.dataDir))).toBe(false);
  });
});
