// The console's Alerts page in a real browser (Debian's Chromium, driven by playwright-core), against a
// real server on SQLite with the demo alerts and 60 more, and the console built from source.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertInput } from '../alerts/alert-schema.ts';
import { ingestAlerts } from '../alerts/ingest-alerts.ts';
import { buildApp } from '../app/build-app.ts';
import { demoAlerts } from '../app/demo-data.ts';
import { createApiKey } from '../auth/api-keys.ts';
import type { SecurityStore } from '../store/security-store.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import { buildConsole, openConsoleSession, type ConsoleSession, withoutChromium } from './console-browser.test-support.ts';
import { consoleModule } from './console-module.ts';

interface StoredAlert {
  id: string;
  title: string;
  incidentId: string;
  status: string;
  classification: string | null;
  determination: string | null;
  assignedTo: string | null;
  comments: { comment: string; createdByDisplayName?: string }[];
}

// Older than the demo alerts (stamped now), so those come first; every fourth one high.
const olderAlerts: AlertInput[] = Array.from({ length: 60 }, (_, i) => ({
  providerAlertId: `bulk-${i}`,
  serviceSource: 'microsoftDefenderForIdentity',
  detectorId: `bulk-rule-${i}`,
  title: `Bulk alert ${i}`,
  severity: i % 4 === 0 ? 'high' : 'low',
  createdDateTime: `2026-01-01T00:${String(i).padStart(2, '0')}:00Z`,
}));

