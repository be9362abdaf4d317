import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../testing/smtp.ts';
import { startServer, type RunningServer } from './start-server.ts';
import { serverCaller } from '../testing/server-calls.ts';

const adminKey = 'rk_wiring_admin_0123456789abcdef012345';
const criticalIp = '198.51.100.23';

const connection = (name: string) => ({
  connectionId: `/subscriptions/s/resourceGroups/soc/providers/Microsoft.Web/connections/${name}`,
  id: `/subscriptions/s/providers/Microsoft.Web/locations/westeurope/managedApis/${name}`,
});
const host = (name: string) => ({ connection: { name: `@parameters('$connections')['${name}']['connectionId']` } });
const incidentTrigger = {
  Microsoft_Sentinel_incident: { type: 'ApiConnectionWebhook', inputs: { body: { callback_url: '@{listCallbackUrl()}' }, host: host('azuresentinel'), path: '/incident-creation' } },
};
const parameters = { $connections: { value: { azuresentinel: connection('azuresentinel'), office365: connection('office365'), indicators: connection('indicators'), riposte: connection('riposte') } } };

/** The approval step as Sentinel's Block-IPs playbooks send it, then what the run does with the answer. */
const approvalDefinition = {
  $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
  contentVersion: '1.0.0.0',
  parameters: { $connections: { defaultValue: {}, type: 'Object' } },
  triggers: incidentTrigger,
  actions: {
    Send_approval_email: {
      type: 'ApiConnectionWebhook',
      runAfter: {},
      inputs: {
        host: host('office365'),
        path: '/approvalmail/$subscriptions',
        body: {
          NotificationUrl: '@{listCallbackUrl()}',
          Message: { To: 'lead@riposte.test', Subject: "Block the IPs of incident @{triggerBody()?['object']?['properties']?['incidentNumber']}?", Body: 'Please approve', Importance: 'Normal', Options: 'Approve, Reject' },
        },
      },
    },
    Decision: { type: 'Compose', runAfter: { Send_approval_email: ['Succeeded'] }, inputs: "@body('Send_approval_email')?['SelectedOption']" },
  },
  outputs: {},
};

/** Blocks one IP through the indicators connector: a containment operation the gate looks at. */
const blockDefinition = {
  ...approvalDefinition,
  actions: {
    Block_IP: {
      type: 'ApiConnection',
      runAfter: {},
      inputs: { host: host('indicators'), method: 'post', path: '/indicators', body: { action: 'block', threatType: 'C2', tlpLevel: 'amber', networkIPv4: criticalIp, expirationDateTime: '@{addDays(utcNow(), 30)}', description: 'blocked by the wiring test' } },
    },
  },
};

// The server of the describe block running now (blocks of a file run one after the other).
let server: RunningServer;

const call = serverCaller(() => server.url, adminKey);

async function newIncident(title: string): Promise<string> {
  const posted = await call('POST', '/api/alerts', { providerAlertId: `wiring-${title}`, serviceSource: 's', detectorId: `d-${title}`, title, severity: 'high', evidence: [], createdDateTime: '2026-03-01T11:00:00Z' });
  expect(posted.status, posted.text).toBe(201);
  // Each title is its own detector, so no alert is correlated into an earlier test's incident.
  return posted.json.incidentId as string;
}

async function playbook(name: string, definition: unknown): Promise<string> {
  const created = await call('POST', '/api/playbooks', { name, definition, parameters });
  expect(created.status, created.text).toBe(201);
  expect(created.json.missingOperations).toEqual([]);
  return created.json.id as string;
}

/** The answer link of an option in an approval email. */
function approveLink(html: unknown, option: string): string {
  const link = [...String(html).matchAll(new RegExp(`href="([^"]+)"[^>]*>${option}<`, 'g'))].map((m) => m[1]!.replaceAll('&amp;', '&'))[0];
  expect(link, `no ${option} link in the mail`).toBeDefined();
  return link!;
}

async function finished(runId: string): Promise<{ status: string; actions: Array<{ name: string; outputs?: unknown }> }> {
  for (let i = 0; i < 500; i++) {
    const run = (await call('GET', `/api/runs/${runId}`)).json;
    if (run?.status === 'Succeeded' || run?.status === 'Failed') return run;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`run ${runId} did not finish`);
}

