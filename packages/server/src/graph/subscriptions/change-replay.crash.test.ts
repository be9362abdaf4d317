/**
 * The crash window with real processes: `riposte serve --data <dir>` is killed with SIGKILL, changes
 * are then committed to its security store the way the dead process would have left them (through
 * the store, with an event bus nobody listens to: committed, never queued), and a new `riposte serve`
 * on the same directory must tell the subscriber — a local webhook endpoint — about them. After a
 * clean stop (SIGTERM) nothing is replayed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAlertInput } from '../../alerts/alert-intake.ts';
import { ingestAlerts } from '../../alerts/ingest-alerts.ts';
import { securityContext } from '../../app/security-context.ts';
import { openSqliteSecurityStore } from '../../store/sqlite-security-store.ts';
import type { WebhookReceiver } from './webhook-receiver.test-support.ts';
import { startWebhookReceiver } from './webhook-receiver.test-support.ts';

const bin = fileURLToPath(new URL('../../../bin/riposte.js', import.meta.url));
const adminKey = 'test-admin-key-0123456789';
const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };

interface Served {
  url: string;
  child: ChildProcess;
}

async function serve(dir: string): Promise<Served> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data', dir], {
    env: { ...process.env, RIPOSTE_API_KEY: adminKey, RIPOSTE_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  return { url, child };
}

async function stop(served: Served, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
  const exited = new Promise((r) => served.child.once('exit', r));
  served.child.kill(signal);
  await exited;
}

async function until(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('riposte serve: notifications of changes committed just before a crash', () => {
  let receiver: WebhookReceiver;
  let dir: string;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    dir = mkdtempSync(join(tmpdir(), 'riposte-crash-replay-'));
  });
  afterAll(async () => {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const notifiedIds = () =>
    receiver.received.filter((r) => r.path === '/notify').flatMap((r) => (r.body.value as { resourceData: { id: string } }[]).map((n) => n.resourceData.id));
  const postAlert = async (url: string, alert: Record<string, unknown>) => {
    const res = await fetch(`${url}/api/alerts`, { method: 'POST', headers, body: JSON.stringify(alert) });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  /** Commits alerts to the data directory's store without announcing them (no one listens to this bus). */
  const commitUnannounced = async (alerts: Record<string, unknown>[]) => {
    const store = openSqliteSecurityStore({ path: join(dir, 'riposte.db') });
    try {
      const { alerts: stored } = await ingestAlerts(securityContext({ store }), alerts.map((a) => parseAlertInput(a, '')), 'test');
      return stored.map((a) => a.id);
    } finally {
      await store.close();
    }
  };

  it('a restart after SIGKILL delivers what was committed and never queued; after SIGTERM it replays nothing', { timeout: 90_000 }, async () => {
    const first = await serve(dir);
    const subscribed = await fetch(`${first.url}/graph/v1.0/subscriptions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        changeType: 'created,updated',
        notificationUrl: `${receiver.url}/notify`,
        lifecycleNotificationUrl: `${receiver.url}/lifecycle`,
        resource: "security/alerts_v2?$filter=severity eq 'high'",
        expirationDateTime: new Date(Date.now() + 60 * 60_000).toISOString(),
        clientState: 'crash-test',
      }),
    });
    expect(subscribed.status).toBe(201);
    const live = await postAlert(first.url, { title: 'before the crash', severity: 'high' });
    await until('the live notification', () => notifiedIds().includes(live));

    await stop(first, 'SIGKILL');
    const [lostHigh, lostLow] = await commitUnannounced([
      { title: 'lost in the crash', severity: 'high' },
      { title: 'lost, outside the filter', severity: 'low' },
    ]);

    const second = await serve(dir);
    await until('the replayed notification', () => notifiedIds().includes(lostHigh!));
    // Queued after whatever the replay queued, on the same stream: once it arrives, the replay is over.
    const afterRestart = await postAlert(second.url, { title: 'after the restart', severity: 'high' });
    await until('the next live notification', () => notifiedIds().includes(afterRestart));
    expect(notifiedIds()).not.toContain(lostLow);
    // The replay was complete: no subscriber is told to read everything again.
    expect(receiver.received.filter((r) => r.path === '/lifecycle')).toEqual([]);

    await stop(second, 'SIGTERM');
    const [offline] = await commitUnannounced([{ title: 'written while stopped', severity: 'high' }]);
    const third = await serve(dir);
    try {
      const marker = await postAlert(third.url, { title: 'after a clean restart', severity: 'high' });
      await until('the live notification after a clean restart', () => notifiedIds().includes(marker));
      expect(notifiedIds()).not.toContain(offline);
    } finally {
      await stop(third, 'SIGTERM');
    }
  });
});
