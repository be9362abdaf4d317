/**
 * Alerts ingested per second through the real server (prepareServer, as `riposte serve` builds it:
 * the embedded SQLite store with its production pragmas — WAL, synchronous=FULL —, the Graph,
 * console and automation modules, whose subscribers see every alert; app.listen on loopback; an
 * undici Pool of 4 connections, 4 requests in flight). Two cases: one alert per POST, and batches of
 * 100 per POST. Each beside its ceiling: the same alert rows (same table, indexes, JSON document,
 * UUIDv7 ids as the server makes them, pragmas) inserted with raw better-sqlite3 statements in this process, one
 * transaction per row / per 100 rows. Every server alert also writes its incident, timeline entries,
 * correlation keys and audit; the ceiling writes the alert row only. Goal: ≥ 50% of the ceiling.
 * A second ceiling, "all rows the server wrote", inserts exactly the rows the server's measured run
 * left new or changed in its database (every table), raw, in as many transactions as it had requests
 * (bench/written-rows.ts); both are printed.
 * Wall-clock rates on a shared machine are noisy; CPU µs per alert is printed beside them.
 * RIPOSTE_BENCH_INGEST_SCALE (default 1) multiplies the alert counts.
 */
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { prepareServer, securityDatabaseFile } from '../packages/server/src/app/start-server.ts';
import { createApiKey } from '../packages/server/src/auth/api-keys.ts';
import { systemClock } from '../packages/server/src/common/timestamp.ts';
import { uuidV7 } from '../packages/server/src/common/uuid-v7.ts';
import { openSqliteSecurityStore } from '../packages/server/src/store/sqlite-security-store.ts';
import { parseAlertInput } from '../packages/server/src/alerts/alert-intake.ts';
import { profiled } from './profile.ts';
import type { WrittenRows } from './written-rows.ts';
import { replayRows, rowCount, rowsWrittenSince, snapshotRows } from './written-rows.ts';

const severities = ['low', 'medium', 'high', 'informational'];
const sources = ['microsoftDefenderForEndpoint', 'microsoftDefenderForIdentity', 'microsoftDefenderForOffice365', 'microsoftSentinel'];

/**
 * A Defender-style alert_v2 as a sender posts it. 1,000 detectors (each its own title), 5,000 hosts,
 * 2,000 users: over a run most alerts open an incident and some join one through the detector rule.
 */
