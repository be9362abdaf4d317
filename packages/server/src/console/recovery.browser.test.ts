// The incident page's "Containment and recovery" card in Chromium, against the server as the
// automation module wires the ledger and recovery, and a real OpenLDAP (testing/slapd.ts): a playbook
// disables alice through the directory connector, the page shows the change with its before-state,
// plans recovery, is refused the approval for a key that is not the lead, approves as the lead, runs,
// and alice can sign in again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../app/test-app.ts';
import { automationTestApp } from '../automation/e2e.test-support.ts';
import { call, connection, incidentPlaybook } from '../recovery/test-fixture.ts';
import { canBind, startTestDirectory, type TestDirectory } from '../testing/slapd.ts';
import { buildConsole, openConsoleSession, type ConsoleSession, withoutChromium } from './console-browser.test-support.ts';
import { consoleModule } from './console-module.ts';

describe.skipIf(withoutChromium)('containment and recovery on the incident page, in Chromium', () => {
  let temp: string;
  let dir: TestDirectory;
  let t: TestApp;
  let session: ConsoleSession;
  let page: Page;

  const aliceDn = () => `uid=alice,ou=people,${dir.baseDn}`;
  const aliceCanBind = () => canBind(dir.url, aliceDn(), 'alice-password');
  const api = async (method: string, path: string, body?: unknown, key = t.keys.admin) => {
    const res = await fetch(`${session.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json()) as any };
  };
  const card = () => page.locator('.containment-recovery');

  beforeAll(async () => {
    temp = mkdtempSync(join(tmpdir(), 'riposte-recovery-browser-'));
    const dist = join(temp, 'dist');
    await buildConsole(dist);
    dir = await startTestDirectory();
    // The directory connector is in the default registry; the ledger and recovery as the automation module wires them.
    t = await automationTestApp({}, [consoleModule({ dir: dist })]);
    session = await openConsoleSession(t.app, join(temp, 'profile'));
    page = session.page;
  });

  afterAll(async () => {
    await session?.close();
    await t?.close();
    await dir?.stop();
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it('shows the change with its before-state, plans, refuses a key that is not the lead, approves as the lead, runs and restores alice', async () => {
    const incident = (await api('POST', '/api/incidents', { title: 'Compromised account alice', severity: 'High' })).json as { id: string; number: number };
    const settings = { url: dir.url, bindDn: dir.adminDn, bindPassword: dir.adminPassword, baseDn: dir.baseDn, profile: 'openldap-ppolicy', userIdAttribute: 'uid' };
    const created = await api('POST', '/api/playbooks', {
      name: 'Disable-Account',
      definition: incidentPlaybook({ Disable_user: call('directory', 'post', '/users/alice/disable') }, { azuresentinel: connection('azuresentinel'), directory: connection('directory', settings) }),
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const run = await api('POST', `/api/playbooks/${created.json.id}/runs`, { incidentId: incident.id, wait: true });
    expect(run.json.status, JSON.stringify(run.json)).toBe('Succeeded');
    expect(await aliceCanBind()).toBe(false);

    // The ledger: the directory change, its before-state (enabled) and after-state (disabled), not restored yet.
    await session.signIn(t.keys.admin, `#/incidents/${incident.number}`);
    const entry = card().locator('table.ledger tbody tr');
    await entry.first().waitFor();
    expect(await entry.count()).toBe(1);
    const row = (await entry.textContent()) ?? '';
    expect(row).toContain('ldap-user');
    expect(row).toContain('directory · directory.disableUser');
    expect(row).toContain('Disable-Account');
    expect(await entry.locator('td').nth(3).textContent()).toContain('enabled: true');
    expect(await entry.locator('td').nth(4).textContent()).toContain('enabled: false');
    expect(await entry.locator('.entry-recovery').textContent()).toBe('restorable · not restored yet');
    // The connection appears by name only: its bind password is nowhere on the page.
    expect(await page.content()).not.toContain(dir.adminPassword);

    // The dry run shows the step (now disabled → back to enabled) and stores nothing.
    await card().getByRole('button', { name: 'Dry run' }).click();
    const dry = card().locator('[data-plan="dry-run"] tr[data-step="0"]');
    await dry.waitFor();
    expect(await dry.locator('td').nth(2).textContent()).toContain('enabled: false');
    expect(await dry.locator('td').nth(3).textContent()).toContain('enabled: true');
    expect((await api('GET', `/api/incidents/${incident.id}/recovery`)).json.value).toEqual([]);

    // Plan recovery: one step, from disabled back to the before-state, waiting for approval.
    await card().getByRole('button', { name: 'Plan recovery' }).click();
    await card().locator('.recovery-plan .plan-status', { hasText: 'awaiting-approval' }).waitFor();
    expect(await card().locator('[data-plan="dry-run"]').count()).toBe(0);
    const step = card().locator('.recovery-plan:not([data-plan="dry-run"]) tr[data-step="0"]');
    expect(await step.textContent()).toContain('ldap-user');
    expect(await step.locator('td').nth(3).textContent()).toContain('enabled: true');
    expect(await step.locator('.step-status').textContent()).toBe('pending');

    // The lead is test-responder; the admin key is refused by the server, and the card says so.
    await page.locator('form.incident-roles').getByLabel('Lead').fill('test-responder');
    await page.getByRole('button', { name: 'Save roles' }).click();
    await page.locator('table.timeline').getByText('lead: — → test-responder').waitFor();
    await card().getByRole('button', { name: 'Approve' }).click();
    const refusal = card().getByRole('alert');
    await expect.poll(() => refusal.textContent()).toContain('403');
    expect(await refusal.textContent()).toContain("only the incident's lead may approve");
    const [plan] = (await api('GET', `/api/incidents/${incident.id}/recovery`)).json.value;
    expect(plan.status).toBe('awaiting-approval');

    // As the lead: approved, then run after confirming.
    await page.evaluate((k) => sessionStorage.setItem('riposte.apiKey', k), t.keys.responder);
    await page.reload();
    await card().getByRole('button', { name: 'Approve' }).click();
    await card().locator('.plan-status', { hasText: 'approved' }).waitFor();
    expect(await card().locator('.approved-by').textContent()).toContain('(lead)');
    await card().getByRole('button', { name: 'Run recovery' }).click();
    expect(await card().getByText('Run recovery? It changes 1 outside resource back to its before-state.').count()).toBe(1);
    expect(await aliceCanBind()).toBe(false);
    await card().getByRole('button', { name: 'Confirm run' }).click();
    await card().locator('.plan-status', { hasText: 'succeeded' }).waitFor();
    expect(await step.locator('.step-status').textContent()).toBe('restored');
    expect(await step.locator('.verification').textContent()).toBe('verified: read back equals the before-state');
    expect(await entry.locator('.entry-recovery').textContent()).toBe('restored');
    await card().getByText('Recovery succeeded: restored 1.').waitFor();
    // The incident moved to the Recovery phase, and the page reloaded it.
    await page.locator('.incident-heading .badge', { hasText: 'Recovery' }).waitFor();

    // The outside resource is back as it was: alice signs in again.
    expect(await aliceCanBind()).toBe(true);
    const done = (await api('GET', `/api/recovery/${plan.id}`)).json;
    expect(done.report).toMatchObject({ status: 'succeeded', counts: { restored: 1 } });
  });
});
