import pg from 'pg';
import type { Alert } from '../alerts/alert-schema.ts';
import { alertProvider } from '../alerts/alert-intake.ts';
import type { Assessment, AssessmentKind } from '../assessments/assessment-schema.ts';
import { assessmentSeverity, assessmentState } from '../assessments/assessment-schema.ts';
import type { CorrelationCandidate } from '../incidents/correlation.ts';
import type { Incident, IncidentComment, IncidentTask, TimelineEntry } from '../incidents/incident-schema.ts';
import { readPostgresIncidentRelations } from './postgres-incident-relations.ts';
import { postgresSecurityMigrations } from './postgres-migrations.ts';
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

export interface PostgresSecurityStoreOptions {
  /** A pg connection string or pool settings. */
  connection: string | pg.PoolConfig;
  /** Schema holding the tables (created if missing); default "public". */
  schema?: string;
}

type Queryable = pg.Pool | pg.PoolClient;

const lower = (s: string | null | undefined) => (s ? s.toLowerCase() : null);
const clampTop = (top: number | undefined) => Math.max(0, Math.min(top ?? 100, 10_000));
const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
// All write transactions take this lock, so they run one at a time as on the embedded store.
const WRITE_LOCK = 0x52_49_50_4f; // "RIPO"

/** Renders `?` placeholders as $1, $2, … so filters can be written once. */
function numbered(where: string, start = 0): string {
  let i = start;
  return where.replace(/\?/g, () => `$${++i}`);
}

