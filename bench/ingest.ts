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
    const post = async (run: string, first: number) => {
      const items = Array.from({ length: perPost }, (_, k) => benchAlert(run, first + k));
      const body = JSON.stringify(perPost === 1 ? items[0] : items);
      const res = await pool.request({ method: 'POST', path: '/api/alerts', headers, body });
      const text = await res.body.text();
      if (res.statusCode !== 201) throw new Error(`POST /api/alerts answered ${res.statusCode}: ${text.slice(0, 300)}`);
    };
    const drive = async (run: string, count: number) => {
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

/** The ceiling: the same alert rows through one raw prepared INSERT, `perTransaction` rows per commit. */
export async function rawInsert(perTransaction: number, total: number): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'riposte-bench-ingest-raw-'));
  // Opened like the server's store (schema, indexes, WAL, synchronous=FULL), then written directly.
  const store = openSqliteSecurityStore({ path: join(dir, securityDatabaseFile) });
  try {
    const db = store.db;
    const insert = db.prepare(
      `INSERT INTO alerts (id, provider, provider_alert_id, incident_id, status, severity, classification, determination,
        service_source, detection_source, detector_id, title, category, assigned_to, created_date_time, last_update_date_time, doc)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const write = db.transaction((rows: Record<string, unknown>[]) => {
      for (const a of rows) {
        insert.run(
          a.id, a.serviceSource, a.providerAlertId, a.incidentId, a.status, a.severity, null, null, a.serviceSource, a.detectionSource,
          a.detectorId, a.title, a.category, null, a.createdDateTime, a.lastUpdateDateTime, JSON.stringify(a),
        );
      }
    });
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
  const batch = await postAlerts(100, batched, 5_000);
  const batchRaw = await rawInsert(100, batched);
  console.log(line('100 alerts per POST, 1 commit per 100', batch, batchRaw));
  console.log(writtenLine(batch, rawInsertWritten(batch)));
}
