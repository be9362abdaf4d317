// The console's Playbooks page in a real browser (Debian's Chromium, driven by playwright-core), against
// a real server with the automation module (the /api/playbooks routes) and the console built from
// source. One playbook is a Sentinel playbook from the shared corpus, imported as its ARM template
// unchanged; the other a plain Request-trigger definition, run by hand from the page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusPlaybook } from '../automation/e2e.test-support.ts';
import { type AutomationConsole, openAutomationConsole } from './automation-console.test-support.ts';
import { type ConsoleSession, withoutChromium } from './console-browser.test-support.ts';

interface StoredPlaybook {
  id: string;
  name: string;
  enabled: boolean;
  triggerKind: string;
  missingOperations: { pointer: string; api: string; method: string; path: string }[];
}

const sentinelName = 'Get-VirusTotalIPReport-IncidentTriggered';
const greetName = 'Greet requester';
const greet = {
  triggers: { manual: { type: 'Request', kind: 'Http' } },
  actions: { Say: { type: 'Compose', runAfter: {}, inputs: "Hello @{triggerBody()?['who']}" } },
};

describe.skipIf(withoutChromium)('Playbooks page in Chromium', () => {
  let running: AutomationConsole;
  let base: string;
  let authorKey: string;
  let readerKey: string;
  let page: Page;
  let session: ConsoleSession;

  const api = async <T,>(path: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${authorKey}` } });
    return { status: res.status, body: (res.status === 204 ? undefined : await res.json()) as T };
  };
  const stored = async () => (await api<{ value: StoredPlaybook[] }>('/api/playbooks')).body.value;
  const byName = async (name: string) => (await stored()).find((p) => p.name === name)!;
  const importForm = () => page.locator('form.playbook-import');
  const paste = async (text: string, name = '') => {
    await importForm().locator('input[name="playbookName"]').fill(name);
    await importForm().locator('textarea[name="playbookJson"]').fill(text);
    await importForm().getByRole('button', { name: 'Import playbook' }).click();
  };
  const row = (name: string) => page.locator('table.playbooks tbody tr', { has: page.getByRole('link', { name, exact: true }) });
  const listedNames = () => page.locator('table.playbooks tbody tr td:first-child').allTextContents();

  beforeAll(async () => {
    running = await openAutomationConsole('riposte-playbooks-browser-');
    ({ session, authorKey, readerKey } = running);
    ({ base, page } = session);
  });

  afterAll(async () => {
    await running?.close();
  });

  it('imports a corpus Sentinel playbook as its ARM template and a Request-trigger definition, and lists both', async () => {
    await session.signIn(authorKey, '#/incidents');
    await page.getByRole('link', { name: 'Playbooks' }).click();
    expect(new URL(page.url()).hash).toBe('#/playbooks');
    await page.getByText('No playbooks yet.').waitFor();

    // Unchanged, name left empty: the server sends it as a template and names it from the template.
    await paste(JSON.stringify(corpusPlaybook('Get-VirusTotalIPReport__incident-trigger.json'), null, 2));
    await importForm().getByText('Created.').waitFor();
    await row(sentinelName).waitFor();

    await paste(JSON.stringify(greet), greetName);
    await row(greetName).waitFor();
    expect(await importForm().locator('input[name="playbookName"]').inputValue()).toBe('');

    expect((await stored()).map((p) => [p.name, p.triggerKind, p.enabled])).toEqual([
      [sentinelName, 'sentinel-incident', true],
      [greetName, 'request', true],
    ]);
    expect(await listedNames()).toEqual([sentinelName, greetName]);
    const sentinel = await byName(sentinelName);
    expect(sentinel.missingOperations.length).toBeGreaterThan(0);
    expect(await row(sentinelName).locator('td').nth(4).textContent()).toBe(String(sentinel.missingOperations.length));
    expect(await row(greetName).locator('td').nth(4).textContent()).toBe('none');
  });

  it('shows the chosen playbook’s missing operations, as the server gives them, and its versions', async () => {
    const sentinel = await byName(sentinelName);
    await page.getByRole('link', { name: sentinelName, exact: true }).click();
    expect(new URL(page.url()).hash).toBe(`#/playbooks/${sentinel.id}`);
    const detail = page.locator('.playbook-detail');
    await detail.getByRole('heading', { name: sentinelName }).waitFor();
    const missing = detail.locator('table.missing-operations tbody tr');
    await missing.first().waitFor();
    const cells = await missing.evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent)));
    expect(cells).toEqual(sentinel.missingOperations.map((m) => [m.pointer.split('/').pop(), m.api, `${m.method.toUpperCase()} ${m.path}`]));
    // The sentinel connector is built in: only the other connectors' operations are missing.
    expect(cells.some(([, api]) => api === 'azuresentinel')).toBe(false);
    expect(await detail.locator('table.playbook-versions tbody tr td').allTextContents()).toEqual(['1 current', expect.stringMatching(/UTC$/), expect.stringContaining('console-author')]);

    await page.getByRole('link', { name: greetName, exact: true }).click();
    await detail.getByRole('heading', { name: greetName }).waitFor();
    await detail.getByText('None: a connector provides every operation this playbook calls.').waitFor();
    expect(await detail.locator('table.missing-operations').count()).toBe(0);
  });

  it('disables the playbook and enables it again', async () => {
    await row(greetName).getByRole('button', { name: 'Disable' }).click();
    await page.getByText(`Disabled '${greetName}'.`).waitFor();
    await row(greetName).getByText('Disabled', { exact: true }).waitFor();
    expect((await byName(greetName)).enabled).toBe(false);
    expect((await byName(sentinelName)).enabled).toBe(true);

    await row(greetName).getByRole('button', { name: 'Enable' }).click();
    await page.getByText(`Enabled '${greetName}'.`).waitFor();
    await row(greetName).getByText('Enabled', { exact: true }).waitFor();
    expect((await byName(greetName)).enabled).toBe(true);
  });

  it('runs the Request-trigger playbook now with a payload and shows the new run, Succeeded', async () => {
    const playbook = await byName(greetName);
    const runForm = page.locator('form.playbook-run');
    expect(await runForm.locator('textarea[name="runPayload"]').inputValue()).toBe('{}');
    await page.getByText('This playbook has not run yet.').waitFor();

    await runForm.locator('textarea[name="runPayload"]').fill('{"who": "ann"}');
    await runForm.getByRole('button', { name: 'Run now' }).click();
    await page.waitForURL(/\/runs\//);
    const runId = decodeURIComponent(new URL(page.url()).hash.split('/runs/')[1]!);
    expect(new URL(page.url()).hash).toBe(`#/playbooks/${playbook.id}/runs/${encodeURIComponent(runId)}`);

    await page.locator('.card', { has: page.getByRole('heading', { name: 'Run history' }) }).getByRole('link', { name: runId.slice(0, 12) }).waitFor();
    const detail = page.locator('.card', { has: page.getByRole('heading', { name: `Run ${runId}` }) });
    await detail.locator('p').getByText('Succeeded', { exact: true }).waitFor();
    await detail.locator('tbody tr', { hasText: 'Say' }).getByText('Succeeded').waitFor();
    expect(await detail.locator('p').textContent()).toMatch(/started by manual:key:\S+ \(console-author\) · version 1/);

    // The server ran it with the payload as the trigger body.
    const run = (await api<{ status: string; actions: { name: string; outputs: unknown }[] }>(`/api/runs/${encodeURIComponent(runId)}`)).body;
    expect([run.status, run.actions.find((a) => a.name === 'Say')?.outputs]).toEqual(['Succeeded', 'Hello ann']);
    expect((await api<{ value: { runId: string }[] }>(`/api/playbooks/${playbook.id}/runs`)).body.value.map((r) => r.runId)).toEqual([runId]);

    // A payload that is not JSON is refused in the page, naming it; no run starts.
    await runForm.locator('textarea[name="runPayload"]').fill('{"who": ');
    await runForm.getByRole('button', { name: 'Run now' }).click();
    await expect.poll(() => runForm.locator('[role="alert"]').textContent()).toMatch(/^InvalidJson: the payload is not JSON: .*\(at payload\)$/);
    expect((await api<{ value: unknown[] }>(`/api/playbooks/${playbook.id}/runs`)).body.value).toHaveLength(1);
  });

  it('shows why an import is refused, naming the field, and creates nothing', async () => {
    const banner = importForm().locator('[role="alert"]');
    await paste('{"triggers": {', 'half');
    await expect.poll(() => banner.textContent()).toMatch(/^InvalidJson: the pasted text is not JSON: /);

    const broken = { ...greet, actions: { Say: { ...greet.actions.Say, runAfter: { Missing: ['Succeeded'] } } } };
    await paste(JSON.stringify(broken), 'Broken');
    await expect.poll(() => banner.textContent()).toMatch(/^400 BadRequest: .*\(at \/definition\/actions\/Say\/runAfter\/Missing\)$/);

    // A name the server refuses (over 256 characters) is a 400 naming /name.
    await paste(JSON.stringify(greet), 'x'.repeat(257));
    await expect.poll(() => banner.textContent()).toMatch(/^400 .*\(at \/name\)$/);

    await paste(JSON.stringify(greet), greetName.toUpperCase());
    await expect.poll(() => banner.textContent()).toBe(`409 Conflict: a playbook named '${greetName.toUpperCase()}' exists (at /name)`);

    expect((await stored()).map((p) => p.name)).toEqual([sentinelName, greetName]);
    expect(await listedNames()).toEqual([sentinelName, greetName]);
  });

  it('lets a reader key see playbooks, and shows the server’s 403 when it tries to change one', async () => {
    await session.signIn(readerKey, '#/playbooks');
    await row(greetName).waitFor();
    await row(greetName).getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe("403 Forbidden: This API key's role lacks the permission 'playbooks.write'");
    await page.getByText('Changing playbooks needs the playbooks.write permission').waitFor();
    expect((await byName(greetName)).enabled).toBe(true);
  });

  it('deletes the playbook once confirmed', async () => {
    const playbook = await byName(greetName);
    await session.signIn(authorKey, `#/playbooks/${playbook.id}`);
    await page.locator('.playbook-detail').getByRole('heading', { name: greetName }).waitFor();
    await row(greetName).getByRole('button', { name: 'Delete' }).click();
    await row(greetName).getByRole('button', { name: 'Cancel' }).click();
    expect((await api(`/api/playbooks/${playbook.id}`)).status).toBe(200);

    await row(greetName).getByRole('button', { name: 'Delete' }).click();
    await row(greetName).getByRole('button', { name: 'Confirm delete' }).click();
    await page.getByText(`Deleted '${greetName}'.`).waitFor();
    expect(await row(greetName).count()).toBe(0);
    expect(new URL(page.url()).hash).toBe('#/playbooks');
    expect((await api(`/api/playbooks/${playbook.id}`)).status).toBe(404);
    expect((await stored()).map((p) => p.name)).toEqual([sentinelName]);
  });
});
