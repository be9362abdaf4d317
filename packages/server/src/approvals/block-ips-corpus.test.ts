/**
 * End to end: the corpus playbook Block-IPs-on-MDATP-Using-GraphSecurity, imported unchanged (its
 * ARM parameter EmailApprovalContact given at import) into a server started as `riposte serve`
 * starts it, run by a new alert with two IPs. Its For_each asks once per IP, so two approval
 * mails wait at once, each answered through its own links to its own loop iteration.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../app/start-server.ts';
import { corpusPlaybook } from '../automation/e2e.test-support.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../testing/smtp.ts';
import { linksOf, serverCaller, until } from '../testing/server-calls.ts';

const adminKey = 'rk_block_ips_admin_0123456789abcdef012345';

let server: RunningServer;

const call = serverCaller(() => server.url, adminKey);

describe('Block-IPs-on-MDATP-Using-GraphSecurity (corpus, unchanged) asks per IP and acts on each answer', () => {
  let smtp: TestSmtpServer;
  let dataDir: string;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    dataDir = mkdtempSync(join(tmpdir(), 'riposte-block-ips-'));
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, adminKey });
    const mail = await call('PUT', '/api/connections/office365', { api: 'office365', settings: { host: smtp.host, port: smtp.port, secure: false, from: 'Riposte SOC <soc@riposte.test>' } });
    expect(mail.status, mail.text).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await smtp?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('mails the contact once per IP; Approve on one and Reject on the other: only the approved iteration submits its indicator', async () => {
    const imported = await call('POST', '/api/playbooks', {
      name: 'Block-IPs',
      template: corpusPlaybook('Block-IPs-on-MDATP-Using-GraphSecurity__alert-trigger.json'),
      parameters: { EmailApprovalContact: { value: 'soc-lead@riposte.test' } },
    });
    expect(imported.status, imported.text).toBe(201);
    expect(imported.json.missingOperations).toEqual([]);

    const ip = (ipAddress: string) => ({ '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress });
    const alert = await call('POST', '/api/alerts', {
      providerAlertId: 'block-ips-1',
      serviceSource: 'microsoftDefenderForEndpoint',
      detectorId: 'c2-beacon',
      title: 'Beaconing to two hosts',
      severity: 'high',
      createdDateTime: '2026-03-01T11:00:00Z',
      evidence: [ip('203.0.113.7'), ip('198.51.100.9')],
    });
    expect(alert.status, alert.text).toBe(201);
    // A Sentinel alert-trigger playbook runs on every new alert (triggers/alert-triggers.ts).
    const runs = await until('the alert to start a run', async () => (await call('GET', `/api/playbooks/${imported.json.id}/runs`)).json.value as Array<{ runId: string }>, (v) => v.length > 0);
    expect(runs).toHaveLength(1);

    // Which IP a mail names is a race: the playbook sets one workflow variable in a For_each whose
    // iterations run in parallel (as Logic Apps runs them by default), so both may read the last one.
    const mails = await smtp.waitForMessages(2);
    for (const m of mails) {
      expect(m.to).toMatchObject({ text: 'soc-lead@riposte.test' });
      expect(m.subject).toBe('Approval Request');
      expect(String(m.text)).toMatch(/^Please approve to block (203\.0\.113\.7|198\.51\.100\.9)\n/);
      expect([...linksOf(m.html).keys()]).toEqual(['Approve', 'Reject']);
    }
    const [first, second] = mails.map((m) => linksOf(m.html));
    // Each mail's links answer its own request (its own loop iteration), not the other's.
    expect(new URL(first!.get('Approve')!).pathname).not.toBe(new URL(second!.get('Approve')!).pathname);
    const press = (link: string) => fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect((await press(first!.get('Approve')!)).status).toBe(200);
    expect((await press(second!.get('Reject')!)).status).toBe(200);

    type Run = { status: string; actions: Array<{ name: string; status: string; inputs?: unknown; outputs?: unknown }> };
    const run = await until('the run to end', async () => (await call('GET', `/api/runs/${runs[0]!.runId}`)).json as Run, (r) => r.status === 'Succeeded' || r.status === 'Failed');
    expect(run.status, JSON.stringify(run.actions.map((a) => [a.name, a.status, a.outputs]))).toBe('Succeeded');
    const asked = run.actions.filter((a) => a.name === 'Send_approval_email').map((a) => (a.outputs as { body: { SelectedOption: string } }).body.SelectedOption);
    expect(asked.sort()).toEqual(['Approve', 'Reject']);
    const submitted = run.actions.filter((a) => a.name === 'Submit_TiIndicator_to_MDATP_to_block_IP');
    expect(submitted.map((a) => a.status).sort()).toEqual(['Skipped', 'Succeeded']);
    expect(JSON.stringify(submitted.find((a) => a.status === 'Succeeded')?.inputs)).toMatch(/"networkDestinationIPv4":"(203\.0\.113\.7|198\.51\.100\.9)"/);
    expect(smtp.messages).toHaveLength(2);
  }, 60_000);
});
