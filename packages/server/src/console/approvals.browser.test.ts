// The console's Approvals page in a real browser (Debian's Chromium, driven by playwright-core), against
// a server wired as `riposte serve` wires the response process (approval routes, the riposte "Request
// approval" operation, mail to a real SMTP server) and playbook runs that wait for the answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { riposteApprovalAction } from '../approvals/approval-fixture.test-support.ts';
import { buildApp } from '../app/build-app.ts';
import { wireResponseProcess } from '../app/response-process-wiring.ts';
import { createApiKey } from '../auth/api-keys.ts';
import { securityAutomationModule } from '../automation/automation-module.ts';
import { connection, incidentPlaybook } from '../recovery/test-fixture.ts';
import type { SecurityStore } from '../store/security-store.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../testing/smtp.ts';
import { buildConsole, openConsoleSession, type ConsoleSession, withoutChromium } from './console-browser.test-support.ts';
import { consoleModule } from './console-module.ts';

interface ApprovalView {
  id: string;
  incidentId: string | null;
  runId: string | null;
  subject: string;
  status: string;
  to: string[];
  expiresAt: string;
  answer: { option: string | null; by: string; via: string } | null;
}

describe.skipIf(withoutChromium)('Approvals page in Chromium', () => {
  let temp: string;
  let store: SecurityStore;
  let smtp: TestSmtpServer;
  let app: FastifyInstance;
  let session: ConsoleSession;
  let page: Page;
  let base: string;
  let adminKey: string;
  let triageKey: string;
  let readerKey: string;
  let incidentId: string;
  let playbookId: string;

  const request = async <T,>(method: string, path: string, body?: unknown, key = adminKey): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  const approvals = async (status: string) => (await request<{ value: ApprovalView[] }>('GET', `/api/approvals?status=${status}`)).body.value;
  const until = async <T,>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    for (let i = 0; i < 400; i++) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('timed out waiting for the server');
  };
  /** Runs the asking playbook on the incident; answers once its approval request is stored. */
  const ask = async (expectedPending: number): Promise<{ runId: string; approval: ApprovalView }> => {
    const started = await request<{ runId: string }>('POST', `/api/playbooks/${playbookId}/runs`, { incidentId });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const pending = await until(() => approvals('Pending'), (list) => list.length === expectedPending);
    return { runId: started.body.runId, approval: pending.find((a) => a.runId === started.body.runId)! };
  };
  const runStatus = async (runId: string) => (await request<{ status: string }>('GET', `/api/runs/${runId}`)).body.status;
  const row = (id: string, table = 'approvals-pending') => page.locator(`table.${table} tr[data-approval="${id}"]`);

  beforeAll(async () => {
    temp = mkdtempSync(join(tmpdir(), 'riposte-approvals-browser-'));
    const dist = join(temp, 'dist');
    await buildConsole(dist);
    smtp = await startTestSmtpServer();
    store = openSqliteSecurityStore({ path: join(temp, 'riposte.db') });
    const response = wireResponseProcess({ notifications: { smtp: { host: smtp.host, port: smtp.port, from: 'Riposte <soc@riposte.test>' } } }, {});
    app = await buildApp({
      store,
      modules: [consoleModule({ dir: dist }), securityAutomationModule({ resumeOnStart: false, dispatchStages: response.dispatchStages }), response.module],
    });
    await app.ready();
    adminKey = (await createApiKey(store, 'admin', 'console-admin', app.riposte.clock, 'test')).key;
    triageKey = (await createApiKey(store, 'triage', 'console-triage', app.riposte.clock, 'test')).key;
    readerKey = (await createApiKey(store, 'reader', 'console-reader', app.riposte.clock, 'test')).key;
    session = await openConsoleSession(app, join(temp, 'profile'));
    ({ page, base } = session);

    const alert = await request<{ incidentId: string }>('POST', '/api/alerts', { title: 'Impossible travel for bob', serviceSource: 's', providerAlertId: 'travel-1', severity: 'high' });
    incidentId = alert.body.incidentId;
    const playbook = await request<{ id: string }>(
      'POST',
      '/api/playbooks',
      {
        name: 'Ask before disabling bob',
        ...incidentPlaybook(
          {
            Ask: riposteApprovalAction({
              to: ['lead@riposte.test', 'backup@riposte.test'],
              subject: 'Disable bob?',
              body: 'bob signed in from two continents within an hour',
              options: ['Disable', 'Leave'],
              timeout: 'P1D',
              defaultOption: 'Leave',
            }) as never,
            Answer: { type: 'Compose', inputs: "@body('Ask')?['SelectedOption']", runAfter: { Ask: ['Succeeded'] } },
          },
          { azuresentinel: connection('azuresentinel'), riposte: { connectionId: 'riposte', id: '/managedApis/riposte' } },
        ),
      },
    );
    expect(playbook.status, JSON.stringify(playbook.body)).toBe(201);
    playbookId = playbook.body.id;
  });

  afterAll(async () => {
    await session?.close();
    await store?.close();
    await smtp?.stop();
    rmSync(temp, { recursive: true, force: true });
  });

  it('lists a pending approval with its incident, question, recipients and expiry', async () => {
    const { approval } = await ask(1);
    expect(approval).toMatchObject({ incidentId, subject: 'Disable bob?', status: 'Pending', to: ['lead@riposte.test', 'backup@riposte.test'] });
    await session.signIn(triageKey, '#/incidents');
    await page.getByRole('link', { name: 'Approvals', exact: true }).click();
    expect(new URL(page.url()).hash).toBe('#/approvals');
    await row(approval.id).waitFor();
    const cells = await row(approval.id).locator('td').allTextContents();
    expect(cells.slice(1)).toEqual([
      'Disable bob? bob signed in from two continents within an hour',
      expect.any(String),
      'lead@riposte.test, backup@riposte.test',
      `${approval.expiresAt.slice(0, 16).replace('T', ' ')} UTCthen Leave`,
      'DisableLeave',
    ]);
    expect(await row(approval.id).getByRole('link').getAttribute('href')).toBe(`#/incidents/${incidentId}`);
    await page.getByText('Nothing answered yet.').waitFor();
  });

  it('shows the server\'s 403 to a key that may not answer, and the approval stays pending', async () => {
    const [approval] = await approvals('Pending');
    await session.signIn(readerKey, '#/approvals');
    await row(approval!.id).getByRole('button', { name: 'Disable' }).click();
    await page.locator('.error-banner').getByText(/^403 Forbidden/).waitFor();
    await page.getByText('Answering approvals needs the approvals.answer permission').waitFor();
    expect((await approvals('Pending')).map((a) => a.id)).toEqual([approval!.id]);
  });

  it('answers from the page: the server records it, the waiting run continues with it, and it moves to history', async () => {
    const [approval] = await approvals('Pending');
    await session.signIn(triageKey, '#/approvals');
    await row(approval!.id).getByRole('button', { name: 'Disable' }).click();
    await page.getByText("Answered 'Disable bob?': Disable.").waitFor();
    const stored = (await request<ApprovalView>('GET', `/api/approvals/${approval!.id}`)).body;
    expect(stored).toMatchObject({ status: 'Answered', answer: { option: 'Disable', via: 'api', by: expect.stringContaining('console-triage') } });
    expect(await until(() => runStatus(approval!.runId!), (s) => s === 'Succeeded')).toBe('Succeeded');
    const history = row(approval!.id, 'approvals-history');
    await history.waitFor();
    expect((await history.locator('td').allTextContents()).slice(1, 5)).toEqual(['Disable bob?', expect.any(String), 'Disable', expect.stringMatching(/console-triage.*\(api\)$/)]);
    expect(await row(approval!.id).count()).toBe(0);
    await page.getByText('No approval is waiting.').waitFor();
  });

  it('shows the server\'s 409 when someone else answered first, and the first answer stands', async () => {
    const { runId, approval } = await ask(1);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await row(approval.id).waitFor();
    // Another analyst answers while this page still offers the buttons.
    expect((await request('POST', `/api/approvals/${approval.id}/answer`, { option: 'Leave' })).status).toBe(200);
    await row(approval.id).getByRole('button', { name: 'Disable' }).click();
    await page.locator('.error-banner').getByText(/^409 /).waitFor();
    expect(await page.locator('.error-banner').textContent()).toContain('already answered');
    expect((await request<ApprovalView>('GET', `/api/approvals/${approval.id}`)).body.answer?.option).toBe('Leave');
    await until(() => runStatus(runId), (s) => s === 'Succeeded');
    await row(approval.id, 'approvals-history').getByText('Leave').waitFor();
  });
});