describe.skipIf(withoutChromium)('Alerts page in Chromium', () => {
  let temp: string;
  let store: SecurityStore;
  let app: FastifyInstance;
  let session: ConsoleSession;
  let page: Page;
  let base: string;
  let triageKey: string;
  let readerKey: string;

  const api = async <T,>(path: string): Promise<T> => (await (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${triageKey}` } })).json()) as T;
  const serverCount = async (query: string) => (await api<{ count: number }>(`/api/alerts?count=true&top=1${query}`)).count;
  const rows = () => page.locator('table.alert-queue tbody tr');
  const pagingText = () => page.locator('.paging-count');
  const demo = async () => (await api<{ value: StoredAlert[] }>('/api/alerts?top=1000')).value.find((a) => a.title === 'Encoded PowerShell command on WS-0042')!;

  beforeAll(async () => {
    temp = mkdtempSync(join(tmpdir(), 'riposte-alerts-browser-'));
    const dist = join(temp, 'dist');
    await buildConsole(dist);
    store = openSqliteSecurityStore({ path: join(temp, 'riposte.db') });
    app = await buildApp({ store, modules: [consoleModule({ dir: dist })] });
    await app.ready();
    triageKey = (await createApiKey(store, 'triage', 'console-triage', app.riposte.clock, 'test')).key;
    readerKey = (await createApiKey(store, 'reader', 'console-reader', app.riposte.clock, 'test')).key;
    await ingestAlerts(app.riposte, olderAlerts, 'test');
    await ingestAlerts(app.riposte, demoAlerts, 'test');
    session = await openConsoleSession(app, join(temp, 'profile'));
    ({ page, base } = session);
  });

  afterAll(async () => {
    await session?.close();
    await store?.close();
    rmSync(temp, { recursive: true, force: true });
  });

  it('lists the newest alerts a page at a time, with the server\'s count', async () => {
    await session.signIn(triageKey, '#/incidents');
    await page.getByRole('link', { name: 'Alerts', exact: true }).click();
    expect(new URL(page.url()).hash).toBe('#/alerts');
    const total = await serverCount('');
    expect(total).toBe(olderAlerts.length + demoAlerts.length);
    await pagingText().getByText(`1–50 of ${total}`).waitFor();
    expect(await rows().count()).toBe(50);
    // Newest first: the demo alerts, then the bulk ones from the newest down.
    const first = await rows().first().locator('td').allTextContents();
    expect(first[1]).toBe(demoAlerts[demoAlerts.length - 1]!.title);
    expect(await rows().nth(demoAlerts.length).locator('td').nth(1).textContent()).toBe('Bulk alert 59');

    await page.getByRole('button', { name: 'Next' }).click();
    await pagingText().getByText(`51–${total} of ${total}`).waitFor();
    expect(await rows().count()).toBe(total - 50);
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous' }).click();
    await pagingText().getByText(`1–50 of ${total}`).waitFor();
  });

  it('filters by severity and status as the server counts them', async () => {
    await page.locator('select[name="severity"]').selectOption('high');
    const high = await serverCount('&severity=high');
    expect(high).toBe(16);
    await pagingText().getByText(`1–${high} of ${high}`).waitFor();
    expect(await rows().count()).toBe(high);
    expect(new Set(await rows().locator('td:nth-child(3)').allTextContents())).toEqual(new Set(['high']));

    await page.locator('select[name="status"]').selectOption('resolved');
    expect(await serverCount('&severity=high&status=resolved')).toBe(0);
    await page.getByText('No alerts match.').waitFor();
    await page.locator('select[name="status"]').selectOption('');
    await page.locator('select[name="severity"]').selectOption('medium');
    await pagingText().getByText(`1–1 of 1`).waitFor();
  });

  it('opens an alert with its description, evidence, techniques and incident', async () => {
    const stored = await demo();
    const row = page.locator(`table.alert-queue tr[data-alert="${stored.id}"]`);
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(1)).toEqual([
      'Encoded PowerShell command on WS-0042',
      'medium',
      'new',
      'microsoftDefenderForEndpoint · customDetection',
      'Execution',
      'T1059.001',
      expect.any(String),
    ]);
    await row.getByRole('link', { name: stored.title }).click();
    expect(new URL(page.url()).hash).toBe(`#/alerts/${stored.id}`);
    const detail = page.locator('.alert-detail');
    await detail.getByText('powershell.exe ran with -EncodedCommand from an Office child process.').waitFor();
    await detail.getByRole('heading', { name: 'Evidence (3)' }).waitFor();
    expect(await detail.locator('.entity-list li').allTextContents()).toEqual(['user alice@contoso.com', 'device ws-0042.contoso.com', 'process powershell.exe -enc SQBFAFgA']);
    await detail.getByText('MITRE techniques: T1059.001').waitFor();

    const incident = await api<{ id: string; number: number; title: string }>(`/api/incidents/${stored.incidentId}`);
    const link = detail.getByRole('link', { name: `#${incident.number} ${incident.title}` });
    expect(await link.getAttribute('href')).toBe(`#/incidents/${stored.incidentId}`);
    await link.click();
    await page.getByRole('heading', { name: incident.title }).first().waitFor();
    await page.goBack();
    await detail.getByRole('heading', { name: 'Evidence (3)' }).waitFor();
  });

  it('saves status, classification, determination and a comment on the server', async () => {
    const stored = await demo();
    const detail = page.locator('.alert-detail');
    await detail.locator('select[name="alertStatus"]').selectOption('resolved');
    await detail.locator('select[name="classification"]').selectOption('truePositive');
    await detail.locator('input[name="determination"]').fill('malware');
    await detail.locator('input[name="assignedTo"]').fill('ann@contoso.com');
    await detail.locator('textarea[name="alertComment"]').fill('Contained on WS-0042.');
    await detail.getByRole('button', { name: 'Save alert' }).click();
    await detail.getByText('Saved.').waitFor();
    const after = await api<StoredAlert>(`/api/alerts/${stored.id}`);
    expect(after).toMatchObject({ status: 'resolved', classification: 'truePositive', determination: 'malware', assignedTo: 'ann@contoso.com' });
    expect(after.comments.map((c) => c.comment)).toEqual(['Contained on WS-0042.']);
    expect(after.comments[0]!.createdByDisplayName).toContain('console-triage');
    await detail.locator('.alert-comments').getByText('Contained on WS-0042.').waitFor();
    // The queue read again: the row shows the new status.
    await page.locator(`table.alert-queue tr[data-alert="${stored.id}"] td:nth-child(4)`).getByText('resolved').waitFor();
  });

  it('shows the server\'s 403 to a key that may not change alerts, and nothing changes', async () => {
    const stored = await demo();
    await session.signIn(readerKey, `#/alerts/${stored.id}`);
    const detail = page.locator('.alert-detail');
    await detail.locator('select[name="alertStatus"]').selectOption('inProgress');
    await detail.getByRole('button', { name: 'Save alert' }).click();
    await detail.locator('.error-banner').getByText(/^403 Forbidden/).waitFor();
    await detail.getByText('Changing an alert needs the alerts.write permission').waitFor();
    expect((await api<StoredAlert>(`/api/alerts/${stored.id}`)).status).toBe('resolved');
  });
});
