/**
 * Requests per second to a Request-triggered playbook that answers through Response (Request → If →
 * Compose → Response, each run journaled in runs.db), called at its signed URL on the real server
 * (`riposte serve`'s app on loopback), beside its ceiling: a bare Fastify route doing one SQLite
 * insert of the request body (WAL, synchronous=NORMAL, as the run journal). Same undici client
 * (one pool per side), same concurrency. Both servers run side by side in this process; each is
 * warmed up first (the JIT compiles the hot paths of both, and of the shared client), then they are
 * measured in alternating rounds and the median round of each side is compared, so neither side
 * pays for warming the other and a burst of outside load hits both.
 * Goal: ≥ 50% of the ceiling (for scale: n8n 1.x does about 15 such runs/s on this machine).
 * RIPOSTE_BENCH_WEBHOOK_REQUESTS sets the requests per side and round (default 2,000; 3 rounds).
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

type Check = (status: number, body: string, i: number) => void;

interface Side {
  label: string;
  origin: string;
  path: string;
  check: Check;
  pool: Pool;
  close(): Promise<void>;
}

/** POSTs `count` requests at `concurrency` in flight (ids from `offset`). */
async function drive(side: Side, count: number, offset: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = offset + next++;
      const res = await side.pool.request({ method: 'POST', path: side.path, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: `r${i}`, severity: i % 5 }) });
      side.check(res.statusCode, await res.body.text(), i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function measure(side: Side, total: number, offset: number, round: number): Promise<Rate> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await profiled(`${side.label}-round-${round}`, () => drive(side, total, offset));
  const cpu = process.cpuUsage(cpu0);
  return { perSecond: total / ((performance.now() - t0) / 1000), cpuMicros: (cpu.user + cpu.system) / total };
}

async function playbookSide(): Promise<Side> {
  const dir = mkdtempSync(join(tmpdir(), 'riposte-bench-webhook-'));
  const { app, store } = await prepareServer({ dataDir: dir });
  const { key } = await createApiKey(store, 'admin', 'bench', systemClock, 'bench');
  await app.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const created = await app.inject({ method: 'POST', url: '/api/playbooks', headers: { authorization: `Bearer ${key}` }, payload: { name: 'bench-echo', definition: echo } });
  if (created.statusCode !== 201) throw new Error(`POST /api/playbooks answered ${created.statusCode}: ${created.body}`);
  const url = new URL((created.json() as { callbackUrl: string }).callbackUrl);
  const pool = new Pool(origin, { connections: concurrency });
  return {
    label: 'webhook-playbook',
    origin,
    path: url.pathname + url.search,
    pool,
    check: (status, body, i) => {
      const want = `{"escalate":${i % 5 > 2},"id":"r${i}"}`;
      if (status !== 200 || body !== want) throw new Error(`the playbook answered ${status} ${body.slice(0, 200)}, expected 200 ${want}`);
    },
    async close() {
      await pool.close();
      await app.riposteAutomation.playbooks.runtime.flush();
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function ceilingSide(): Promise<Side> {
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
  await app.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const pool = new Pool(origin, { connections: concurrency });
  return {
    label: 'webhook-ceiling',
    origin,
    path: '/hook',
    pool,
    check: (status) => {
      if (status !== 200) throw new Error(`the bare route answered ${status}`);
    },
    async close() {
      await pool.close();
      await app.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const median = (rates: Rate[]): Rate => [...rates].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(rates.length / 2)]!;
const perSecond = (r: Rate) => Math.round(r.perSecond).toLocaleString('en-US');

/** Prints runs/s of the Request → Response playbook beside a bare Fastify + SQLite insert route. */
export async function benchWebhookPlaybook(): Promise<void> {
  const total = Number(process.env.RIPOSTE_BENCH_WEBHOOK_REQUESTS ?? 2000);
  const rounds = 3;
  const playbook = await playbookSide();
  const ceiling = await ceilingSide();
  try {
    // Warm-up: both sides, twice the measured count each, before anything is measured.
    await drive(ceiling, 2 * total, 10_000_000);
    await drive(playbook, 2 * total, 10_000_000);
    const measured: { playbook: Rate[]; ceiling: Rate[] } = { playbook: [], ceiling: [] };
    for (let round = 1; round <= rounds; round++) {
      measured.ceiling.push(await measure(ceiling, total, round * 1_000_000, round));
      measured.playbook.push(await measure(playbook, total, round * 1_000_000, round));
    }
    const p = median(measured.playbook);
    const c = median(measured.ceiling);
    console.log(`webhook playbook: Request → If → Compose → Response at its signed URL, ${concurrency} requests in flight (undici over loopback)`);
    console.log(`  ${rounds} alternating rounds of ${total.toLocaleString('en-US')} requests per side after ${(2 * total).toLocaleString('en-US')} warm-up requests each; medians:`);
    console.log(
      `  playbook ${perSecond(p)} runs/s (each journaled), bare Fastify + 1 SQLite insert ${perSecond(c)} req/s ` +
        `→ ${((p.perSecond / c.perSecond) * 100).toFixed(0)}% of the ceiling (goal ≥ 50%; n8n 1.x: ~15 runs/s on this machine)`,
    );
    console.log(`      rounds, playbook: ${measured.playbook.map(perSecond).join(', ')}; ceiling: ${measured.ceiling.map(perSecond).join(', ')}`);
    console.log(`      CPU per request (process, client included), medians: playbook ${Math.round(p.cpuMicros)} µs, bare route ${Math.round(c.cpuMicros)} µs`);
  } finally {
    await playbook.close();
    await ceiling.close();
  }
}
