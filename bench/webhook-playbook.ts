/**
 * Requests per second to a Request-triggered playbook that answers through Response (Request → If →
 * Compose → Response, each run journaled in runs.db), called at its signed URL on the real server
 * (`riposte serve`'s app on loopback), beside its ceiling: a bare Fastify route doing one SQLite
 * insert of the request body (WAL, synchronous=NORMAL, as the run journal). Same undici client, same
 * concurrency. Goal: ≥ 50% of the ceiling (for scale: n8n 1.x does about 15 such runs/s on this machine).
 * RIPOSTE_BENCH_WEBHOOK_REQUESTS sets the requests per side (default 2,000).
 */
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { prepareServer } from '../packages/server/src/app/start-server.ts';
import { createApiKey } from '../packages/server/src/auth/api-keys.ts';
import { systemClock } from '../packages/server/src/common/timestamp.ts';
import { profiled } from './profile.ts';

const concurrency = 8;

/** Request → If → Compose → Response. */
const echo = {
  triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: { type: 'object' } } } },
  actions: {
    Check: {
      type: 'If',
      runAfter: {},
      expression: { and: [{ greater: ["@triggerBody()?['severity']", 2] }] },
      actions: { Escalate: { type: 'Compose', runAfter: {}, inputs: { escalate: true, id: "@triggerBody()?['id']" } } },
      else: { actions: { Keep: { type: 'Compose', runAfter: {}, inputs: { escalate: false, id: "@triggerBody()?['id']" } } } },
    },
    Answer: {
      type: 'Response',
      kind: 'Http',
      runAfter: { Check: ['Succeeded'] },
      inputs: { statusCode: 200, body: "@coalesce(outputs('Escalate'), outputs('Keep'))" },
    },
  },
};

interface Rate {
  perSecond: number;
  /** Process CPU (user + system, client included) per request, µs: steadier than the rate on a shared machine. */
  cpuMicros: number;
}

/** POSTs `total` requests at `concurrency` in flight; resolves with requests per second and CPU per request. */
async function hammer(label: string, origin: string, path: string, total: number, expect: (status: number, body: string, i: number) => void): Promise<Rate> {
  const pool = new Pool(origin, { connections: concurrency });
  try {
    const run = async (count: number, offset: number) => {
      let next = 0;
      const worker = async () => {
        while (next < count) {
          const i = offset + next++;
          const res = await pool.request({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: `r${i}`, severity: i % 5 }) });
          expect(res.statusCode, await res.body.text(), i);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    };
    await run(Math.min(200, total), 1_000_000);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await profiled(label, () => run(total, 0));
    const cpu = process.cpuUsage(cpu0);
    return { perSecond: total / ((performance.now() - t0) / 1000), cpuMicros: (cpu.user + cpu.system) / total };
  } finally {
    await pool.close();
  }
}

async function playbookRate(total: number): Promise<Rate> {
  const dir = mkdtempSync(join(tmpdir(), 'riposte-bench-webhook-'));
  const { app, store } = await prepareServer({ dataDir: dir });
  try {
    const { key } = await createApiKey(store, 'admin', 'bench', systemClock, 'bench');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const created = await app.inject({ method: 'POST', url: '/api/playbooks', headers: { authorization: `Bearer ${key}` }, payload: { name: 'bench-echo', definition: echo } });
    if (created.statusCode !== 201) throw new Error(`POST /api/playbooks answered ${created.statusCode}: ${created.body}`);
    const url = new URL((created.json() as { callbackUrl: string }).callbackUrl);
    const rate = await hammer('webhook-playbook', origin, url.pathname + url.search, total, (status, body, i) => {
      const want = JSON.stringify({ escalate: i % 5 > 2, id: `r${i}` });
      if (status !== 200 || body !== want) throw new Error(`the playbook answered ${status} ${body.slice(0, 200)}, expected 200 ${want}`);
    });
    await app.riposteAutomation.playbooks.runtime.flush();
    return rate;
  } finally {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function ceilingRate(total: number): Promise<Rate> {
  const dir = mkdtempSync(join(tmpdir(), 'riposte-bench-webhook-raw-'));
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE calls (id INTEGER PRIMARY KEY, at TEXT NOT NULL, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO calls (at, body) VALUES (?, ?)');
  const app = Fastify({ logger: false });
  app.post('/hook', async (request) => {
    insert.run(new Date().toISOString(), JSON.stringify(request.body));
    return { ok: true };
  });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    return await hammer('webhook-ceiling', `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, '/hook', total, (status) => {
      if (status !== 200) throw new Error(`the bare route answered ${status}`);
    });
  } finally {
    await app.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints runs/s of the Request → Response playbook beside a bare Fastify + SQLite insert route. */
export async function benchWebhookPlaybook(): Promise<void> {
  const total = Number(process.env.RIPOSTE_BENCH_WEBHOOK_REQUESTS ?? 2000);
  const playbook = await playbookRate(total);
  const ceiling = await ceilingRate(total);
  console.log(`webhook playbook: Request → If → Compose → Response at its signed URL, ${concurrency} requests in flight (undici over loopback)`);
  console.log(
    `  playbook ${Math.round(playbook.perSecond).toLocaleString('en-US')} runs/s (each journaled), bare Fastify + 1 SQLite insert ${Math.round(ceiling.perSecond).toLocaleString('en-US')} req/s ` +
      `→ ${((playbook.perSecond / ceiling.perSecond) * 100).toFixed(0)}% of the ceiling (goal ≥ 50%; n8n 1.x: ~15 runs/s on this machine)`,
  );
  console.log(`      CPU per request (process, client included): playbook ${Math.round(playbook.cpuMicros)} µs, bare route ${Math.round(ceiling.cpuMicros)} µs`);
}
