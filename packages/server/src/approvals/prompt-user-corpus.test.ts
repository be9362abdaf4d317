/**
 * End to end: the corpus playbook Prompt-User, imported unchanged through POST /api/playbooks into a
 * server started the way `riposte serve` starts it, run by hand on an incident whose account is in
 * a real OpenLDAP directory. The user gets the approval email over real SMTP, opens a link (which
 * answers nothing), confirms through the page's button, and the run goes on with SelectedOption:
 * "This was me" closes the incident as the playbook says. The wait crosses a server restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../app/start-server.ts';
import { corpusPlaybook } from '../automation/e2e.test-support.ts';
import { startTestDirectory, type TestDirectory } from '../testing/slapd.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../testing/smtp.ts';
import { linksOf, serverCaller, until } from '../testing/server-calls.ts';

const adminKey = 'rk_prompt_user_admin_0123456789abcdef0123';
const options = ['This was me', 'This was not me'];

let server: RunningServer;

const call = serverCaller(() => server.url, adminKey);

/** A link's path and query on the server running now (a restarted server listens on another port). */
const onServer = (link: string) => new URL(new URL(link).pathname + new URL(link).search, server.url).toString();
/** Pressing the confirmation page's button, as a browser posts the form. */
const confirm = (link: string) => fetch(onServer(link), { method: 'POST', headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: '' });

async function runOf(runId: string) {
  return (await call('GET', `/api/runs/${runId}`)).json as { status: string; actions: Array<{ name: string; status: string; outputs?: unknown }> };
}

describe('Prompt-User (corpus, unchanged) asks the incident\'s user by approval email and acts on the answer', () => {
  let smtp: TestSmtpServer;
  let dir: TestDirectory;
  let dataDir: string;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    dir = await startTestDirectory();
    dataDir = mkdtempSync(join(tmpdir(), 'riposte-prompt-user-'));
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, adminKey });
    const mail = await call('PUT', '/api/connections/office365', { api: 'office365', settings: { host: smtp.host, port: smtp.port, secure: false, from: 'Riposte SOC <soc@riposte.test>' } });
    expect(mail.status, mail.text).toBe(201);
    const directory = await call('PUT', '/api/connections/azuread', {
      api: 'azuread',
      settings: { url: dir.url, bindDn: dir.adminDn, bindPassword: dir.adminPassword, baseDn: dir.baseDn, profile: 'openldap-ppolicy', userIdAttribute: 'uid' },
    });
    expect(directory.status, directory.text).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await smtp?.stop();
    await dir?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('mails alice one link per option; GET answers nothing, a forged or replayed link is refused, and "This was me" (after a restart) closes the incident', async () => {
    const imported = await call('POST', '/api/playbooks', { name: 'Prompt-User', template: corpusPlaybook('Prompt-User__incident-trigger.json') });
    expect(imported.status, imported.text).toBe(201);
    expect(imported.json.missingOperations).toEqual([]);
    expect(imported.json.notRunnable).toEqual([]);

    const alert = await call('POST', '/api/alerts', {
      providerAlertId: 'prompt-user-1',
      serviceSource: 'microsoftDefenderForIdentity',
      detectorId: 'impossible-travel',
      title: 'Impossible travel',
      description: 'Sign-ins from two countries an hour apart',
      severity: 'medium',
      createdDateTime: '2026-03-01T11:00:00Z',
      evidence: [{ '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: { accountName: 'alice', userPrincipalName: 'alice@riposte.test' } }],
    });
    expect(alert.status, alert.text).toBe(201);
    const incidentId = alert.json.incidentId as string;

    const started = await call('POST', `/api/playbooks/${imported.json.id}/runs`, { incidentId });
    expect(started.status, started.text).toBe(202);
    const runId = started.json.runId as string;

    // The mail goes to the address the directory gives for the incident's account (Get_user → mail).
    const [mail] = await smtp.waitForMessages(1);
    expect(mail!.to).toMatchObject({ text: 'alice@riposte.test' });
    expect(mail!.subject).toBe('Security Alert: Impossible travel');
    expect(mail!.headers.get('priority')).toBe('high');
    expect(String(mail!.text)).toContain('Description: Sign-ins from two countries an hour apart');
    const links = linksOf(mail!.html);
    expect([...links.keys()]).toEqual(options);
    for (const link of links.values()) expect(link.startsWith(`${server.url}/api/approvals/`)).toBe(true);
    expect(new Set(links.values()).size).toBe(2);

    // Opening the link (as a mail scanner would) shows a confirmation page and answers nothing.
    const page = await fetch(links.get('This was me')!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');
    const waiting = await until('the run to wait', () => runOf(runId), (r) => r.actions?.some((a) => a.name === 'Send_approval_email' && a.status === 'Waiting'));
    expect(waiting.status).not.toBe('Succeeded');
    expect((await call('GET', `/api/approvals?incidentId=${incidentId}`)).json.value).toMatchObject([{ status: 'Pending', to: ['alice@riposte.test'] }]);

    // A link whose signature was edited, or that names another request, answers nothing.
    const forged = new URL(links.get('This was me')!);
    forged.searchParams.set('sig', `${forged.searchParams.get('sig')!.slice(0, -2)}AA`);
    expect((await confirm(forged.toString())).status).toBe(403);
    const elsewhere = new URL(links.get('This was me')!);
    elsewhere.pathname = elsewhere.pathname.replace(/approvals\/[^/]+/, 'approvals/00000000-0000-4000-8000-000000000000');
    expect((await confirm(elsewhere.toString())).status).toBe(403);
    expect((await call('GET', `/api/approvals?incidentId=${incidentId}`)).json.value).toMatchObject([{ status: 'Pending' }]);

    // The wait is durable: a new process over the same data folder still takes the mailed link.
    await server.close();
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, adminKey });
    const answered = await confirm(links.get('This was me')!);
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain('Your answer <strong>This was me</strong> was recorded');

    const run = await until('the run to end', () => runOf(runId), (r) => r.status === 'Succeeded' || r.status === 'Failed');
    expect(run.status, JSON.stringify(run.actions.map((a) => [a.name, a.status]))).toBe('Succeeded');
    const asked = run.actions.find((a) => a.name === 'Send_approval_email');
    expect(asked?.outputs).toMatchObject({ body: { SelectedOption: 'This was me', UserEmailAddress: 'alice@riposte.test' } });
    expect(run.actions.find((a) => a.name === 'Update_incident')?.status).toBe('Succeeded');
    expect(run.actions.filter((a) => a.name === 'Post_message_in_a_chat_or_channel').map((a) => a.status)).toEqual(['Skipped']);

    const incident = (await call('GET', `/api/incidents/${incidentId}`)).json;
    expect(incident).toMatchObject({ status: 'Closed', classification: 'BenignPositive' });
    const comments = (await call('GET', `/api/incidents/${incidentId}/comments`)).json;
    expect(JSON.stringify(comments)).toContain('Alice Doe confirms they completed the action');

    // The first answer counts: the same link again, or the other option, is refused.
    const replay = await confirm(links.get('This was me')!);
    expect(replay.status).toBe(409);
    expect(await replay.text()).toContain('already answered (This was me via link');
    const other = await fetch(onServer(links.get('This was not me')!));
    expect(other.status).toBe(409);
    expect(await other.text()).toContain('already answered');
    expect(smtp.messages).toHaveLength(1);
  }, 60_000);
});
