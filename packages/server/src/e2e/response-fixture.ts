/**
 * The containment playbook and the HTTP calls the end-to-end tests (and the README's worked
 * example) make against a listening server: a Sentinel-shaped incident playbook that disables the
 * account of the incident, removes it from finance and vpn-users, blocks the incident's IPs, mails
 * the stakeholders and posts to chat.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../app/start-server.ts';

export const playbookName = 'Contain-Compromised-Account';
export const stakeholders = ['ciso@riposte.test', 'legal@riposte.test'];

const connection = (name: string, api: string) => ({
  connectionId: `/subscriptions/s/resourceGroups/soc/providers/Microsoft.Web/connections/${name}`,
  id: `/subscriptions/s/providers/Microsoft.Web/locations/westeurope/managedApis/${api}`,
});

/** `$connections` of the playbook: each key names a connection kept in /api/connections. */
export const playbookConnections = {
  $connections: {
    value: {
      azuresentinel: connection('azuresentinel', 'azuresentinel'),
      directory: connection('directory', 'directory'),
      indicators: connection('indicators', 'indicators'),
      office365: connection('office365', 'office365'),
      slack: connection('slack', 'slack'),
    },
  },
};

const host = (name: string) => ({ connection: { name: `@parameters('$connections')['${name}']['connectionId']` } });

/** The containment playbook's workflow definition (Logic Apps schema 2016-06-01). */
export function containmentDefinition(options: { groups?: string[] } = {}): Record<string, unknown> {
  const groups = options.groups ?? ['finance', 'vpn-users'];
  return {
    $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
    contentVersion: '1.0.0.0',
    parameters: { $connections: { defaultValue: {}, type: 'Object' } },
    triggers: {
      Microsoft_Sentinel_incident: {
        type: 'ApiConnectionWebhook',
        inputs: { body: { callback_url: '@{listCallbackUrl()}' }, host: host('azuresentinel'), path: '/incident-creation' },
      },
    },
    actions: {
      'Entities_-_Get_Accounts': {
        runAfter: {},
        type: 'ApiConnection',
        inputs: { body: "@triggerBody()?['object']?['properties']?['relatedEntities']", host: host('azuresentinel'), method: 'post', path: '/entities/account' },
      },
      'Entities_-_Get_IPs': {
        runAfter: { 'Entities_-_Get_Accounts': ['Succeeded'] },
        type: 'ApiConnection',
        inputs: { body: "@triggerBody()?['object']?['properties']?['relatedEntities']", host: host('azuresentinel'), method: 'post', path: '/entities/ip' },
      },
      For_each_account: {
        runAfter: { 'Entities_-_Get_IPs': ['Succeeded'] },
        type: 'Foreach',
        foreach: "@body('Entities_-_Get_Accounts')?['Accounts']",
        actions: {
          Disable_user: {
            runAfter: {},
            type: 'ApiConnection',
            inputs: { host: host('directory'), method: 'post', path: "/users/@{encodeURIComponent(items('For_each_account')?['Name'])}/disable" },
          },
          Remove_from_groups: {
            runAfter: { Disable_user: ['Succeeded'] },
            type: 'ApiConnection',
            inputs: { host: host('directory'), method: 'post', path: "/users/@{encodeURIComponent(items('For_each_account')?['Name'])}/removeFromGroups", body: { groups } },
          },
        },
      },
      For_each_IP: {
        runAfter: { For_each_account: ['Succeeded'] },
        type: 'Foreach',
        foreach: "@body('Entities_-_Get_IPs')?['IPs']",
        actions: {
          Block_IP: {
            runAfter: {},
            type: 'ApiConnection',
            inputs: {
              host: host('indicators'),
              method: 'post',
              path: '/indicators',
              body: {
                action: 'block',
                threatType: 'C2',
                tlpLevel: 'amber',
                networkIPv4: "@{items('For_each_IP')?['Address']}",
                expirationDateTime: '@{addDays(utcNow(), 30)}',
                description: "Blocked by @{workflow()?['name']} for incident @{triggerBody()?['object']?['properties']?['incidentNumber']}",
              },
            },
          },
        },
      },
      'Send_an_email_(V2)': {
        runAfter: { For_each_IP: ['Succeeded'] },
        type: 'ApiConnection',
        inputs: {
          host: host('office365'),
          method: 'post',
          path: '/v2/Mail',
          body: {
            To: stakeholders.join(';'),
            Subject: "Incident @{triggerBody()?['object']?['properties']?['incidentNumber']} contained: @{triggerBody()?['object']?['properties']?['title']}",
            Body: "<p>Account disabled and removed from its groups: @{first(body('Entities_-_Get_Accounts')?['Accounts'])?['Name']}</p><p>IPs blocked: @{length(body('Entities_-_Get_IPs')?['IPs'])}</p>",
            Importance: 'High',
          },
        },
      },
      Post_message: {
        runAfter: { 'Send_an_email_(V2)': ['Succeeded'] },
        type: 'ApiConnection',
        inputs: {
          host: host('slack'),
          method: 'post',
          path: '/chat.postMessage',
          queries: { channel: '#soc', text: "Incident @{triggerBody()?['object']?['properties']?['incidentNumber']} contained by @{workflow()?['name']}" },
        },
      },
    },
    outputs: {},
  };
}