describe('the response process in a server started the way `riposte serve` starts it', () => {
  let smtp: TestSmtpServer;
  let dataDir: string;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    dataDir = mkdtempSync(join(tmpdir(), 'riposte-response-wiring-'));
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, adminKey, response: { changeGate: { mode: 'fail' } } });
    // The SMTP relay is a vault connection: approval emails and stakeholder notices both use it.
    const put = await call('PUT', '/api/connections/office365', { api: 'office365', settings: { host: smtp.host, port: smtp.port, secure: false, from: 'Riposte SOC <soc@riposte.test>' } });
    expect(put.status, put.text).toBe(201);
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('mails a corpus-shaped approval through the office365 connection of the vault; the link in the mail answers it and the run goes on with SelectedOption', async () => {
    const incidentId = await newIncident('approval');
    const id = await playbook('Ask-Before-Blocking', approvalDefinition);
    const started = await call('POST', `/api/playbooks/${id}/runs`, { incidentId });
    expect(started.status, started.text).toBe(202);

    const [mail] = await smtp.waitForMessages(1);
    expect(mail!.to).toMatchObject({ text: 'lead@riposte.test' });
    const approve = approveLink(mail!.html, 'Approve');
    expect(approve.startsWith(`${server.url}/api/approvals/`)).toBe(true);
    // The link opens a confirmation page (mail scanners fetch links); its button posts the answer.
    expect((await fetch(approve)).status).toBe(200);
    const answered = await fetch(approve, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(answered.status).toBeLessThan(300);

    const run = await finished(started.json.runId);
    expect(run.status, JSON.stringify(run)).toBe('Succeeded');
    expect(JSON.stringify(run.actions.find((a) => a.name === 'Decision'))).toContain('"Approve"');
    const timeline = (await call('GET', `/api/incidents/${incidentId}/timeline`)).json.value as Array<{ action: string }>;
    expect(timeline.map((e) => e.action)).toEqual(expect.arrayContaining(['approvalRequested', 'approvalAnswered']));
  });

  it('keeps a run waiting for its approval across a server restart; the mailed link still answers it', async () => {
    const incidentId = await newIncident('restart');
    const id = await playbook('Ask-Across-Restart', approvalDefinition);
    const before = smtp.messages.length;
    const started = await call('POST', `/api/playbooks/${id}/runs`, { incidentId });
    const mails = await smtp.waitForMessages(before + 1);
    const reject = approveLink(mails[before]!.html, 'Reject');

    await server.close();
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, adminKey, response: { changeGate: { mode: 'fail' } } });
    // The new process listens on another port; the link's path and signature are what answer.
    const answered = await fetch(new URL(new URL(reject).pathname + new URL(reject).search, server.url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(answered.status).toBeLessThan(300);
    const run = await finished(started.json.runId);
    expect(run.status, JSON.stringify(run)).toBe('Succeeded');
    expect(JSON.stringify(run.actions.find((a) => a.name === 'Decision'))).toContain('"Reject"');
  });

  it('escalates an incident through POST /api/incidents/{id}/escalate', async () => {
    const incidentId = await newIncident('escalate');
    const res = await call('POST', `/api/incidents/${incidentId}/escalate`, { reason: 'Needs a forensic examiner' });
    expect(res.status, res.text).toBe(200);
    const incident = (await call('GET', `/api/incidents/${incidentId}`)).json;
    expect(incident.phase).toBe('Escalated');
    expect(incident.tasks).toMatchObject([{ description: 'Needs a forensic examiner' }]);
  });

  it('refuses to block a business-critical IP without an approved change request (gate in fail mode), and blocks it under one', async () => {
    const asset = await call('POST', '/api/assets', { kind: 'ip', key: criticalIp, businessCritical: true, name: 'payment gateway' });
    expect(asset.status, asset.text).toBe(201);
    const incidentId = await newIncident('gate');
    const id = await playbook('Block-Critical-IP', blockDefinition);

    const refused = await call('POST', `/api/playbooks/${id}/runs`, { incidentId, wait: true });
    expect(refused.json.status, refused.text).toBe('Failed');
    const run = (await call('GET', `/api/runs/${refused.json.runId}`)).json;
    expect(JSON.stringify(run.actions)).toContain('ChangeRequestRequired');
    expect((await call('GET', '/api/indicators/export/ipv4.txt')).text.split('\n')).not.toContain(criticalIp);

    const cr = await call('POST', '/api/change-requests', { incidentId, title: 'Block the gateway IP', steps: [{ kind: 'containment', summary: 'block it' }], assets: [asset.json.id] });
    expect(cr.status, cr.text).toBe(201);
    expect((await call('POST', `/api/change-requests/${cr.json.id}/approve`, {})).status).toBe(200);
    const allowed = await call('POST', `/api/playbooks/${id}/runs`, { incidentId, wait: true });
    expect(allowed.json.status, allowed.text).toBe('Succeeded');
    expect((await call('GET', '/api/indicators/export/ipv4.txt')).text.split('\n')).toContain(criticalIp);
    // The ledger entry names the change request the gate let through.
    const ledger = (await call('GET', `/api/incidents/${incidentId}/ledger`)).json;
    expect(JSON.stringify(ledger)).toContain(cr.json.id);
  });

  it('answers the stakeholder policy, asset and change request routes; a policy mails new incidents through the vault relay', async () => {
    for (const path of ['/api/stakeholder-policies', '/api/assets', '/api/change-requests']) {
      const res = await call('GET', path);
      expect(res.status, `${path}: ${res.text}`).toBe(200);
      expect(Array.isArray(res.json.value)).toBe(true);
    }
    const policy = await call('POST', '/api/stakeholder-policies', {
      name: 'CISO on high incidents',
      recipients: { emails: ['ciso@riposte.test'] },
      triggers: [{ on: 'incidentCreated', minSeverity: 'High' }],
      template: { subject: "New incident: @{triggerBody()?['incident']?['title']}", body: 'See the console.' },
    });
    expect(policy.status, policy.text).toBe(201);
    const before = smtp.messages.length;
    await newIncident('stakeholders');
    const mails = await smtp.waitForMessages(before + 1);
    expect(mails.map((m) => m.subject)).toContain('New incident: stakeholders');
  });
});

