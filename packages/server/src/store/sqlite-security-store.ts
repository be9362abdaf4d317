import Database from 'better-sqlite3';
import type { Alert } from '../alerts/alert-schema.ts';
import { alertProvider } from '../alerts/alert-intake.ts';
import { storeAlertJson } from '../alerts/alert-json.ts';
import type { Assessment, AssessmentKind } from '../assessments/assessment-schema.ts';
import { assessmentSeverity, assessmentState } from '../assessments/assessment-schema.ts';
import type { CorrelationCandidate } from '../incidents/correlation.ts';
import type { Incident, IncidentComment, IncidentTask, TimelineEntry } from '../incidents/incident-schema.ts';
import type {
  AlertQuery,
  ApiKeyRecord,
  AssessmentQuery,
  AuditEntry,
  AuditQuery,
  IncidentQuery,
  IncidentRelations,
  Page,
  SecurityStore,
  SecurityTransaction,
  SqlFilter,
} from './security-store.ts';
import { deepFreeze } from './deep-freeze.ts';
import { readSqliteIncidentRelations } from './sqlite-incident-relations.ts';
import { securityMigrations } from './sqlite-migrations.ts';
import { fileSyncer, WalSync, type FsyncFile } from './wal-sync.ts';

export interface SqliteSecurityStoreOptions {
  /** Database file, or ":memory:". */
  path: string;
  /**
   * "full" (default): an acknowledged write survives power loss — a group commit is acknowledged
   * once an fsync of the write-ahead log that started after its COMMIT returned (wal-sync.ts; off the
   * event loop), other writes on the connection fsync inside COMMIT. "normal" survives a process
   * crash only and is faster.
   */
  durability?: 'full' | 'normal';
  /** How the write-ahead log is fsynced (tests hold or fail it); default: fileSyncer(). */
  fsyncFile?: FsyncFile;
}

const lower = (s: string | null | undefined) => (s ? s.toLowerCase() : null);
const parse = <T>(row: { doc: string } | undefined): T | undefined => (row ? (JSON.parse(row.doc) as T) : undefined);
const parseAll = <T>(rows: { doc: string }[]): T[] => rows.map((r) => JSON.parse(r.doc) as T);
const clampTop = (top: number | undefined) => Math.max(0, Math.min(top ?? 100, 10_000));

interface PendingTransaction {
  work: (tx: SecurityTransaction) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

// Most transactions one COMMIT carries (bounds how long a group holds the writer).
const maxGroup = 64;
// Most incidents kept parsed (see keptIncidents); ~10 KB each with their doc.
const maxKeptIncidents = 2000;
// Taken at load, so that a test's fake timers cannot stall the store.
const nextTurn = globalThis.setImmediate;

/** Opens (creating and migrating as needed) the security store in a SQLite file, in WAL mode. */
export function openSqliteSecurityStore(options: SqliteSecurityStoreOptions): SqliteSecurityStore {
  const db = new Database(options.path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.durability === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Checkpoint every ~40 MB of WAL rather than SQLite's 4 MB: pages that many commits rewrite (incidents,
  // correlation keys, index interiors) are copied into the database once instead of each time;
  // measured on alert ingest, about a quarter fewer bytes written. Durability is unchanged.
  db.pragma('wal_autocheckpoint = 10000');
  migrate(db);
  const durable = options.durability !== 'normal' && options.path !== ':memory:' && options.path !== '';
  if (!durable) return new SqliteSecurityStore(db);
  const syncer = options.fsyncFile ? { fsync: options.fsyncFile, close() {} } : fileSyncer();
  return new SqliteSecurityStore(db, { wal: new WalSync(`${options.path}-wal`, syncer.fsync), close: () => syncer.close() });
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS security_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set((db.prepare('SELECT version FROM security_migrations').all() as { version: number }[]).map((r) => r.version));
  for (const m of securityMigrations) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO security_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    }).immediate();
  }
}

