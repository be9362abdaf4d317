/**
 * Latency from an alert POST to the first action of the playbook it triggers: a playbook with the
 * Sentinel alert trigger (ApiConnectionWebhook on azuresentinel, path /subscribe), whose first action
 * is an Http POST to a local recorder. Measured from just before the client sends POST /api/alerts to
 * the recorder receiving the call, one alert at a time after a warm-up, on the real server (embedded
 * SQLite store with synchronous=FULL, run journal in runs.db, app.listen on loopback, undici client).
 * Goal: p99 ≤ 50 ms. RIPOSTE_BENCH_TRIGGER_ALERTS sets how many alerts are measured (default 300).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { prepareServer } from '../packages/server/src/app/start-server.ts';
import { createApiKey } from '../packages/server/src/auth/api-keys.ts';
import { systemClock } from '../packages/server/src/common/timestamp.ts';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Sentinel alert trigger → Http to the recorder (first action) → a Compose after it. */
function playbook(recorder: string) {
  return {
    $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
    contentVersion: '1.0.0.0',
    parameters: { $connections: { type: 'Object', defaultValue: {} } },
    triggers: {
      When_a_response_to_an_Azure_Sentinel_alert_is_triggered: {
        type: 'ApiConnectionWebhook',
        inputs: {
          body: { callback_url: '@{listCallbackUrl()}' },
          host: { connection: { name: "@parameters('$connections')['azuresentinel']['connectionId']" } },
          path: '/subscribe',
        },
      },
    },
    actions: {
      Record: {
        type: 'Http',
        runAfter: {},
        inputs: { method: 'POST', uri: `${recorder}/seen`, body: { title: "@triggerBody()?['AlertDisplayName']", severity: "@triggerBody()?['Severity']" } },
      },
      Done: { type: 'Compose', runAfter: { Record: ['Succeeded'] }, inputs: "@outputs('Record')?['statusCode']" },
    },
  };
}

/** Prints p50/p99 of alert POST → first playbook action. */
export async function benchTriggerLatency(): Promise<void> {
  const measured = Number(process.env.RIPOSTE_BENCH_TRIGGER_ALERTS ?? 300);
  const warmup = 30;
  const dir = mkdtempSync(join(tmpdir(), 'riposte-bench-trigger-'));

  // The recorder: arrival time of each first action, keyed by the alert title it carries.
  const waiting = new Map<string, (at: number) => void>();
  const recorder = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const { title } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { title: string };
      waiting.get(title)?.(at);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  recorder.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
  const recorderUrl = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;

  // The server as `riposte serve` builds it: automation module included, run journal in <dir>/runs.db.
  const { app, store } = await prepareServer({ dataDir: dir });
  try {
    const { key } = await createApiKey(store, 'admin', 'bench', systemClock, 'bench');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const pool = new Pool(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, { connections: 2 });
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    try {
      const created = await pool.request({ method: 'POST', path: '/api/playbooks', headers, body: JSON.stringify({ name: 'bench-first-action', definition: playbook(recorderUrl) }) });
      const pb = (await created.body.json()) as { id: string; triggerKind?: string };
      if (created.statusCode !== 201) throw new Error(`POST /api/playbooks answered ${created.statusCode}: ${JSON.stringify(pb)}`);
      if (pb.triggerKind !== 'sentinel-alert') throw new Error(`the bench playbook's trigger was read as ${pb.triggerKind}, not sentinel-alert`);

      const once = async (i: number): Promise<number> => {
        const title = `Trigger latency ${i}`;
        const arrived = new Promise<number>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`the playbook's first action for alert ${i} did not arrive within 30 s`)), 30_000);
          waiting.set(title, (at) => (clearTimeout(timer), resolve(at)));
        });
        const body = JSON.stringify({ providerAlertId: `lat-${i}`, serviceSource: 'microsoftDefenderForEndpoint', title, severity: 'high', detectorId: `lat-${i}` });
        const sent = performance.now();
        const res = await pool.request({ method: 'POST', path: '/api/alerts', headers, body });
        const text = await res.body.text();
        if (res.statusCode !== 201) throw new Error(`POST /api/alerts answered ${res.statusCode}: ${text.slice(0, 300)}`);
        const at = await arrived;
        waiting.delete(title);
        return at - sent;
      };
      for (let i = 0; i < warmup; i++) await once(i);
      const samples: number[] = [];
      for (let i = warmup; i < warmup + measured; i++) samples.push(await once(i));
      // Let the runs finish their last action before the server closes.
      await app.riposteAutomation.playbooks.runtime.flush();
      samples.sort((a, b) => a - b);
      console.log('trigger latency: alert POST → first action (Http) of a Sentinel alert-trigger playbook, one alert at a time');
      console.log(
        `  p50 ${percentile(samples, 50).toFixed(1)} ms, p99 ${percentile(samples, 99).toFixed(1)} ms, max ${samples.at(-1)!.toFixed(1)} ms ` +
          `(goal p99 ≤ 50 ms, ${samples.length} alerts after ${warmup} warm-up; store synchronous=FULL, runs journaled)`,
      );
    } finally {
      await pool.close();
    }
  } finally {
    await app.close();
    await store.close();
    await new Promise((resolve) => recorder.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}