export function benchAlert(run: string, i: number): Record<string, unknown> {
  const at = new Date().toISOString();
  const detector = i % 1000;
  return {
    '@odata.type': '#microsoft.graph.security.alert',
    providerAlertId: `${run}-${i}`,
    serviceSource: sources[i % sources.length],
    detectionSource: 'antivirus',
    detectorId: `det-${run}-${detector}`,
    title: `Suspicious process behaviour ${run} ${detector}`,
    description: 'A process performed activity that matched a known malicious pattern on the device.',
    severity: severities[i % severities.length],
    category: 'Execution',
    mitreTechniques: ['T1059', 'T1059.001'],
    createdDateTime: at,
    firstActivityDateTime: at,
    lastActivityDateTime: at,
    evidence: [
      { '@odata.type': '#microsoft.graph.security.deviceEvidence', deviceDnsName: `host-${i % 5000}.contoso.com`, roles: [], tags: [] },
      { '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: { accountName: `user${i % 2000}`, domainName: 'CONTOSO' }, roles: [], tags: [] },
      { '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, roles: [], tags: [] },
    ],
  };
}

interface Measured {
  alerts: number;
  seconds: number;
  /** Process CPU time (user + system) over the measured part, µs per alert. */
  cpuPerAlert: number;
}

interface ServerMeasured extends Measured {
  /** Requests in the measured part. */
  posts: number;
  /** Every row the measured part wrote to the security database (new or changed), as it ended. */
  written: WrittenRows;
}

const cpuSince = (start: NodeJS.CpuUsage, alerts: number) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / alerts;
};

const rate = (m: Measured) => m.alerts / m.seconds;

/**
 * `drive(run, count)`: posts `count` bench alerts to `path`, `perPost` per request, `inFlight` requests
 * at a time, and fails on any answer but 201. Shared by the server and the intake floor.
 */
export function alertDriver(pool: Pool, path: string, headers: Record<string, string>, perPost: number, inFlight: number) {
  const post = async (run: string, first: number) => {
    const items = Array.from({ length: perPost }, (_, k) => benchAlert(run, first + k));
    const body = JSON.stringify(perPost === 1 ? items[0] : items);
    const res = await pool.request({ method: 'POST', path, headers, body });
    const text = await res.body.text();
    if (res.statusCode !== 201) throw new Error(`POST ${path} answered ${res.statusCode}: ${text.slice(0, 300)}`);
  };
  return async (run: string, count: number) => {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const first = next;
        next += perPost;
        await post(run, first);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
  };
}

/**
 * Posts `total` alerts, `perPost` per request, `inFlight` requests at a time; resolves with the time
 * taken and the rows the measured part wrote (read after it, outside the clock).
 */
export async function postAlerts(perPost: number, total: number, warmup: number): Promise<ServerMeasured> {
  const dir = mkdtempSync(join(tmpdir(), 'riposte-bench-ingest-'));
  const { app, store } = await prepareServer({ dataDir: dir });
  const inFlight = 4;
  try {
    const { key } = await createApiKey(store, 'admin', 'bench', systemClock, 'bench');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address() as { port: number };
    const pool = new Pool(`http://127.0.0.1:${address.port}`, { connections: inFlight, pipelining: 1 });
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const drive = alertDriver(pool, '/api/alerts', headers, perPost, inFlight);
    // A second connection (WAL: reads see what is committed) to tell which rows the measured part wrote.
    const reader = new Database(join(dir, securityDatabaseFile), { readonly: true });
    try {
      await drive('w', warmup);
      const before = snapshotRows(reader);
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      await profiled(`ingest-${perPost}-per-post`, () => drive('m', total));
      const measured = { alerts: total, seconds: (performance.now() - t0) / 1000, cpuPerAlert: cpuSince(cpu, total) };
      return { ...measured, posts: Math.ceil(total / perPost), written: rowsWrittenSince(reader, before) };
    } finally {
      reader.close();
      await pool.close();
    }
  } finally {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The stored form of benchAlert (what the server keeps in `doc`), close enough in size and shape. */
function storedAlert(run: string, i: number): Record<string, unknown> {
  const posted = benchAlert(run, i);
  // Time-ordered UUIDv7 ids, as the server assigns (they decide how many index pages a commit writes).
  const id = uuidV7();
  return {
    '@odata.type': '#microsoft.graph.security.alert', id, providerAlertId: posted.providerAlertId, incidentId: `inc-${i % 1000}`,
    incidentWebUrl: null, status: 'new', severity: posted.severity, classification: null, determination: null,
    serviceSource: posted.serviceSource, detectionSource: posted.detectionSource, detectorId: posted.detectorId, tenantId: null,
    title: posted.title, description: posted.description, recommendedActions: null, category: posted.category, assignedTo: null,
    alertWebUrl: null, actorDisplayName: null, threatDisplayName: null, threatFamilyName: null, mitreTechniques: posted.mitreTechniques,
    createdDateTime: posted.createdDateTime, lastUpdateDateTime: posted.createdDateTime, resolvedDateTime: null,
    firstActivityDateTime: posted.firstActivityDateTime, lastActivityDateTime: posted.lastActivityDateTime, comments: [],
    evidence: posted.evidence, systemTags: [],
  };
}

/** One transaction inserting alert rows (stored form) with one prepared INSERT: the ceiling's write. */
function alertRowWriter(db: Database.Database): (rows: Record<string, unknown>[]) => void {
  const insert = db.prepare(
    `INSERT INTO alerts (id, provider, provider_alert_id, incident_id, status, severity, classification, determination,
      service_source, detection_source, detector_id, title, category, assigned_to, created_date_time, last_update_date_time, doc)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return db.transaction((rows: Record<string, unknown>[]) => {
    for (const a of rows) {
      insert.run(
        a.id, a.serviceSource, a.providerAlertId, a.incidentId, a.status, a.severity, null, null, a.serviceSource, a.detectionSource,
        a.detectorId, a.title, a.category, null, a.createdDateTime, a.lastUpdateDateTime, JSON.stringify(a),
      );
    }
  });
}

/** The ceiling: the same alert rows through one raw prepared INSERT, `perTransaction` rows per commit. */
export async function rawInsert(perTransaction: number, total: number): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'riposte-bench-ingest-raw-'));
  // Opened like the server's store (schema, indexes, WAL, synchronous=FULL), then written directly.
  const store = openSqliteSecurityStore({ path: join(dir, securityDatabaseFile) });
  try {
    const write = alertRowWriter(store.db);
    // Warmed like the server side: the same statements run before anything is measured.
    for (let first = 0; first < Math.min(total, 1_000); first += perTransaction) write(Array.from({ length: perTransaction }, (_, k) => storedAlert('w', first + k)));
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    for (let first = 0; first < total; first += perTransaction) {
      write(Array.from({ length: Math.min(perTransaction, total - first) }, (_, k) => storedAlert('r', first + k)));
    }
    return { alerts: total, seconds: (performance.now() - t0) / 1000, cpuPerAlert: cpuSince(cpu, total) };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The intake floor: what any server answering this POST over HTTP gets at most on this machine. A
 * bare Fastify route (its JSON body parser, no authentication, no correlation, no events) inserts
 * each posted alert with the ceiling's own statement — stored form, UUIDv7 id, one transaction per
 * request at synchronous=FULL — and answers 201 with the stored rows; driven exactly like the server
 * (same alerts, connections, requests in flight, warm-up). `validated`: each alert first goes through
 * the server's own validation (parseAlertInput, the zod schema that also writes the OpenAPI document),
 * which the issue requires of every route (a 400 naming the field).
 */
export async function floorIntake(perPost: number, total: number, warmup: number, validated: boolean): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'riposte-bench-ingest-floor-'));
  const store = openSqliteSecurityStore({ path: join(dir, securityDatabaseFile) });
  const write = alertRowWriter(store.db);
  const app = Fastify({ bodyLimit: 16 * 1024 * 1024 });
  const inFlight = 4;
  app.post('/alerts', async (request, reply) => {
    const posted = (Array.isArray(request.body) ? request.body : [request.body]) as Record<string, unknown>[];
    const rows = posted.map((p, i) => ({ ...(validated ? parseAlertInput(p, `/${i}`) : p), id: uuidV7(), incidentId: null, status: 'new', lastUpdateDateTime: p.createdDateTime }));
    write(rows);
    return reply.code(201).send(Array.isArray(request.body) ? rows : rows[0]);
  });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const pool = new Pool(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`, { connections: inFlight, pipelining: 1 });
    try {
      const drive = alertDriver(pool, '/alerts', { 'content-type': 'application/json' }, perPost, inFlight);
      await drive('w', warmup);
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      await drive('m', total);
      return { alerts: total, seconds: (performance.now() - t0) / 1000, cpuPerAlert: cpuSince(cpu, total) };
    } finally {
      await pool.close();
    }
  } finally {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The second ceiling: exactly the rows the server wrote (alerts, incidents, correlation keys,
 * timeline, audit, whatever changed), inserted raw into a fresh database with the same schema and
 * pragmas, in as many transactions as the server had requests.
 */
export function rawInsertWritten(server: ServerMeasured): Measured {
  const dir = mkdtempSync(join(tmpdir(), 'riposte-bench-ingest-written-'));
  try {
    const { seconds, cpuMicros } = replayRows(server.written, join(dir, securityDatabaseFile), server.posts);
    return { alerts: server.alerts, seconds, cpuPerAlert: cpuMicros / server.alerts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function writtenLine(server: ServerMeasured, raw: Measured): string {
  const ratio = (rate(server) / rate(raw)) * 100;
  const tables = server.written.tables.map((t) => `${t.table} ${t.rows.length.toLocaleString('en-US')}`).join(', ');
  return (
    `      all rows the server wrote (${rowCount(server.written).toLocaleString('en-US')}: ${tables}), raw, ${server.posts} commits: ` +
    `${Math.round(rate(raw)).toLocaleString('en-US')} alerts/s → server at ${ratio.toFixed(0)}% of it; CPU ${Math.round(raw.cpuPerAlert)} µs/alert`
  );
}

function floorLine(floor: Measured, raw: Measured, validated: boolean): string {
  const what = validated ? 'bare Fastify route: JSON body → the server\'s alert validation → raw insert → 201' : 'bare Fastify route: JSON body → raw insert → 201, no validation';
  return (
    `      intake floor (${what}; no auth, correlation or events): ` +
    `${Math.round(rate(floor)).toLocaleString('en-US')} alerts/s → ${((rate(floor) / rate(raw)) * 100).toFixed(0)}% of the ceiling; CPU ${Math.round(floor.cpuPerAlert)} µs/alert`
  );
}

function line(label: string, server: Measured, raw: Measured): string {
  const ratio = (rate(server) / rate(raw)) * 100;
  return (
    `  ${label}: server ${Math.round(rate(server)).toLocaleString('en-US')} alerts/s (${server.alerts.toLocaleString('en-US')} in ${server.seconds.toFixed(2)} s), ` +
    `raw insert ${Math.round(rate(raw)).toLocaleString('en-US')} alerts/s → ${ratio.toFixed(0)}% of the ceiling (goal ≥ 50%)\n` +
    `      CPU per alert (process, client included): server ${Math.round(server.cpuPerAlert)} µs, raw ${Math.round(raw.cpuPerAlert)} µs`
  );
}

/** Prints alerts/s for single and batched POSTs beside the raw-insert ceiling. */
export async function benchIngest(): Promise<void> {
  const scale = Number(process.env.RIPOSTE_BENCH_INGEST_SCALE ?? 1);
  const singles = Math.round(2_000 * scale);
  const batched = Math.round(20_000 * scale);
  console.log('alert ingest: POST /api/alerts over loopback HTTP (undici, 4 connections), SQLite in WAL mode; every answer waits for an fsync');
  console.log('  (an acknowledged alert survives power loss. Server: group commit — requests that arrive together share one transaction —');
  console.log('   and the WAL fsynced off the event loop after it; ceiling: synchronous=FULL, one fsync inside each COMMIT. Each side warmed first)');
  const single = await postAlerts(1, singles, 2_000);
  const singleRaw = await rawInsert(1, singles);
  console.log(line('1 alert per POST, 1 commit each      ', single, singleRaw));
  console.log(writtenLine(single, rawInsertWritten(single)));
  console.log(floorLine(await floorIntake(1, singles, 2_000, false), singleRaw, false));
  console.log(floorLine(await floorIntake(1, singles, 2_000, true), singleRaw, true));
  const batch = await postAlerts(100, batched, 5_000);
  const batchRaw = await rawInsert(100, batched);
  console.log(line('100 alerts per POST, 1 commit per 100', batch, batchRaw));
  console.log(writtenLine(batch, rawInsertWritten(batch)));
  console.log(floorLine(await floorIntake(100, batched, 5_000, false), batchRaw, false));
  console.log(floorLine(await floorIntake(100, batched, 5_000, true), batchRaw, true));
}