/** The embedded SecurityStore. One connection; transactions are serialized by a promise chain. */
export class SqliteSecurityStore implements SecurityStore, SecurityTransaction {
  readonly sql = { dialect: 'sqlite', rowOrder: 'rowid' } as const;
  private queue: Promise<void> = Promise.resolve();
  private readonly stmts = new Map<string, Database.Statement>();
  // Incidents as last read or written here, with the exact doc text: a read whose row still holds
  // that text returns the kept object instead of parsing the doc again (alerts that correlate into
  // an incident read it request after request). Checked against the row on every read, so a write
  // rolled back, or made by anyone else, is never answered from here. Kept objects are deep-frozen:
  // callers share them and must copy to change (as every incident update does).
  private readonly keptIncidents = new Map<string, { doc: string; incident: Incident }>();

  // What `work` receives: this store, except that starting a transaction inside one fails loudly
  // instead of waiting forever behind itself.
  private readonly transactionView: SecurityTransaction = Object.create(this, {
    transaction: {
      value: () => {
        throw new Error('a SecurityStore transaction cannot be started inside another; use the tx you were given');
      },
    },
  });

  /**
   * `durability`: group commits COMMIT at synchronous=NORMAL and are acknowledged after `wal.sync()`
   * (the connection stays at FULL for everyone else who writes through it directly).
   */
  constructor(
    readonly db: Database.Database,
    private readonly durability?: { wal: WalSync; close(): void },
  ) {}

  /** Acknowledgements waiting for their fsync (close() waits for them). */
  private syncing: Promise<unknown> = Promise.resolve();

