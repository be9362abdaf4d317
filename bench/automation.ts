/**
 * Two numbers of the automation path, through the real server (prepareServer: embedded SQLite with
 * production pragmas, every module; app.listen on loopback; undici Pool):
 *
 * 1. Latency from an alert POST to the first action of the playbook it triggers (alert → incident →
 *    automation rule → Sentinel incident trigger → first action started), p50/p99, one alert at a
 *    time (each opens its own incident).
 * 2. Requests per second to a Request-triggered playbook answering through Response
 *    (Request → If → Compose → Response, run journaled), 16 requests in flight, beside a bare Fastify
 *    route doing one SQLite insert (same pragmas) as the ceiling. Goal: ≥ 50% of the ceiling.
 * RIPOSTE_BENCH_AUTOMATION_SCALE (default 1) multiplies the counts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { Pool } from 'undici';
import { prepareServer } from '../packages/server/src/app/start-server.ts';
import { createApiKey } from '../packages/server/src/auth/api-keys.ts';
import { systemClock } from '../packages/server/src/common/timestamp.ts';

const scale = Number(process.env.RIPOSTE_BENCH_AUTOMATION_SCALE ?? '1') || 1;
const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

const sentinel = "@parameters('$connections')['azuresentinel']['connectionId']";
const incidentPlaybook = {
  parameters: { $connections: { type: 'Object', defaultValue: {} } },
  triggers: { Microsoft_Sentinel_incident: { type: 'ApiConnectionWebhook', inputs: { host: { connection: { name: sentinel } }, path: '/incident-creation' } } },
  actions: { First: { type: 'Compose', runAfter: {}, inputs: "@triggerBody()?['object']?['properties']?['incidentNumber']" } },
};
const echoPlaybook = {
  triggers: { manual: { type: 'Request', kind: 'Http' } },
  actions: {
    Check: {
      type: 'If',
      runAfter: {},
      expression: { and: [{ greater: ["@triggerBody()?['severity']", 2] }] },
      actions: { Escalate: { type: 'Compose', runAfter: {}, inputs: { escalate: true } } },
      else: { actions: { Keep: { type: 'Compose', runAfter: {}, inputs: { escalate: false } } } },
    },
    Answer: { type: 'Response', kind: 'Http', runAfter: { Check: ['Succeeded'] }, inputs: { statusCode: 200, body: "@coalesce(outputs('Escalate'), outputs('Keep'))" } },
  },
};

async function drive(pool: Pool, path: string, count: number, inFlight: number, body: string): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      next++;
      const res = await pool.request({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body });
      await res.body.text();
      if (res.statusCode >= 300) throw new Error(`${path} answered ${res.statusCode}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return count / ((performance.now() - started) / 1000);
}

async function ceiling(dir: string, count: number): Promise<number> {
  const db = new Database(join(dir, 'ceiling.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE hits (id INTEGER PRIMARY KEY, body TEXT NOT NULL, at TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO hits (body, at) VALUES (?, ?)');
  const app = Fastify();
  app.post('/hit', async (request) => {
    insert.run(JSON.stringify(request.body), new Date().toISOString());
    return { ok: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 16 });
  try {
    await drive(pool, '/hit', 200, 16, '{"severity":3}');
    return await drive(pool, '/hit', count, 16, '{"severity":3}');
  } finally {
    await pool.close();
    await app.close();
    db.close();
  }
}

export async function benchAutomation(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'riposte-bench-automation-'));
  const { app, store } = await prepareServer({ dataDir: dir, logger: false });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const key = (await createApiKey(store, 'admin', 'bench', systemClock, 'bench')).key;
    const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 16 });
    const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
      const res = await pool.request({ method, path, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
      const text = await res.body.text();
      if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${text}`);
      return JSON.parse(text || 'null');
    };

    // 1. alert POST → first action of the triggered playbook.
    const pb = await call('POST', '/api/playbooks', { name: 'bench-incident', definition: incidentPlaybook, parameters: { $connections: { azuresentinel: { connectionId: 'c', id: '/x/managedApis/azuresentinel' } } } });
    await call('POST', '/api/automation-rules', {
      displayName: 'bench: run playbook',
      order: 1,
      triggeringLogic: { isEnabled: true, triggersOn: 'Incidents', triggersWhen: 'Created', conditions: [] },
      actions: [{ order: 1, actionType: 'RunPlaybook', actionConfiguration: { logicAppResourceId: 'bench-incident' } }],
    });
    const latencies: number[] = [];
    const alerts = 200 * scale;
    let lastRun = '';
    for (let i = 0; i < alerts; i++) {
      const posted = Date.now();
      await call('POST', '/api/alerts', { providerAlertId: `bench-${i}`, title: `bench alert ${i}`, severity: 'medium' });
      let first: string | undefined;
      for (let tries = 0; !first && tries < 2000; tries++) {
        const runs = (await call('GET', `/api/playbooks/${pb.id}/runs?top=1`)).value as Array<{ runId: string }>;
        if (runs.length > 0 && runs[0]!.runId !== lastRun) {
          const run = await call('GET', `/api/runs/${runs[0]!.runId}`);
          first = (run.actions as Array<{ name: string; startTime?: string }>).find((a) => a.name === 'First')?.startTime;
          if (first) lastRun = runs[0]!.runId;
        }
        if (!first) await new Promise((r) => setImmediate(r));
      }
      if (!first) throw new Error('the triggered playbook did not start');
      latencies.push(Date.parse(first) - posted);
    }
    console.log(`automation: alert POST → first playbook action: p50 ${pct(latencies, 50)} ms, p99 ${pct(latencies, 99)} ms (${alerts} alerts, one at a time; goal p99 ≤ 50 ms)`);

    // 2. Request → If → Compose → Response.
    const echo = await call('POST', '/api/playbooks', { name: 'bench-echo', definition: echoPlaybook });
    const url = new URL(echo.callbackUrl);
    const requests = 2000 * scale;
    await drive(pool, url.pathname + url.search, 200, 16, '{"severity":3}');
    const playbookRate = await drive(pool, url.pathname + url.search, requests, 16, '{"severity":3}');
    await pool.close();
    const bare = await ceiling(dir, requests);
    console.log(
      `automation: Request-trigger playbook answering through Response: ${playbookRate.toFixed(0)} req/s; bare Fastify route + one SQLite insert: ${bare.toFixed(0)} req/s ` +
        `(${((100 * playbookRate) / bare).toFixed(0)}% of the ceiling; goal ≥ 50%)`,
    );
  } finally {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
