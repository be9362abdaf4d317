// The console in a real browser (Debian's Chromium, driven by playwright-core): the console is built
// from source first, served by a real server with seeded alerts, and used the way an analyst would.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestAlerts } from '../alerts/ingest-alerts.ts';
import { buildApp } from '../app/build-app.ts';
import { demoAlerts } from '../app/demo-data.ts';
import { createApiKey } from '../auth/api-keys.ts';
import { securityAutomationModule } from '../automation/automation-module.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import type { SecurityStore } from '../store/security-store.ts';
import { buildConsole, openConsoleSession, type ConsoleSession, withoutChromium } from './console-browser.test-support.ts';
import { consoleModule } from './console-module.ts';
import { call, connection, incidentPlaybook } from '../recovery/test-fixture.ts';
import { corpusDir } from '../../../../test-support/corpus.ts';

const automationFile = `${corpusDir}/defender-automations/PutAutomation_example.json`;

interface Incident {
  id: string;
  number: number;
  title: string;
}

describe.skipIf(withoutChromium)('analyst console in Chromium', () => {
  let temp: string;
  let store: SecurityStore;
  let app: FastifyInstance;
  let base: string;
  let key: string;
  let context: BrowserContext;
  let page: Page;
  let session: ConsoleSession;

  const api = async <T,>(path: string): Promise<T> => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });
    return (await res.json()) as T;
  };
  const apiStatus = async (path: string): Promise<number> => (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } })).status;
  // The console keeps the key in the tab: put another one there and start the page over.
  const useKeyInTab = async (tabKey: string, hash: string) => {
    await page.evaluate((k) => sessionStorage.setItem('riposte.apiKey', k), tabKey);
    await page.goto(`${base}/console${hash}`);
    await page.reload();
  };

  beforeAll(async () => {
    temp = mkdtempSync(join(tmpdir(), 'riposte-console-browser-'));
    const dist = join(temp, 'dist');
    // CI starts from a clean clone: build the console from its sources, never from a committed dist.
    await buildConsole(dist);

    store = openSqliteSecurityStore({ path: join(temp, 'riposte.db') });
    app = await buildApp({ store, modules: [consoleModule({ dir: dist }), securityAutomationModule({ resumeOnStart: false })] });
    await app.ready();
    key = (await createApiKey(store, 'admin', 'console-test', app.riposte.clock, 'test')).key;
    await ingestAlerts(app.riposte, demoAlerts, 'test');
    session = await openConsoleSession(app, join(temp, 'profile'));
    ({ base, context, page } = session);

    // The corpus automation starts the playbook "MyTest1": it must exist for the import to be accepted.
    const created = await fetch(`${base}/api/playbooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'MyTest1',
        definition: {
          $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
          contentVersion: '1.0.0.0',
          triggers: { manual: { type: 'Request', kind: 'Http' } },
          actions: { Note: { type: 'Compose', inputs: 'checked' } },
        },
      }),
    });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await (session ? session.close() : app?.close());
    await store?.close();
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it('refuses a wrong key, then shows the incident queue for a valid one', async () => {
    await page.goto(`${base}/console`);
    await page.getByLabel('API key').fill('not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('401');

    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const incidents = (await api<{ value: Incident[] }>('/api/incidents')).value;
    expect(incidents.length).toBeGreaterThanOrEqual(2);
    for (const incident of incidents) await page.getByRole('link', { name: incident.title }).waitFor();
    expect(await page.locator('table.incident-queue tbody tr').count()).toBe(incidents.length);

    // The key lives in this tab's sessionStorage, not in localStorage.
    expect(await page.evaluate(() => [sessionStorage.getItem('riposte.apiKey'), localStorage.length])).toEqual([key, 0]);
  });

  it('filters the queue by severity', async () => {
    const high = (await api<{ value: Incident[] }>('/api/incidents?severity=High')).value;
    await page.getByLabel('Severity').selectOption('High');
    await expect.poll(() => page.locator('table.incident-queue tbody tr').count()).toBe(high.length);
    await page.getByLabel('Severity').selectOption('');
  });

  it('opens an incident, comments on it and changes its status', async () => {
    const [incident] = (await api<{ value: Incident[] }>('/api/incidents')).value;
    await page.getByRole('link', { name: incident!.title }).click();
    await page.getByRole('heading', { name: incident!.title }).waitFor();
    await page.getByRole('heading', { name: /^Alerts \(\d+\)$/ }).waitFor();

    await page.getByLabel('Add a comment').fill('Isolated WS-0042 from the console');
    await page.getByRole('button', { name: 'Add comment' }).click();
    await page.locator('.comment-list').getByText('Isolated WS-0042 from the console').waitFor();
    const comments = await api<{ value: { message: string }[] }>(`/api/incidents/${incident!.id}/comments`);
    expect(comments.value.map((c) => c.message)).toContain('Isolated WS-0042 from the console');

    await page.locator('form.incident-edit').getByLabel('Status').selectOption('Active');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('table.timeline').getByText('New → Active').waitFor();
    expect((await api<{ status: string }>(`/api/incidents/${incident!.id}`)).status).toBe('Active');

    await page.locator('form.incident-edit').getByLabel('Owner').fill('alice@contoso.com');
    await page.getByRole('button', { name: 'Save changes' }).click();
    // The forms start over from the saved incident once it reloads: wait for that before typing again.
    await page.locator('table.timeline tr', { hasText: 'updated owner' }).waitFor();
    await page.locator('form.incident-roles').getByLabel('Lead').fill('Alice Example');
    await page.getByRole('button', { name: 'Save roles' }).click();
    await page.locator('table.timeline').getByText('lead: — → Alice Example').waitFor();
    await page.getByPlaceholder('New task').fill('Reset alice password');
    await page.getByRole('button', { name: 'Add task' }).click();
    await page.getByRole('checkbox', { name: 'Reset alice password' }).click();
    await page.getByRole('heading', { name: 'Tasks (1/1 done)' }).waitFor();
    const tasks = await api<{ value: { title: string; status: string }[] }>(`/api/incidents/${incident!.id}/tasks`);
    expect(tasks.value.map((t) => [t.title, t.status])).toEqual([['Reset alice password', 'Completed']]);

    const saved = await api<{ owner: { userPrincipalName: string }; roles: { lead: string } }>(`/api/incidents/${incident!.id}`);
    expect([saved.owner.userPrincipalName, saved.roles.lead]).toEqual(['alice@contoso.com', 'Alice Example']);

    const shot = join(temp, 'incident.png');
    await page.screenshot({ path: shot, fullPage: true });
    if (process.env.RIPOSTE_CONSOLE_SCREENSHOT) await page.screenshot({ path: process.env.RIPOSTE_CONSOLE_SCREENSHOT, fullPage: true });
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
  });

  it('shows a playbook comment written in HTML through the allow-list: formatting kept, scripts, images and unsafe links not', async () => {
    const [incident] = (await api<{ value: Incident[] }>('/api/incidents')).value;
    const message =
      '<p>Host <b>WS-1</b> isolated</p><script>window.__x=1</script><img src=x onerror="window.__y=1"><a href="javascript:alert(1)">bad</a> <a href="https://contoso.com/x">link</a>';
    const posted = await fetch(`${base}/api/incidents/${incident!.id}/comments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message }),
    });
    expect(posted.status).toBe(201);
    await useKeyInTab(key, `#/incidents/${incident!.number}`);

    const comment = page.locator('.comment-list li', { hasText: 'Host WS-1 isolated' });
    await comment.waitFor();
    expect(await comment.locator('.comment-message p').textContent()).toBe('Host WS-1 isolated');
    expect(await comment.locator('.comment-message b').textContent()).toBe('WS-1');
    expect(await comment.locator('script, img, [onerror], [style]').count()).toBe(0);
    expect(await page.evaluate(() => [(window as { __x?: unknown }).__x, (window as { __y?: unknown }).__y])).toEqual([undefined, undefined]);
    expect(await comment.getByText('bad', { exact: true }).getAttribute('href')).toBeNull();
    const link = comment.getByRole('link', { name: 'link' });
    expect([await link.getAttribute('href'), await link.getAttribute('rel'), await link.getAttribute('target')]).toEqual(['https://contoso.com/x', 'noopener noreferrer', '_blank']);
    // The timeline words the same comment as its text.
    await page.locator('table.timeline').getByText('— → Host WS-1 isolated bad link', { exact: true }).waitFor();
  });

  it('runs an incident-trigger playbook on the incident by hand and links to its run, whose comment lands on the incident', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const comment = call('azuresentinel', 'post', '/Incidents/Comment', { incidentArmId: "@triggerBody()?['object']?['id']", message: 'Checked by hand from the console' });
    const created = await post('/api/playbooks', { name: 'Note-Checked', definition: incidentPlaybook({ Note: comment }, { azuresentinel: connection('azuresentinel') }) });
    expect(created.status).toBe(201);
    const playbook = (await created.json()) as { id: string };
    const [incident] = (await api<{ value: Incident[] }>('/api/incidents')).value;

    await useKeyInTab(key, `#/incidents/${incident!.number}`);
    const card = page.locator('.incident-playbook-run');
    await card.getByLabel('Playbook').selectOption({ label: 'Note-Checked' });
    await card.getByRole('button', { name: 'Run playbook' }).click();
    const link = card.getByRole('link', { name: /^run / });
    await link.waitFor();
    const runId = (await link.textContent())!.replace(/^run /, '');
    expect(await link.getAttribute('href')).toBe(`#/playbooks/${playbook.id}/runs/${runId}`);
    await expect
      .poll(async () => (await api<{ value: { message: string }[] }>(`/api/incidents/${incident!.id}/comments`)).value.map((c) => c.message))
      .toContain('Checked by hand from the console');
    await link.click();
    await page.getByRole('heading', { name: `Run ${runId}` }).waitFor();
    await page.locator('.card', { has: page.getByRole('heading', { name: `Run ${runId}` }) }).getByRole('cell', { name: 'Note', exact: true }).waitFor();
  });

  it('creates a workflow automation from pasted JSON, disables it and deletes it', async () => {
    await page.getByRole('link', { name: 'Workflow automations' }).click();
    await page.getByRole('heading', { name: 'Workflow automations' }).waitFor();
    const resource = JSON.parse(readFileSync(automationFile, 'utf8')).parameters.Automation;
    await page.locator('textarea[name="automationJson"]').fill(JSON.stringify({ name: 'exampleAutomation', ...resource }, null, 2));
    await page.getByRole('button', { name: 'Create automation' }).click();

    const row = page.locator('tr[data-automation="exampleAutomation"]');
    await row.getByText('Enabled').waitFor();
    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByText('Disabled').waitFor();
    const stored = await api<{ properties: { isEnabled: boolean } }>('/api/workflow-automations/exampleAutomation');
    expect(stored.properties.isEnabled).toBe(false);
    await row.getByRole('button', { name: 'Enable' }).click();
    await row.getByText('Enabled').waitFor();

    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Confirm delete' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await api<{ value: unknown[] }>('/api/workflow-automations')).value).toEqual([]);
  });

  it('shows the API error for an automation the server refuses', async () => {
    await page.locator('textarea[name="automationJson"]').fill('{"properties": {"isEnabled": true, "sources": [], "actions": []}}');
    await page.getByRole('button', { name: 'Create automation' }).click();
    await expect.poll(() => page.locator('form.automation-import [role="alert"]').textContent()).toMatch(/BadRequest: .*\(at \/properties\//);
  });

  it('lists playbooks with their run history and the actions of a run', async () => {
    const playbooks = await api<{ value: { id: string; name: string }[] }>('/api/playbooks');
    const playbook = playbooks.value.find((p) => p.name === 'MyTest1')!;
    const started = await fetch(`${base}/api/playbooks/${playbook.id}/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ triggerBody: { from: 'console test' }, wait: true }),
    });
    const run = (await started.json()) as { runId: string; status: string };
    expect(run.status).toBe('Succeeded');

    await page.getByRole('link', { name: 'Playbooks' }).click();
    await page.getByRole('link', { name: 'MyTest1' }).click();
    await page.getByRole('heading', { name: 'Run history' }).waitFor();
    await page.getByRole('link', { name: run.runId.slice(0, 12) }).click();
    const actions = page.locator('.card', { has: page.getByRole('heading', { name: /^Run / }) });
    await actions.locator('tbody tr', { hasText: 'Note' }).getByText('Succeeded').waitFor();
    expect(await actions.locator('tbody tr', { hasText: 'Note' }).textContent()).toContain('Compose');
  });

  it('opens an incident by hand from the queue and lands on its detail page', async () => {
    await page.getByRole('link', { name: 'Incidents', exact: true }).click();
    await page.getByRole('button', { name: 'New incident' }).click();
    const form = page.locator('form.incident-create');
    await form.getByLabel('Title').fill('Suspicious OAuth consent by a finance user');
    await form.getByLabel('Description').fill('Reported by the user by phone');
    await form.getByLabel('Severity').selectOption('High');
    await form.getByLabel('Labels').fill('phishing, finance');
    await form.getByRole('button', { name: 'Create incident' }).click();

    await page.getByRole('heading', { name: 'Suspicious OAuth consent by a finance user' }).waitFor();
    const incidents = (await api<{ value: (Incident & { severity: string; description: string; labels: { labelName: string }[] })[] }>('/api/incidents')).value;
    const created = incidents.find((i) => i.title === 'Suspicious OAuth consent by a finance user')!;
    expect(new URL(page.url()).hash).toBe(`#/incidents/${created.number}`);
    expect([created.severity, created.description, created.labels.map((l) => l.labelName)]).toEqual(['High', 'Reported by the user by phone', ['phishing', 'finance']]);
    await page.locator('.incident-heading').getByText('phishing').waitFor();
  });

  it('shows the 400 for a new incident the server refuses, naming the field, and creates nothing', async () => {
    const before = (await api<{ count: number }>('/api/incidents?count=true')).count;
    await page.getByRole('link', { name: 'Incidents', exact: true }).click();
    await page.getByRole('button', { name: 'New incident' }).click();
    const form = page.locator('form.incident-create');
    await form.getByLabel('Title').fill('Label too long');
    await form.getByLabel('Labels').fill('x'.repeat(300));
    await form.getByRole('button', { name: 'Create incident' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/^400 BadRequest: .*\(at \/labels\/0\/labelName\)$/);
    expect(new URL(page.url()).hash).toBe('#/incidents');
    expect((await api<{ count: number }>('/api/incidents?count=true')).count).toBe(before);
  });

  it('refuses to delete an incident for a key that is not admin, and keeps it', async () => {
    const triageKey = (await createApiKey(store, 'triage', 'console-triage', app.riposte.clock, 'test')).key;
    const incident = (await api<{ value: Incident[] }>('/api/incidents')).value.find((i) => i.title === 'Suspicious OAuth consent by a finance user')!;
    await useKeyInTab(triageKey, `#/incidents/${incident.number}`);
    await page.getByRole('heading', { name: incident.title }).waitFor();

    const card = page.locator('.incident-delete');
    await card.getByRole('button', { name: 'Delete incident' }).click();
    await card.getByText(`Delete incident #${incident.number}? It has no alerts`).waitFor();
    await card.getByRole('button', { name: 'Confirm delete' }).click();
    await expect.poll(() => card.getByRole('alert').textContent()).toBe("403 Forbidden: This API key's role lacks the permission 'incidents.delete'");
    expect(new URL(page.url()).hash).toBe(`#/incidents/${incident.number}`);
    await page.getByRole('heading', { name: incident.title }).waitFor();
    expect(await apiStatus(`/api/incidents/${incident.id}`)).toBe(200);

    await useKeyInTab(key, `#/incidents/${incident.number}`);
    await page.getByRole('heading', { name: incident.title }).waitFor();
  });

  it('deletes an incident and its alerts with an admin key once confirmed (not while a module refuses), and returns to the queue', async () => {
    const [incident] = (await api<{ value: Incident[] }>('/api/incidents')).value.filter((i) => i.title !== 'Suspicious OAuth consent by a finance user');
    const alerts = (await api<{ alerts: { id: string }[] }>(`/api/incidents/${incident!.id}`)).alerts;
    expect(alerts.length).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Incidents', exact: true }).click();
    await page.getByRole('link', { name: incident!.title }).click();
    await page.getByRole('heading', { name: incident!.title }).waitFor();

    const card = page.locator('.incident-delete');
    // Cancelling the confirmation deletes nothing.
    await card.getByRole('button', { name: 'Delete incident' }).click();
    await card.getByRole('button', { name: 'Cancel' }).click();
    await card.getByRole('button', { name: 'Delete incident' }).waitFor();
    expect(await apiStatus(`/api/incidents/${incident!.id}`)).toBe(200);

    // A module that must keep the incident refuses (409): its reason is shown and the incident stays.
    const removeGuard = app.riposte.incidentDeletionGuards.add({
      name: 'test ledger',
      refusal: (i) => (i.id === incident!.id ? '1 containment change made for it has not been restored' : undefined),
    });
    await card.getByRole('button', { name: 'Delete incident' }).click();
    await card.getByRole('button', { name: 'Confirm delete' }).click();
    await expect
      .poll(() => card.getByRole('alert').textContent())
      .toMatch(/^409 Conflict: .*1 containment change made for it has not been restored$/);
    removeGuard();
    expect(new URL(page.url()).hash).toBe(`#/incidents/${incident!.number}`);
    expect(await apiStatus(`/api/incidents/${incident!.id}`)).toBe(200);

    await card.getByRole('button', { name: 'Delete incident' }).click();
    const which = alerts.length === 1 ? 'its alert? The alert is deleted too' : `its ${alerts.length} alerts? The alerts are deleted too`;
    await card.getByText(`Delete incident #${incident!.number} and ${which}`).waitFor();
    await card.getByRole('button', { name: 'Confirm delete' }).click();
    await page.getByRole('heading', { name: 'Incidents', exact: true }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/incidents');
    await page.locator('table.incident-queue tbody tr').first().waitFor();
    expect(await page.getByRole('link', { name: incident!.title }).count()).toBe(0);
    expect(await apiStatus(`/api/incidents/${incident!.id}`)).toBe(404);
    for (const alert of alerts) expect(await apiStatus(`/api/alerts/${alert.id}`)).toBe(404);
  });

  it('asks for a key again when the server stops accepting the one in the tab', async () => {
    await page.evaluate(() => sessionStorage.setItem('riposte.apiKey', 'rip_revoked_or_never_valid'));
    await page.goto(`${base}/console#/incidents`);
    await page.reload();
    await page.getByText('The server no longer accepts that key').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('riposte.apiKey'))).toBeNull();
    await page.getByLabel('API key').waitFor();
  });
});