  private st(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      // Compiled filters make SQL text vary; keep the cache bounded.
      if (this.stmts.size > 1000) this.stmts.clear();
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /**
   * Group commit: transactions asked for while the previous group ran (e.g. concurrent requests) are
   * run one after another inside one SQLite transaction, each in its own savepoint, and share its
   * COMMIT — one fsync for all. Each still sees the writes of those before it and is rolled back alone
   * when it throws; its promise settles only after the shared COMMIT, so what it reports is durable.
   */
  transaction<T>(work: (tx: SecurityTransaction) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.scheduleGroup();
    });
  }

  private readonly waiting: PendingTransaction[] = [];
  private groupRunning = false;

  private scheduleGroup(): void {
    if (this.groupRunning || this.waiting.length === 0) return;
    this.groupRunning = true;
    // setImmediate: after the I/O callbacks of this turn, so that requests read together commit together.
    const run = () =>
      this.runGroup(this.waiting.splice(0, maxGroup)).finally(() => {
        this.groupRunning = false;
        this.scheduleGroup();
      });
    this.queue = new Promise<void>((done) => nextTurn(() => void run().then(done, done)));
  }

  private async runGroup(group: PendingTransaction[]): Promise<void> {
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    // The fsync comes after COMMIT, off the event loop (see durability).
    if (this.durability) this.st('PRAGMA synchronous = NORMAL').run();
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      if (this.durability) this.st('PRAGMA synchronous = FULL').run();
      for (const t of group) t.reject(error);
      return;
    }
    const alone = group.length === 1;
    // Set when SQLite lost the whole transaction (or a savepoint could not be undone): nothing commits.
    let aborted = false;
    for (const t of group) {
      try {
        if (!alone) this.db.exec('SAVEPOINT grouped');
        const value = await t.work(this.transactionView);
        if (!alone) this.db.exec('RELEASE grouped');
        outcomes.push({ ok: true, value });
      } catch (error) {
        outcomes.push({ ok: false, error });
        if (alone) break;
        try {
          if (!this.db.inTransaction) throw error;
          this.db.exec('ROLLBACK TO grouped');
          this.db.exec('RELEASE grouped');
        } catch {
          aborted = true;
          break;
        }
      }
    }
    let commitError: unknown;
    let committed = false;
    try {
      if (this.db.inTransaction) {
        if (aborted || (alone && !outcomes[0]!.ok)) this.db.exec('ROLLBACK');
        else {
          this.db.exec('COMMIT');
          committed = true;
        }
      }
    } catch (error) {
      commitError = error;
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    }
    if (this.durability) this.st('PRAGMA synchronous = FULL').run();
    const settle = (syncError?: unknown) =>
      group.forEach((t, i) => {
        const outcome = outcomes[i];
        if (outcome && !outcome.ok) t.reject(outcome.error);
        else if (outcome && committed && syncError === undefined) t.resolve(outcome.value);
        else t.reject(syncError ?? commitError ?? new Error('the transaction was rolled back because the SQLite transaction it shared was aborted'));
      });
    if (!committed || !this.durability) return settle();
    // Acknowledged once durable; meanwhile the next group may already run (it is not awaited here).
    const durable = this.durability.wal.sync().then(() => settle(), settle);
    this.syncing = Promise.all([this.syncing, durable]);
  }

  async ping(): Promise<void> {
    this.st('SELECT 1').get();
  }

  async close(): Promise<void> {
    while (this.groupRunning || this.waiting.length > 0) await this.queue;
    await this.syncing;
    this.durability?.close();
    this.db.close();
  }

  // ── alerts ────────────────────────────────────────────────────────────────────────────────

  async getAlert(id: string): Promise<Alert | undefined> {
    return parse(this.st('SELECT doc FROM alerts WHERE id = ?').get(id) as { doc: string } | undefined);
  }

  async findAlertByProvider(provider: string, providerAlertId: string): Promise<Alert | undefined> {
    const row = this.st('SELECT doc FROM alerts WHERE provider = ? AND provider_alert_id = ?').get(provider, providerAlertId);
    return parse(row as { doc: string } | undefined);
  }

  async listAlerts(q: AlertQuery): Promise<Page<Alert>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.status) (where.push('status = ?'), params.push(q.status));
    if (q.severity) (where.push('severity = ?'), params.push(q.severity));
    if (q.incidentId) (where.push('incident_id = ?'), params.push(q.incidentId));
    if (q.serviceSource) (where.push('service_source = ?'), params.push(q.serviceSource));
    return this.queryAlerts(
      { where: where.join(' AND '), params, orderBy: 'created_date_time DESC, rowid DESC' },
      { top: clampTop(q.top), skip: q.skip ?? 0, count: q.count },
    );
  }

  async queryAlerts(filter: SqlFilter, page: { top: number; skip: number; count?: boolean }): Promise<Page<Alert>> {
    const where = filter.where ? `WHERE ${filter.where}` : '';
    const order = `ORDER BY ${filter.orderBy ?? 'created_date_time DESC, rowid DESC'}`;
    const rows = this.st(`SELECT doc FROM alerts ${where} ${order} LIMIT ? OFFSET ?`).all(...filter.params, page.top, page.skip) as { doc: string }[];
    const items = parseAll<Alert>(rows);
    if (!page.count) return { items };
    const { n } = this.st(`SELECT COUNT(*) AS n FROM alerts ${where}`).get(...filter.params) as { n: number };
    return { items, total: n };
  }

  async listIncidentAlerts(incidentId: string): Promise<Alert[]> {
    return parseAll(this.st('SELECT doc FROM alerts WHERE incident_id = ? ORDER BY created_date_time, id').all(incidentId) as { doc: string }[]);
  }

  async listIncidentAlertIds(incidentId: string): Promise<string[]> {
    return (this.st('SELECT id FROM alerts WHERE incident_id = ? ORDER BY created_date_time, id').all(incidentId) as { id: string }[]).map((r) => r.id);
  }

  async insertAlert(a: Alert): Promise<void> {
    this.st(
      `INSERT INTO alerts (id, provider, provider_alert_id, incident_id, status, severity, classification, determination,
        service_source, detection_source, detector_id, title, category, assigned_to, created_date_time, last_update_date_time, doc)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(a.id, alertProvider(a), a.providerAlertId, ...this.alertColumns(a));
  }

  async updateAlert(a: Alert): Promise<void> {
    const info = this.st(
      `UPDATE alerts SET incident_id = ?, status = ?, severity = ?, classification = ?, determination = ?, service_source = ?,
        detection_source = ?, detector_id = ?, title = ?, category = ?, assigned_to = ?, created_date_time = ?,
        last_update_date_time = ?, doc = ? WHERE id = ?`,
    ).run(...this.alertColumns(a), a.id);
    if (info.changes !== 1) throw new Error(`alert ${a.id} does not exist`);
  }

  private alertColumns(a: Alert): unknown[] {
    return [
      a.incidentId, a.status, a.severity, a.classification, a.determination, a.serviceSource, a.detectionSource,
      a.detectorId, a.title, a.category, a.assignedTo, a.createdDateTime, a.lastUpdateDateTime, storeAlertJson(a),
    ];
  }

  // ── incidents ─────────────────────────────────────────────────────────────────────────────

  async getIncident(id: string): Promise<Incident | undefined> {
    const row = this.st('SELECT doc FROM incidents WHERE id = ?').get(id) as { doc: string } | undefined;
    if (!row) return undefined;
    const kept = this.keptIncidents.get(id);
    if (kept && kept.doc === row.doc) return kept.incident;
    return this.keepIncident(id, row.doc, JSON.parse(row.doc) as Incident);
  }

  private keepIncident(id: string, doc: string, incident: Incident): Incident {
    this.keptIncidents.delete(id);
    this.keptIncidents.set(id, { doc, incident: deepFreeze(incident) });
    if (this.keptIncidents.size > maxKeptIncidents) this.keptIncidents.delete(this.keptIncidents.keys().next().value!);
    return incident;
  }

  async getIncidentByNumber(number: number): Promise<Incident | undefined> {
    return parse(this.st('SELECT doc FROM incidents WHERE number = ?').get(number) as { doc: string } | undefined);
  }

  async listIncidents(q: IncidentQuery): Promise<Page<Incident>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.status) (where.push('status = ?'), params.push(q.status));
    if (q.severity) (where.push('severity = ?'), params.push(q.severity));
    if (q.owner) {
      where.push('? IN (owner_assigned_to, owner_email, owner_upn, owner_object_id)');
      params.push(q.owner.toLowerCase());
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = this.st(`SELECT doc FROM incidents ${w} ORDER BY created_time_utc DESC, rowid DESC LIMIT ? OFFSET ?`)
      .all(...params, clampTop(q.top), q.skip ?? 0) as { doc: string }[];
    const items = parseAll<Incident>(rows);
    if (!q.count) return { items };
    const { n } = this.st(`SELECT COUNT(*) AS n FROM incidents ${w}`).get(...params) as { n: number };
    return { items, total: n };
  }

  async insertIncident(incident: Omit<Incident, 'number' | 'providerIncidentId'>): Promise<Incident> {
    // After the highest number ever used: a deleted incident's number is not given again.
    const { n } = this.st(
      'SELECT MAX(COALESCE((SELECT MAX(number) FROM incidents), 0), COALESCE((SELECT last FROM incident_number_floor), 0)) + 1 AS n',
    ).get() as { n: number };
    const full = { ...incident, number: n, providerIncidentId: String(n) } as Incident;
    const columns = this.incidentColumns(full);
    this.st(
      `INSERT INTO incidents (id, number, status, severity, title, owner_assigned_to, owner_email, owner_upn, owner_object_id,
        created_time_utc, last_modified_time_utc, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(full.id, full.number, ...columns);
    return this.keepIncident(full.id, columns[columns.length - 1] as string, full);
  }

  async updateIncident(i: Incident): Promise<void> {
    const columns = this.incidentColumns(i);
    const info = this.st(
      `UPDATE incidents SET status = ?, severity = ?, title = ?, owner_assigned_to = ?, owner_email = ?, owner_upn = ?,
        owner_object_id = ?, created_time_utc = ?, last_modified_time_utc = ?, doc = ? WHERE id = ?`,
    ).run(...columns, i.id);
    if (info.changes !== 1) throw new Error(`incident ${i.id} does not exist`);
    this.keepIncident(i.id, columns[columns.length - 1] as string, i);
  }

  private incidentColumns(i: Incident): unknown[] {
    return [
      i.status, i.severity, i.title, lower(i.owner.assignedTo), lower(i.owner.email), lower(i.owner.userPrincipalName),
      lower(i.owner.objectId), i.createdTimeUtc, i.lastModifiedTimeUtc, JSON.stringify(i),
    ];
  }

  async findCorrelationCandidates(keys: readonly string[], since: string): Promise<CorrelationCandidate[]> {
    if (keys.length === 0) return [];
    const out: CorrelationCandidate[] = [];
    // Chunked to stay under SQLite's bound-parameter limit for alerts with many entities.
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      const rows = this.st(
          `SELECT k.incident_id AS incidentId, i.number AS incidentNumber, k.key AS key, k.last_seen AS lastSeen
           FROM correlation_keys k JOIN incidents i ON i.id = k.incident_id
           WHERE k.key IN (${chunk.map(() => '?').join(',')}) AND k.last_seen >= ? AND i.status <> 'Closed'`,
        )
        .all(...chunk, since) as CorrelationCandidate[];
      out.push(...rows);
    }
    return out;
  }

  // An older sighting changes nothing; skipping its update also leaves the row's page clean.
  async touchCorrelationKeys(incidentId: string, keys: readonly string[], seenAt: string): Promise<void> {
    const st = this.st(
      `INSERT INTO correlation_keys (key, incident_id, last_seen) VALUES (?, ?, ?)
       ON CONFLICT (key, incident_id) DO UPDATE SET last_seen = excluded.last_seen WHERE excluded.last_seen > correlation_keys.last_seen`,
    );
    for (const key of new Set(keys)) st.run(key, incidentId, seenAt);
  }

  // Children first (they reference the incident). The kept parsed copy goes too, so no read can
  // answer from it; the number becomes the floor insertIncident numbers after.
  async deleteIncident(id: string): Promise<void> {
    const row = this.st('SELECT number FROM incidents WHERE id = ?').get(id) as { number: number } | undefined;
    if (!row) throw new Error(`incident ${id} does not exist`);
    for (const table of ['correlation_keys', 'incident_comments', 'incident_tasks', 'incident_timeline', 'alerts']) {
      this.st(`DELETE FROM ${table} WHERE incident_id = ?`).run(id);
    }
    this.st('DELETE FROM incidents WHERE id = ?').run(id);
    this.keptIncidents.delete(id);
    this.st('INSERT INTO incident_number_floor (id, last) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET last = MAX(last, excluded.last)').run(row.number);
  }

  // ── comments, tasks, timeline ─────────────────────────────────────────────────────────────

  async listComments(incidentId: string): Promise<IncidentComment[]> {
    return parseAll(this.st('SELECT doc FROM incident_comments WHERE incident_id = ? ORDER BY created_time_utc, rowid').all(incidentId) as { doc: string }[]);
  }

  async insertComment(c: IncidentComment): Promise<void> {
    this.st('INSERT INTO incident_comments (id, incident_id, created_time_utc, doc) VALUES (?, ?, ?, ?)').run(c.id, c.incidentId, c.createdTimeUtc, JSON.stringify(c));
  }

  async getTask(incidentId: string, taskId: string): Promise<IncidentTask | undefined> {
    return parse(this.st('SELECT doc FROM incident_tasks WHERE incident_id = ? AND id = ?').get(incidentId, taskId) as { doc: string } | undefined);
  }

  async listTasks(incidentId: string): Promise<IncidentTask[]> {
    return parseAll(this.st('SELECT doc FROM incident_tasks WHERE incident_id = ? ORDER BY created_time_utc, rowid').all(incidentId) as { doc: string }[]);
  }

  async insertTask(t: IncidentTask): Promise<void> {
    this.st('INSERT INTO incident_tasks (id, incident_id, created_time_utc, doc) VALUES (?, ?, ?, ?)').run(t.id, t.incidentId, t.createdTimeUtc, JSON.stringify(t));
  }

  async updateTask(t: IncidentTask): Promise<void> {
    const info = this.st('UPDATE incident_tasks SET doc = ? WHERE id = ? AND incident_id = ?').run(JSON.stringify(t), t.id, t.incidentId);
    if (info.changes !== 1) throw new Error(`task ${t.id} does not exist`);
  }

  async listTimeline(incidentId: string): Promise<TimelineEntry[]> {
    return parseAll(this.st('SELECT doc FROM incident_timeline WHERE incident_id = ? ORDER BY seq').all(incidentId) as { doc: string }[]);
  }

  async listIncidentRelations(incidentIds: readonly string[], latestAlerts: number): Promise<Map<string, IncidentRelations>> {
    return readSqliteIncidentRelations((sql) => this.st(sql), incidentIds, latestAlerts);
  }

  async appendTimeline(entries: readonly TimelineEntry[]): Promise<void> {
    const st = this.st('INSERT INTO incident_timeline (id, incident_id, at, doc) VALUES (?, ?, ?, ?)');
    for (const e of entries) st.run(e.id, e.incidentId, e.at, JSON.stringify(e));
  }

  // ── assessments ───────────────────────────────────────────────────────────────────────────

  async getAssessment(kind: AssessmentKind, name: string): Promise<Assessment | undefined> {
    return parse(this.st('SELECT doc FROM assessments WHERE kind = ? AND name = ?').get(kind, name) as { doc: string } | undefined);
  }

  async listAssessments(q: AssessmentQuery): Promise<Page<Assessment>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.kind) (where.push('kind = ?'), params.push(q.kind));
    if (q.state) (where.push('lower(state) = ?'), params.push(q.state.toLowerCase()));
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = this.st(`SELECT doc FROM assessments ${w} ORDER BY last_update_date_time DESC, name LIMIT ? OFFSET ?`)
      .all(...params, clampTop(q.top), q.skip ?? 0) as { doc: string }[];
    const items = parseAll<Assessment>(rows);
    if (!q.count) return { items };
    const { n } = this.st(`SELECT COUNT(*) AS n FROM assessments ${w}`).get(...params) as { n: number };
    return { items, total: n };
  }

  async upsertAssessment(a: Assessment): Promise<void> {
    this.st(
      `INSERT INTO assessments (kind, name, id, state, severity, created_date_time, last_update_date_time, doc)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, name) DO UPDATE SET id = excluded.id, state = excluded.state, severity = excluded.severity,
         last_update_date_time = excluded.last_update_date_time, doc = excluded.doc`,
    ).run(a.kind, a.name, a.id, assessmentState(a), assessmentSeverity(a), a.createdDateTime, a.lastUpdateDateTime, JSON.stringify(a));
  }

  // ── api keys, audit ───────────────────────────────────────────────────────────────────────

  async getApiKey(id: string): Promise<ApiKeyRecord | undefined> {
    const row = this.st('SELECT id, name, role, hash, created_at AS createdAt, revoked_at AS revokedAt FROM api_keys WHERE id = ?').get(id);
    return (row as ApiKeyRecord | undefined) ?? undefined;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return this.st('SELECT id, name, role, hash, created_at AS createdAt, revoked_at AS revokedAt FROM api_keys ORDER BY created_at, id').all() as ApiKeyRecord[];
  }

  async insertApiKey(k: ApiKeyRecord): Promise<void> {
    this.st('INSERT INTO api_keys (id, name, role, hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)').run(k.id, k.name, k.role, k.hash, k.createdAt, k.revokedAt);
  }

  async revokeApiKey(id: string, at: string): Promise<void> {
    this.st('UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(at, id);
  }

  async listAudit(q: AuditQuery): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.entityType) (where.push('entity_type = ?'), params.push(q.entityType));
    if (q.entityId) (where.push('entity_id = ?'), params.push(q.entityId));
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = this.st(
        `SELECT id, at, actor, entity_type AS entityType, entity_id AS entityId, action, before_json, after_json
         FROM audit_log ${w} ORDER BY seq DESC LIMIT ? OFFSET ?`,
      )
      .all(...params, clampTop(q.top), q.skip ?? 0) as (AuditEntry & { before_json: string | null; after_json: string | null })[];
    return rows.map(({ before_json, after_json, ...e }) => ({
      ...e,
      before: before_json === null ? null : JSON.parse(before_json),
      after: after_json === null ? null : JSON.parse(after_json),
    }));
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    const st = this.st(
      'INSERT INTO audit_log (id, at, actor, entity_type, entity_id, action, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const e of entries) {
      st.run(e.id, e.at, e.actor, e.entityType, e.entityId, e.action, e.before == null ? null : JSON.stringify(e.before), e.after == null ? null : JSON.stringify(e.after));
    }
  }
}
