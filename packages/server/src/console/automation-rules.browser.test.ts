// The console's Automation rules page in a real browser (Debian's Chromium, driven by playwright-core),
// against a real server with the automation module (the /api/automation-rules routes) and the console
// built from source. Rules come from the shared corpus (Sentinel's own AutomationRules_CreateOrUpdate).
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../../test-support/corpus.ts';
import { type AutomationConsole, openAutomationConsole } from './automation-console.test-support.ts';
import { type ConsoleSession, withoutChromium } from './console-browser.test-support.ts';

const ruleFile = `${corpusDir}/sentinel-automation-rules/AutomationRules_CreateOrUpdate.json`;

interface StoredRule {
  id: string;
  properties: { displayName: string; order: number; triggeringLogic: { isEnabled: boolean; conditions: unknown[] }; actions: unknown[] };
}

describe.skipIf(withoutChromium)('Automation rules page in Chromium', () => {
  let running: AutomationConsole;
  let base: string;
  let authorKey: string;
  let readerKey: string;
  let context: BrowserContext;
  let page: Page;
  let session: ConsoleSession;
  // The whole ARM resource as Sentinel exports it (id, name, etag, type, properties with its times and authors).
  const resource = JSON.parse(readFileSync(ruleFile, 'utf8')).parameters.automationRule as { name: string; properties: StoredRule['properties'] };
  const ruleId = resource.name;

  const api = async <T,>(path: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${authorKey}` } });
    return { status: res.status, body: (res.status === 204 ? undefined : await res.json()) as T };
  };
  const storedRule = async () => (await api<StoredRule>(`/api/automation-rules/${ruleId}`)).body;
  const signIn = (key: string, hash: string) => session.signIn(key, hash);
  const paste = async (text: string) => {
    await page.locator('textarea[name="ruleJson"]').fill(text);
    await page.getByRole('button', { name: 'Create rule' }).click();
  };
  const row = () => page.locator(`table.automation-rules tr[data-rule="${ruleId}"]`);

  beforeAll(async () => {
    running = await openAutomationConsole('riposte-rules-browser-');
    ({ session, authorKey, readerKey } = running);
    ({ base, context, page } = session);
  });

  afterAll(async () => {
    await running?.close();
  });

  it('imports a Sentinel rule pasted as the whole resource and lists it in run order', async () => {
    await signIn(authorKey, '#/incidents');
    await page.getByRole('link', { name: 'Automation rules' }).click();
    expect(new URL(page.url()).hash).toBe('#/automation-rules');
    await page.getByRole('heading', { name: 'Automation rules', exact: true }).waitFor();
    await page.getByText('No automation rules yet.').waitFor();

    await paste(JSON.stringify(resource, null, 2));
    await page.locator('form.rule-import').getByText('Created.').waitFor();
    await row().waitFor();
    const cells = await row().locator('td').allTextContents();
    expect(cells.slice(0, 7)).toEqual([
      '1',
      'Suspicious user sign-in events',
      'Incidents · Created',
      `IncidentRelatedAnalyticRuleIds Contains ${(resource.properties.triggeringLogic.conditions[0] as { conditionProperties: { propertyValues: string[] } }).conditionProperties.propertyValues.join(', ')}`,
      'AddIncidentTask',
      'Enabled',
      'never',
    ]);
    expect((await storedRule()).properties.displayName).toBe('Suspicious user sign-in events');

    // A second rule, pasted as its properties alone: it runs after the first (order 2), and has expired.
    await paste(
      JSON.stringify({
        displayName: 'Old phishing triage',
        order: 2,
        triggeringLogic: {
          isEnabled: true,
          expirationTimeUtc: '2020-01-01T00:00:00Z',
          triggersOn: 'Incidents',
          triggersWhen: 'Updated',
          conditions: [{ conditionType: 'Property', conditionProperties: { propertyName: 'IncidentSeverity', operator: 'Equals', propertyValues: ['High'] } }],
        },
        actions: [
          { order: 2, actionType: 'AddIncidentTask', actionConfiguration: { title: 'Check the sender' } },
          { order: 1, actionType: 'ModifyProperties', actionConfiguration: { status: 'Active' } },
        ],
      }),
    );
    const old = page.locator('table.automation-rules tbody tr', { hasText: 'Old phishing triage' });
    await old.waitFor();
    expect(await old.locator('td').allTextContents()).toEqual([
      '2',
      'Old phishing triage',
      'Incidents · Updated',
      'IncidentSeverity Equals High',
      'ModifyProperties, AddIncidentTask',
      'Enabled',
      '2020-01-01 00:00 UTC expired',
      expect.stringContaining('Disable'),
    ]);
    expect(await page.locator('table.automation-rules tbody tr td:nth-child(2)').allTextContents()).toEqual(['Suspicious user sign-in events', 'Old phishing triage']);
  });

  it('disables the rule and enables it again, the rest of the rule kept as it was', async () => {
    const before = await storedRule();
    await row().getByRole('button', { name: 'Disable' }).click();
    await page.getByText("Disabled 'Suspicious user sign-in events'.").waitFor();
    await row().getByText('Disabled', { exact: true }).waitFor();
    const disabled = await storedRule();
    expect(disabled.properties.triggeringLogic.isEnabled).toBe(false);
    expect({ ...disabled.properties, triggeringLogic: { ...disabled.properties.triggeringLogic, isEnabled: true }, lastModifiedTimeUtc: undefined }).toEqual({
      ...before.properties,
      lastModifiedTimeUtc: undefined,
    });

    await row().getByRole('button', { name: 'Enable' }).click();
    await page.getByText("Enabled 'Suspicious user sign-in events'.").waitFor();
    await row().getByText('Enabled', { exact: true }).waitFor();
    expect((await storedRule()).properties.triggeringLogic.isEnabled).toBe(true);
  });

  it('shows why a paste is refused, naming the field, and creates nothing', async () => {
    const banner = page.locator('form.rule-import [role="alert"]');
    await paste('{"displayName": "half a rule",');
    await expect.poll(() => banner.textContent()).toMatch(/^InvalidJson: the pasted text is not JSON: /);

    const { displayName: _dropped, ...withoutName } = resource.properties;
    await paste(JSON.stringify({ ...resource, name: 'nameless', properties: withoutName }));
    await expect.poll(() => banner.textContent()).toMatch(/^400 BadRequest: .*\(at \/properties\/displayName\)$/);
    expect((await api<{ value: StoredRule[] }>('/api/automation-rules')).body.value.map((r) => r.properties.displayName)).toEqual([
      'Suspicious user sign-in events',
      'Old phishing triage',
    ]);
    expect((await api('/api/automation-rules/nameless')).status).toBe(404);
    expect(await page.locator('table.automation-rules tbody tr').count()).toBe(2);
  });

  it('lets a reader key see the rules, and shows the server’s 403 when it tries to change one', async () => {
    await signIn(readerKey, '#/automation-rules');
    await row().waitFor();
    await row().getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe("403 Forbidden: This API key's role lacks the permission 'rules.write'");
    await page.getByText('Changing automation rules needs the rules.write permission').waitFor();
    expect((await storedRule()).properties.triggeringLogic.isEnabled).toBe(true);

    await row().getByRole('button', { name: 'Delete' }).click();
    await row().getByRole('button', { name: 'Confirm delete' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe("403 Forbidden: This API key's role lacks the permission 'rules.write'");
    expect((await api(`/api/automation-rules/${ruleId}`)).status).toBe(200);
  });

  it('deletes the rule once confirmed', async () => {
    await signIn(authorKey, '#/automation-rules');
    await row().getByRole('button', { name: 'Delete' }).click();
    await row().getByRole('button', { name: 'Cancel' }).click();
    expect((await api(`/api/automation-rules/${ruleId}`)).status).toBe(200);

    await row().getByRole('button', { name: 'Delete' }).click();
    await row().getByRole('button', { name: 'Confirm delete' }).click();
    await page.getByText("Deleted 'Suspicious user sign-in events'.").waitFor();
    expect(await row().count()).toBe(0);
    expect((await api(`/api/automation-rules/${ruleId}`)).status).toBe(404);
    expect((await api<{ value: StoredRule[] }>('/api/automation-rules')).body.value.map((r) => r.properties.displayName)).toEqual(['Old phishing triage']);
  });
});