/** The automation rule that runs the playbook on every new incident. */
export const containmentRule = {
  displayName: 'Contain compromised accounts',
  order: 1,
  triggeringLogic: { isEnabled: true, triggersOn: 'Incidents', triggersWhen: 'Created', conditions: [] },
  actions: [
    {
      order: 1,
      actionType: 'RunPlaybook',
      actionConfiguration: { logicAppResourceId: `/subscriptions/s/resourceGroups/soc/providers/Microsoft.Logic/workflows/${playbookName}`, tenantId: '00000000-0000-0000-0000-000000000001' },
    },
  ],
};

/** The alert a detector sends about alice signing in from a known-bad IP. */
export function compromisedAccountAlert(ip: string, account = 'alice'): Record<string, unknown> {
  return {
    providerAlertId: `e2e-compromised-${account}-${ip}`,
    serviceSource: 'microsoftDefenderForIdentity',
    title: `Compromised account: ${account} signed in from ${ip}`,
    severity: 'high',
    category: 'CredentialAccess',
    evidence: [
      { '@odata.type': '#microsoft.graph.security.userEvidence', roles: [], verdict: 'malicious', remediationStatus: 'none', userAccount: { accountName: account, domainName: 'RIPOSTE', userPrincipalName: `${account}@riposte.test` } },
      { '@odata.type': '#microsoft.graph.security.ipEvidence', roles: [], verdict: 'malicious', remediationStatus: 'none', ipAddress: ip },
    ],
  };
}

export const adminKey = 'rk_e2e_admin_0123456789abcdef0123456789';

/** A listening server on a fresh data dir, with an HTTP helper that speaks JSON under a key. */
export async function listeningServer(options: { logger?: Parameters<typeof startServer>[0]['logger'] } = {}): Promise<{
  server: RunningServer;
  dataDir: string;
  call: (key: string, method: string, path: string, body?: unknown) => Promise<{ status: number; json: any; text: string }>;
  close(): Promise<void>;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'riposte-e2e-'));
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, adminKey, ...(options.logger !== undefined ? { logger: options.logger } : {}) });
  const call = async (key: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  };
  return {
    server,
    dataDir,
    call,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls the playbook's runs until `count` of them ended; returns them newest first. */
export async function finishedRuns(call: Awaited<ReturnType<typeof listeningServer>>['call'], playbookId: string, count = 1): Promise<Array<{ runId: string; status: string; startedBy: string }>> {
  for (let i = 0; i < 1000; i++) {
    const runs = (await call(adminKey, 'GET', `/api/playbooks/${playbookId}/runs`)).json?.value as Array<{ runId: string; status: string; startedBy: string }> | undefined;
    if (runs && runs.length >= count && runs.every((r) => !['Running', 'Waiting', 'Unknown', 'Queued'].includes(r.status))) return runs;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`runs of playbook ${playbookId} did not finish`);
}