describe('the response process in a server with default settings', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'riposte-response-wiring-'));
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, adminKey });
  });
  afterAll(async () => {
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('a playbook escalates its incident, then its containment of a business-critical IP waits for the change request the gate opens, and runs once it is approved', async () => {
    const asset = await call('POST', '/api/assets', { kind: 'ip', key: criticalIp, businessCritical: true });
    expect(asset.status, asset.text).toBe(201);
    const incidentId = await newIncident('wait');
    const { Block_IP } = blockDefinition.actions;
    const id = await playbook('Escalate-Then-Block', {
      ...blockDefinition,
      actions: {
        Escalate: { type: 'ApiConnection', runAfter: {}, inputs: { host: host('riposte'), method: 'post', path: "/incidents/@{triggerBody()?['object']?['name']}/escalate", body: { reason: 'C2 traffic from the payment gateway' } } },
        Block_IP: { ...Block_IP, runAfter: { Escalate: ['Succeeded'] } },
      },
    });
    const started = await call('POST', `/api/playbooks/${id}/runs`, { incidentId });
    expect(started.status, started.text).toBe(202);

    let opened: Array<{ id: string; incidentId: string; status: string; assetIds: string[] }> = [];
    for (let i = 0; i < 500 && opened.length === 0; i++) {
      if (i) await new Promise((r) => setTimeout(r, 20));
      opened = (await call('GET', '/api/change-requests')).json.value;
    }
    expect(opened).toMatchObject([{ incidentId, status: 'Requested', assetIds: [asset.json.id] }]);
    const incident = (await call('GET', `/api/incidents/${incidentId}`)).json;
    expect(incident.phase).toBe('Escalated');
    expect((await call('GET', '/api/indicators/export/ipv4.txt')).text.split('\n')).not.toContain(criticalIp);

    expect((await call('POST', `/api/change-requests/${opened[0]!.id}/approve`, {})).status).toBe(200);
    const run = await finished(started.json.runId);
    expect(run.status, JSON.stringify(run)).toBe('Succeeded');
    expect((await call('GET', '/api/indicators/export/ipv4.txt')).text.split('\n')).toContain(criticalIp);
    expect(JSON.stringify((await call('GET', `/api/incidents/${incidentId}/ledger`)).json)).toContain(opened[0]!.id);
  });
});