/** Opens the security store on PostgreSQL, migrating its schema first. */
export async function openPostgresSecurityStore(options: PostgresSecurityStoreOptions): Promise<PostgresSecurityStore> {
  const schema = options.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name '${schema}'`);
  const base = typeof options.connection === 'string' ? { connectionString: options.connection } : options.connection;
  const pool = new pg.Pool({ ...base, options: `-c search_path=${schema}` });
  const client = await pool.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query('SELECT pg_advisory_lock($1)', [WRITE_LOCK + 1]);
    await client.query('CREATE TABLE IF NOT EXISTS security_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const applied = new Set((await client.query('SELECT version FROM security_migrations')).rows.map((r) => Number(r.version)));
    for (const m of postgresSecurityMigrations) {
      if (applied.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO security_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [WRITE_LOCK + 1]).catch(() => undefined);
    client.release();
  }
  return new PostgresSecurityStore(pool);
}

/** Every read and write, against either the pool (reads) or a transaction's client. */
class PostgresQueries implements SecurityTransaction {
  constructor(protected readonly db: Queryable) {}

  private async rows<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query(sql, params)).rows as T[];
  }

  private async docs<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.rows<{ doc: T }>(sql, params)).map((r) => r.doc);
  }

  private async doc<T>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.docs<T>(sql, params))[0];
  }

  private async count(sql: string, params: unknown[]): Promise<number> {
    return Number((await this.rows<{ n: string }>(sql, params))[0]?.n ?? 0);
  }

  async getAlert(id: string) {
    return this.doc<Alert>('SELECT doc FROM alerts WHERE id = $1', [id]);
  }

  async findAlertByProvider(provider: string, providerAlertId: string) {
    return this.doc<Alert>('SELECT doc FROM alerts WHERE provider = $1 AND provider_alert_id = $2', [provider, providerAlertId]);
  }

  async listAlerts(q: AlertQuery): Promise<Page<Alert>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.status) (where.push('status = ?'), params.push(q.status));
    if (q.severity) (where.push('severity = ?'), params.push(q.severity));
    if (q.incidentId) (where.push('incident_id = ?'), params.push(q.incidentId));
    if (q.serviceSource) (where.push('service_source = ?'), params.push(q.serviceSource));
    return this.queryAlerts({ where: numbered(where.join(' AND ')), params, orderBy: 'created_date_time DESC, seq DESC' }, { top: clampTop(q.top), skip: q.skip ?? 0, count: q.count });
  }

  /** `filter.where` uses $1… placeholders (the OData compiler's postgres dialect). */
  async queryAlerts(filter: SqlFilter, page: { top: number; skip: number; count?: boolean }): Promise<Page<Alert>> {
    const where = filter.where ? `WHERE ${filter.where}` : '';
    const n = filter.params.length;
    const items = await this.docs<Alert>(
      `SELECT doc FROM alerts ${where} ORDER BY ${filter.orderBy ?? 'created_date_time DESC, seq DESC'} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...filter.params, page.top, page.skip],
    );
    if (!page.count) return { items };
    return { items, total: await this.count(`SELECT COUNT(*) AS n FROM alerts ${where}`, filter.params) };
  }

  async listIncidentAlerts(incidentId: string) {
    return this.docs<Alert>('SELECT doc FROM alerts WHERE incident_id = $1 ORDER BY created_date_time, id', [incidentId]);
  }

  async listIncidentAlertIds(incidentId: string) {
    return (await this.rows<{ id: string }>('SELECT id FROM alerts WHERE incident_id = $1 ORDER BY created_date_time, id', [incidentId])).map((r) => r.id);
  }

  async insertAlert(a: Alert) {
    await this.db.query(
      `INSERT INTO alerts (id, provider, provider_alert_id, incident_id, status, severity, classification, determination,
        service_source, detection_source, detector_id, title, category, assigned_to, created_date_time, last_update_date_time, doc)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [a.id, alertProvider(a), a.providerAlertId, ...alertColumns(a)],
    );
  }

  async updateAlert(a: Alert) {
    const r = await this.db.query(
      `UPDATE alerts SET incident_id = $1, status = $2, severity = $3, classification = $4, determination = $5, service_source = $6,
        detection_source = $7, detector_id = $8, title = $9, category = $10, assigned_to = $11, created_date_time = $12,
        last_update_date_time = $13, doc = $14 WHERE id = $15`,
      [...alertColumns(a), a.id],
    );
    if (r.rowCount !== 1) throw new Error(`alert ${a.id} does not exist`);
  }

  async getIncident(id: string) {
    return this.doc<Incident>('SELECT doc FROM incidents WHERE id = $1', [id]);
  }

  async getIncidentByNumber(number: number) {
    return this.doc<Incident>('SELECT doc FROM incidents WHERE number = $1', [number]);
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
    const w = where.length ? `WHERE ${numbered(where.join(' AND '))}` : '';
    const n = params.length;
    const items = await this.docs<Incident>(`SELECT doc FROM incidents ${w} ORDER BY created_time_utc DESC, seq DESC LIMIT $${n + 1} OFFSET $${n + 2}`, [
      ...params,
      clampTop(q.top),
      q.skip ?? 0,
    ]);
    if (!q.count) return { items };
    return { items, total: await this.count(`SELECT COUNT(*) AS n FROM incidents ${w}`, params) };
  }

  async insertIncident(incident: Omit<Incident, 'number' | 'providerIncidentId'>): Promise<Incident> {
    const [{ n }] = await this.rows<{ n: string }>("SELECT nextval('incident_numbers') AS n");
    const full = { ...incident, number: Number(n), providerIncidentId: String(n) } as Incident;
    await this.db.query(
      `INSERT INTO incidents (id, number, status, severity, title, owner_assigned_to, owner_email, owner_upn, owner_object_id,
        created_time_utc, last_modified_time_utc, doc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [full.id, full.number, ...incidentColumns(full)],
    );
    return full;
  }

  async updateIncident(i: Incident) {
    const r = await this.db.query(
      `UPDATE incidents SET status = $1, severity = $2, title = $3, owner_assigned_to = $4, owner_email = $5, owner_upn = $6,
        owner_object_id = $7, created_time_utc = $8, last_modified_time_utc = $9, doc = $10 WHERE id = $11`,
      [...incidentColumns(i), i.id],
    );
    if (r.rowCount !== 1) throw new Error(`incident ${i.id} does not exist`);
  }

  async findCorrelationCandidates(keys: readonly string[], since: string): Promise<CorrelationCandidate[]> {
    if (keys.length === 0) return [];
    return this.rows<CorrelationCandidate>(
      `SELECT k.incident_id AS "incidentId", i.number AS "incidentNumber", k.key AS key, k.last_seen AS "lastSeen"
       FROM correlation_keys k JOIN incidents i ON i.id = k.incident_id
       WHERE k.key = ANY($1) AND k.last_seen >= $2 AND i.status <> 'Closed'`,
      [[...keys], since],
    );
  }

  async touchCorrelationKeys(incidentId: string, keys: readonly string[], seenAt: string) {
    const unique = [...new Set(keys)];
    if (unique.length === 0) return;
    await this.db.query(
      `INSERT INTO correlation_keys (key, incident_id, last_seen) SELECT k, $2, $3 FROM unnest($1::text[]) AS k
       ON CONFLICT (key, incident_id) DO UPDATE SET last_seen = GREATEST(correlation_keys.last_seen, excluded.last_seen)`,
      [unique, incidentId, seenAt],
    );
  }

  // Children first (they reference the incident); numbers come from a sequence and are never reused.
  async deleteIncident(id: string) {
    for (const table of ['correlation_keys', 'incident_comments', 'incident_tasks', 'incident_timeline', 'alerts']) {
      await this.db.query(`DELETE FROM ${table} WHERE incident_id = $1`, [id]);
    }
    const r = await this.db.query('DELETE FROM incidents WHERE id = $1', [id]);
    if (r.rowCount !== 1) throw new Error(`incident ${id} does not exist`);
  }

  async listComments(incidentId: string) {
    return this.docs<IncidentComment>('SELECT doc FROM incident_comments WHERE incident_id = $1 ORDER BY created_time_utc, seq', [incidentId]);
  }

  async insertComment(c: IncidentComment) {
    await this.db.query('INSERT INTO incident_comments (id, incident_id, created_time_utc, doc) VALUES ($1, $2, $3, $4)', [c.id, c.incidentId, c.createdTimeUtc, json(c)]);
  }

  async getTask(incidentId: string, taskId: string) {
    return this.doc<IncidentTask>('SELECT doc FROM incident_tasks WHERE incident_id = $1 AND id = $2', [incidentId, taskId]);
  }

  async listTasks(incidentId: string) {
    return this.docs<IncidentTask>('SELECT doc FROM incident_tasks WHERE incident_id = $1 ORDER BY created_time_utc, seq', [incidentId]);
  }

  async insertTask(t: IncidentTask) {
    await this.db.query('INSERT INTO incident_tasks (id, incident_id, created_time_utc, doc) VALUES ($1, $2, $3, $4)', [t.id, t.incidentId, t.createdTimeUtc, json(t)]);
  }

  async updateTask(t: IncidentTask) {
    const r = await this.db.query('UPDATE incident_tasks SET doc = $1 WHERE id = $2 AND incident_id = $3', [json(t), t.id, t.incidentId]);
    if (r.rowCount !== 1) throw new Error(`task ${t.id} does not exist`);
  }

  async listTimeline(incidentId: string) {
    return this.docs<TimelineEntry>('SELECT doc FROM incident_timeline WHERE incident_id = $1 ORDER BY seq', [incidentId]);
  }

  async listIncidentRelations(incidentIds: readonly string[], latestAlerts: number): Promise<Map<string, IncidentRelations>> {
    return readPostgresIncidentRelations(this.db, incidentIds, latestAlerts);
  }

  async appendTimeline(entries: readonly TimelineEntry[]) {
    if (entries.length === 0) return;
    await this.db.query(
      `INSERT INTO incident_timeline (id, incident_id, at, doc)
       SELECT id, incident_id, at, doc FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])
         WITH ORDINALITY AS t(id, incident_id, at, doc, ord) ORDER BY ord`,
      [entries.map((e) => e.id), entries.map((e) => e.incidentId), entries.map((e) => e.at), entries.map((e) => json(e))],
    );
  }

  async getAssessment(kind: AssessmentKind, name: string) {
    return this.doc<Assessment>('SELECT doc FROM assessments WHERE kind = $1 AND name = $2', [kind, name]);
  }

  async listAssessments(q: AssessmentQuery): Promise<Page<Assessment>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.kind) (where.push('kind = ?'), params.push(q.kind));
    if (q.state) (where.push('lower(state) = ?'), params.push(q.state.toLowerCase()));
    const w = where.length ? `WHERE ${numbered(where.join(' AND '))}` : '';
    const n = params.length;
    const items = await this.docs<Assessment>(`SELECT doc FROM assessments ${w} ORDER BY last_update_date_time DESC, name LIMIT $${n + 1} OFFSET $${n + 2}`, [
      ...params,
      clampTop(q.top),
      q.skip ?? 0,
    ]);
    if (!q.count) return { items };
    return { items, total: await this.count(`SELECT COUNT(*) AS n FROM assessments ${w}`, params) };
  }

  async upsertAssessment(a: Assessment) {
    await this.db.query(
      `INSERT INTO assessments (kind, name, id, state, severity, created_date_time, last_update_date_time, doc)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (kind, name) DO UPDATE SET id = excluded.id, state = excluded.state, severity = excluded.severity,
         last_update_date_time = excluded.last_update_date_time, doc = excluded.doc`,
      [a.kind, a.name, a.id, assessmentState(a), assessmentSeverity(a), a.createdDateTime, a.lastUpdateDateTime, json(a)],
    );
  }

  async getApiKey(id: string) {
    return (await this.rows<ApiKeyRecord>('SELECT id, name, role, hash, created_at AS "createdAt", revoked_at AS "revokedAt" FROM api_keys WHERE id = $1', [id]))[0];
  }

  async listApiKeys() {
    return this.rows<ApiKeyRecord>('SELECT id, name, role, hash, created_at AS "createdAt", revoked_at AS "revokedAt" FROM api_keys ORDER BY created_at, id');
  }

  async insertApiKey(k: ApiKeyRecord) {
    await this.db.query('INSERT INTO api_keys (id, name, role, hash, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6)', [k.id, k.name, k.role, k.hash, k.createdAt, k.revokedAt]);
  }

  async revokeApiKey(id: string, at: string) {
    await this.db.query('UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2', [at, id]);
  }

  async listAudit(q: AuditQuery): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.entityType) (where.push('entity_type = ?'), params.push(q.entityType));
    if (q.entityId) (where.push('entity_id = ?'), params.push(q.entityId));
    const w = where.length ? `WHERE ${numbered(where.join(' AND '))}` : '';
    const n = params.length;
    const rows = await this.rows(
      `SELECT id, at, actor, entity_type AS "entityType", entity_id AS "entityId", action, before_json, after_json
       FROM audit_log ${w} ORDER BY seq DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...params, clampTop(q.top), q.skip ?? 0],
    );
    return rows.map(({ before_json, after_json, ...e }) => ({ ...e, before: before_json ?? null, after: after_json ?? null }));
  }

  async appendAudit(entries: readonly AuditEntry[]) {
    if (entries.length === 0) return;
    await this.db.query(
      `INSERT INTO audit_log (id, at, actor, entity_type, entity_id, action, before_json, after_json)
       SELECT id, at, actor, et, ei, action, b, a
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[])
         WITH ORDINALITY AS t(id, at, actor, et, ei, action, b, a, ord) ORDER BY ord`,
      [
        entries.map((e) => e.id),
        entries.map((e) => e.at),
        entries.map((e) => e.actor),
        entries.map((e) => e.entityType),
        entries.map((e) => e.entityId),
        entries.map((e) => e.action),
        entries.map((e) => json(e.before)),
        entries.map((e) => json(e.after)),
      ],
    );
  }
}

function alertColumns(a: Alert): unknown[] {
  return [
    a.incidentId, a.status, a.severity, a.classification, a.determination, a.serviceSource, a.detectionSource,
    a.detectorId, a.title, a.category, a.assignedTo, a.createdDateTime, a.lastUpdateDateTime, json(a),
  ];
}

function incidentColumns(i: Incident): unknown[] {
  return [
    i.status, i.severity, i.title, lower(i.owner.assignedTo), lower(i.owner.email), lower(i.owner.userPrincipalName),
    lower(i.owner.objectId), i.createdTimeUtc, i.lastModifiedTimeUtc, json(i),
  ];
}

/**
 * The SecurityStore on PostgreSQL. Reads outside transactions see committed data only; write
 * transactions are serialized with an advisory lock, matching the embedded store. Documents are
 * jsonb, so their property order is PostgreSQL's, not the order they were written in.
 */
export class PostgresSecurityStore extends PostgresQueries implements SecurityStore {
  readonly sql = { dialect: 'postgres', rowOrder: 'seq' } as const;
  constructor(readonly pool: pg.Pool) {
    super(pool);
  }

  async transaction<T>(work: (tx: SecurityTransaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
      const tx = Object.assign(new PostgresQueries(client), {
        transaction: () => {
          throw new Error('a SecurityStore transaction cannot be started inside another; use the tx you were given');
        },
      });
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
