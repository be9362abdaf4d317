import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'ldapts';
import { startTestDirectory, type TestDirectory } from '../testing/slapd.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../testing/smtp.ts';
import { startTestWebhookReceiver, type TestWebhookReceiver } from '../testing/webhook-receiver.ts';
import { adminKey, compromisedAccountAlert, containmentDefinition, containmentRule, finishedRuns, listeningServer, playbookConnections, playbookName, stakeholders } from './response-fixture.ts';

const ip = '203.0.113.77';

describe('issue 4 end to end on real parts: alert → incident → rule → containment playbook → lead-approved recovery', () => {
  let ldap: TestDirectory;
  let smtp: TestSmtpServer;
  let chat: TestWebhookReceiver;
  let env: Awaited<ReturnType<typeof listeningServer>>;
  beforeAll(async () => {
    [ldap, smtp, chat, env] = await Promise.all([startTestDirectory(), startTestSmtpServer(), startTestWebhookReceiver(), listeningServer()]);
  });
  afterAll(async () => {
    await env?.close();
    await Promise.all([ldap?.stop(), smtp?.stop(), chat?.stop()]);
  });

  const keys: Record<string, string> = {};
  const aliceDn = () => `uid=alice,ou=people,${ldap.baseDn}`;
  const groupDn = (cn: string) => `cn=${cn},ou=groups,${ldap.baseDn}`;

  async function directoryState(): Promise<{ alice: Record<string, unknown>; finance: string[]; vpn: string[] }> {
    const client = new Client({ url: ldap.url });
    await client.bind(ldap.adminDn, ldap.adminPassword);
    try {
      const alice = (await client.search(aliceDn(), { scope: 'base', attributes: ['*', '+'] })).searchEntries[0]!;
      const members = async (cn: string) => [((await client.search(groupDn(cn), { scope: 'base', attributes: ['member'] })).searchEntries[0]!.member as string[] | string)].flat().sort();
      // Operational attributes that change on every write (timestamps, CSN) are not part of the state.
      const { modifyTimestamp, entryCSN, modifiersName, ...rest } = alice;
      void modifyTimestamp, entryCSN, modifiersName;
      return { alice: rest, finance: await members('finance'), vpn: await members('vpn-users') };
    } finally {
      await client.unbind();
    }
  }

  async function aliceCanBind(): Promise<boolean> {
    const client = new Client({ url: ldap.url });
    try {
      await client.bind(aliceDn(), 'alice-password');
      return true;
    } catch {
      return false;
    } finally {
      await client.unbind().catch(() => {});
    }
  }

  it('disables alice, removes her from finance and vpn-users, blocks the IP, mails and posts; the lead approves recovery and everything is back as it was', async () => {
    const { call } = env;
    const before = await directoryState();
    expect(before.finance).toContain(aliceDn());
    expect(before.vpn).toContain(aliceDn());
    expect(await aliceCanBind()).toBe(true);

    // Keys: an automation author, the incident lead and another responder.
    const key = async (role: string, name: string) => {
      const res = await call(adminKey, 'POST', '/api/keys', { role, name });
      expect(res.status).toBe(201);
      return res.json.key as string;
    };
    const author = (keys.author = await key('automation-author', 'sam-author'));
    const lead = (keys.lead = await key('responder', 'ann-lead'));
    const other = await key('responder', 'bob-responder');

    // Connections: credentials go into the vault, never into the playbook.
    const connections: Array<[string, unknown]> = [
      ['directory', { api: 'directory', settings: { url: ldap.url, bindDn: ldap.adminDn, bindPassword: ldap.adminPassword, baseDn: ldap.baseDn, profile: 'openldap-ppolicy', userIdAttribute: 'uid', groupSearchBase: `ou=groups,${ldap.baseDn}` } }],
      ['office365', { api: 'office365', settings: { host: smtp.host, port: smtp.port, secure: false, user: 'soc', password: 'smtp-password-e2e', from: 'Riposte SOC <soc@riposte.test>' } }],
      ['slack', { api: 'slack', settings: { webhookUrl: `${chat.url}/services/T000/B000/e2e-webhook-token` } }],
    ];
    for (const [name, body] of connections) {
      const res = await call(author, 'PUT', `/api/connections/${name}`, body);
      expect(res.status, res.text).toBe(201);
    }
    const listed = (await call(adminKey, 'GET', '/api/connections')).json.value as Array<{ name: string; settings: Record<string, unknown> }>;
    expect(listed.find((c) => c.name === 'directory')!.settings.bindPassword).toBe('***');

    const created = await call(author, 'POST', '/api/playbooks', { name: playbookName, definition: containmentDefinition(), parameters: playbookConnections });
    expect(created.status, created.text).toBe(201);
    expect(created.json.triggerKind).toBe('sentinel-incident');
    expect(created.json.missingOperations).toEqual([]);
    const rule = await call(author, 'POST', '/api/automation-rules', containmentRule);
    expect(rule.status, rule.text).toBe(201);

    // The detector's alert becomes an incident; the rule runs the playbook.
    const posted = await call(adminKey, 'POST', '/api/alerts', compromisedAccountAlert(ip));
    expect(posted.status, posted.text).toBe(201);
    const incidentId = posted.json.incidentId as string;
    expect(incidentId).toBeTruthy();
    const runs = await finishedRuns(call, created.json.id);
    const run = (await call(adminKey, 'GET', `/api/runs/${runs[0]!.runId}`)).json;
    expect(runs[0]!.status, JSON.stringify(run.actions?.filter((a: { status: string }) => a.status !== 'Succeeded'))).toBe('Succeeded');
    expect(runs[0]!.startedBy).toBe(`automation-rule:${containmentRule.displayName}`);

    // Contained: alice cannot bind, she left both groups, the IP is on the firewall's list.
    expect(await aliceCanBind()).toBe(false);
    const contained = await directoryState();
    expect(contained.finance).not.toContain(aliceDn());
    expect(contained.vpn).not.toContain(aliceDn());
    expect(contained.alice.pwdAccountLockedTime).toBeDefined();
    expect((await call(adminKey, 'GET', '/api/indicators/export/ipv4.txt')).text.split('\n')).toContain(ip);

    // Stakeholders were told by mail (received by the SMTP server) and in chat (received by the webhook).
    await smtp.waitForMessages(1);
    expect([...smtp.envelopes[0]!.to].sort()).toEqual([...stakeholders].sort());
    expect(smtp.messages[0]!.subject).toMatch(/^Incident \d+ contained: Compromised account: alice/);
    expect(smtp.messages[0]!.html).toContain('alice');
    await chat.waitFor(1);
    expect(chat.received[0]!.path).toBe('/services/T000/B000/e2e-webhook-token');
    expect(JSON.stringify(chat.received[0]!.body)).toContain(`contained by ${playbookName}`);

    // The ledger holds every change with its before-state.
    const ledger = await call(lead, 'GET', `/api/incidents/${incidentId}/ledger`);
    expect(ledger.status, ledger.text).toBe(200);
    const kinds = (ledger.json.value as Array<{ resource: { kind: string } }>).map((e) => e.resource.kind);
    expect(kinds).toEqual(expect.arrayContaining(['ldap-user', 'ldap-group-membership', 'indicator']));

    // ann is the lead; she asks for recovery, bob (not the lead) may not approve it, ann does.
    expect((await call(adminKey, 'PATCH', `/api/incidents/${incidentId}`, { roles: { lead: 'ann-lead' } })).status).toBe(200);
    const dryRun = await call(lead, 'POST', `/api/incidents/${incidentId}/recovery/plan`);
    expect(dryRun.status, dryRun.text).toBeLessThan(300);
    const plan = await call(lead, 'POST', `/api/incidents/${incidentId}/recovery`, {});
    expect(plan.status, plan.text).toBe(201);
    expect(plan.json.status).toBe('awaiting-approval');
    const planId = plan.json.id ?? plan.json.planId;
    const refused = await call(other, 'POST', `/api/recovery/${planId}/approve`);
    expect(refused.status).toBe(403);
    const notYet = await call(lead, 'POST', `/api/recovery/${planId}/run`);
    expect(notYet.status).toBeGreaterThanOrEqual(400);
    const approved = await call(lead, 'POST', `/api/recovery/${planId}/approve`);
    expect(approved.status, approved.text).toBe(200);
    const ran = await call(lead, 'POST', `/api/recovery/${planId}/run`);
    expect(ran.status, ran.text).toBe(200);
    expect(ran.json.status, ran.text).toBe('succeeded');
    expect(ran.json.report.counts).toEqual({ restored: 3 });
    expect(ran.json.steps.map((s: { operationId: string }) => s.operationId)).toEqual(['indicators.submit', 'directory.removeFromGroups', 'directory.disableUser']);

    // Recovered: the entry and memberships read back equal to their before-state; the IP left the list.
    expect(await directoryState()).toEqual(before);
    expect(await aliceCanBind()).toBe(true);
    expect((await call(adminKey, 'GET', '/api/indicators/export/ipv4.txt')).text.split('\n')).not.toContain(ip);

    // Who did what is on the incident's timeline: the refused approval by bob, the lead's approval.
    const timeline = JSON.stringify((await call(adminKey, 'GET', `/api/incidents/${incidentId}/timeline`)).json.value);
    expect(timeline).toContain('bob-responder');
    expect(timeline).toContain('ann-lead');
  });

  // Uses the playbook, rule and connections the first test created.
  it('a recovery that fails half-way (the directory refuses the bind) reports where it stopped and resumes from there once the connection is fixed', async () => {
    const { call } = env;
    const bobDn = `uid=bob,ou=people,${ldap.baseDn}`;
    const posted = await call(adminKey, 'POST', '/api/alerts', compromisedAccountAlert('198.51.100.44', 'bob'));
    expect(posted.status, posted.text).toBe(201);
    const incidentId = posted.json.incidentId as string;
    const playbook = (await call(adminKey, 'GET', `/api/playbooks/${playbookName}`)).json;
    const runs = await finishedRuns(call, playbook.id, 2);
    expect(runs[0]!.status).toBe('Succeeded');
    const contained = await directoryState();
    expect(contained.finance).not.toContain(bobDn);

    const directory = (password: string) => ({ api: 'directory', settings: { url: ldap.url, bindDn: ldap.adminDn, bindPassword: password, baseDn: ldap.baseDn, profile: 'openldap-ppolicy', userIdAttribute: 'uid', groupSearchBase: `ou=groups,${ldap.baseDn}` } });
    expect((await call(keys.author!, 'PUT', '/api/connections/directory', directory('wrong-password'))).status).toBe(200);
    expect((await call(adminKey, 'PATCH', `/api/incidents/${incidentId}`, { roles: { lead: 'ann-lead' } })).status).toBe(200);
    const plan = (await call(keys.lead!, 'POST', `/api/incidents/${incidentId}/recovery`, {})).json;
    expect((await call(keys.lead!, 'POST', `/api/recovery/${plan.id}/approve`)).status).toBe(200);
    const failed = await call(keys.lead!, 'POST', `/api/recovery/${plan.id}/run`);
    expect(failed.json.status, failed.text).toBe('failed');
    expect(failed.json.report).toMatchObject({ resumeFrom: 1, counts: { restored: 1, failed: 1 } });
    expect(failed.text).not.toContain(ldap.adminPassword);
    // The block was lifted; bob is still out of his groups and locked.
    expect((await call(adminKey, 'GET', '/api/indicators/export/ipv4.txt')).text.split('\n')).not.toContain('198.51.100.44');
    expect((await directoryState()).finance).not.toContain(bobDn);

    expect((await call(keys.author!, 'PUT', '/api/connections/directory', directory(ldap.adminPassword))).status).toBe(200);
    const resumed = await call(keys.lead!, 'POST', `/api/recovery/${plan.id}/run`);
    expect(resumed.json.status, resumed.text).toBe('succeeded');
    expect(resumed.json.report.counts).toEqual({ restored: 3 });
    const after = await directoryState();
    expect(after.finance).toContain(bobDn);
    expect(after.vpn).toContain(bobDn);
    const client = new Client({ url: ldap.url });
    await expect(client.bind(bobDn, 'bob-password')).resolves.toBeUndefined();
    await client.unbind();
  });
});
