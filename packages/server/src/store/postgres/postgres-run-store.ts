/**
 * The run journal on PostgreSQL, shared by several server/worker processes.
 *
 * Same semantics as the SQLite journal (run-store-sqlite.ts): one transaction per `commit()` for the
 * changes of many runs, action entries upserted by (run, path + iteration), definitions stored once
 * per content. What PostgreSQL adds is sharing: `claimReady` hands each process a batch of runs no
 * one holds (row leases taken with `FOR UPDATE SKIP LOCKED`, so workers never wait on each other and
 * never get the same run), a crashed worker's runs come back once their lease expires, and
 * LISTEN/NOTIFY wakes idle workers when a run nobody holds appears.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import {
  entryKey,
  RunStoreError,
  type ActionEntry,
  type NewRun,
  type RunChanges,
  type RunEntry,
  type RunOrigin,
  type RunQuery,
  type RunStore,
  type RunSummary,
  type WorkflowDefinition,
} from '@riposte/engine';
import { DefinitionHashes } from '../definition-hashes.ts';
import { originColumns, originOf, type RunOriginColumns } from '../run-origin-columns.ts';
import { checkedSchema, connectOrExplain, migrate, poolConfig, type PostgresLocation } from './postgres-connection.ts';
import { postgresRunStoreMigrations } from './run-store-migrations.ts';

export interface PostgresRunStoreOptions extends PostgresLocation {
  /** Called with errors no caller can receive (an idle pooled connection or the listener dropped). */
  onError?: (err: Error) => void;
}

export interface ClaimReadyOptions {
  /** Most runs to take at once (default 10). */
  limit?: number;
  now?: Date;
  /**
   * A run waiting on a durable timer is taken only when its timer is due within this many
   * milliseconds (default 60 s), so a worker does not hold runs that sleep for hours.
   */
  horizonMs?: number;
}

interface RunRow extends RunOriginColumns {
  id: string;
  workflow_name: string;
  body: WorkflowDefinition;
  trigger: RunEntry['trigger'];
  parameters: Record<string, unknown>;
  status: string;
  start_time: string;
  end_time: string | null;
  outputs: Record<string, unknown> | null;
  error: RunEntry['error'] | null;
  response: RunEntry['response'] | null;
  variables: Record<string, unknown> | null;
  wake_at: string | null;
  parent_run_id: string | null;
  lease_owner: string | null;
  lease_until: string | null;
}

type Queryable = pg.Pool | pg.PoolClient;

// pg would turn a JS array into a PostgreSQL array; documents always go as JSON text.
const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

function storageError(err: unknown, context: string): RunStoreError {
  if (err instanceof RunStoreError) return err;
  const { code, constraint } = err as { code?: string; constraint?: string };
  if (code === '23505' && constraint === 'runs_pkey') return new RunStoreError('Conflict', `${context}: the run already exists`);
  if (code === '23503') return new RunStoreError('NotFound', `${context}: the run does not exist`);
  return new RunStoreError('Storage', `${context}: ${(err as Error).message}`);
}

/** Opens (and migrates) the run journal in `schema`; rejects with a clear message when PostgreSQL cannot be reached. */
export async function openPostgresRunStore(options: PostgresRunStoreOptions): Promise<PostgresRunStore> {
  const schema = checkedSchema(options.schema);
  const config = poolConfig(options);
  const pool = new pg.Pool(config);
  pool.on('error', (err) => options.onError?.(err));
  try {
    const client = await connectOrExplain(pool, options.connection);
    try {
      await migrate(client, schema, 'run_store_migrations', postgresRunStoreMigrations);
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  return new PostgresRunStore(pool, config, schema, options.onError);
}

export class PostgresRunStore implements RunStore {
  /** Definition hashes known to be stored (rows are never deleted), to skip the insert. */
  private readonly knownDefinitions = new Set<string>();
  private readonly hashes = new DefinitionHashes();
  private readonly listeners = new Set<pg.Client>();
  /** NOTIFY channel of this schema's run queue (a schema is one Riposte installation). */
  readonly channel: string;

  constructor(
    readonly pool: pg.Pool,
    private readonly config: pg.PoolConfig,
    schema: string,
    private readonly onError?: (err: Error) => void,
  ) {
    // Channel names are identifiers (at most 63 bytes); a long schema name is hashed to fit.
    const name = `riposte_runs_${schema}`;
    this.channel = name.length <= 63 ? name : `riposte_runs_${createHash('sha256').update(schema).digest('hex').slice(0, 40)}`;
  }

  async createRun(run: NewRun): Promise<void> {
    await this.inTransaction(`could not create run ${run.id}`, (client) => this.insert(client, run));
  }

  async getRun(runId: string): Promise<RunEntry | undefined> {
    const { rows } = await this.query<RunRow>('SELECT r.*, d.body FROM runs r JOIN run_definitions d ON d.hash = r.definition_hash WHERE r.id = $1', [runId]);
    const row = rows[0];
    if (!row) return undefined;
    const run: RunEntry = {
      id: row.id,
      workflowName: row.workflow_name,
      definition: row.body,
      trigger: row.trigger,
      parameters: row.parameters,
      startTime: row.start_time,
      status: row.status as RunEntry['status'],
      ...originOf(row),
    };
    if (row.parent_run_id) run.parentRunId = row.parent_run_id;
    if (row.end_time) run.endTime = row.end_time;
    if (row.outputs !== null) run.outputs = row.outputs;
    // Like SQLite, a finished run without an error reads back `error: null`.
    if (row.error !== null) run.error = row.error;
    else if (row.end_time) run.error = null;
    if (row.response !== null) run.response = row.response;
    if (row.variables !== null) run.variables = row.variables;
    if (row.wake_at) run.wakeAt = row.wake_at;
    if (row.lease_owner) run.leaseOwner = row.lease_owner;
    if (row.lease_until) run.leaseUntil = row.lease_until;
    return run;
  }

  async listActions(runId: string): Promise<ActionEntry[]> {
    const { rows } = await this.query<{ doc: ActionEntry }>('SELECT doc FROM run_actions WHERE run_id = $1 ORDER BY seq', [runId]);
    return rows.map((r) => r.doc);
  }

  async commit(changes: RunChanges[]): Promise<void> {
    if (changes.length === 0) return;
    await this.inTransaction('could not commit run changes', async (client) => {
      for (const c of changes) if (c.create) await this.insert(client, c.create);
      await this.upsertActions(client, changes);
      for (const c of changes) await this.applyRunFields(client, c);
    });
  }

  async listRuns(query: RunQuery = {}): Promise<RunSummary[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => (params.push(value), where.push(`${sql} $${params.length}`));
    if (query.workflowName !== undefined) add('workflow_name =', query.workflowName);
    if (query.workflowId !== undefined) add('workflow_id =', query.workflowId);
    if (query.status !== undefined) add('status =', query.status);
    if (query.before !== undefined) add('start_time <', query.before);
    params.push(query.limit ?? 50, query.skip ?? 0);
    const { rows } = await this.query<Pick<RunRow, 'id' | 'workflow_name' | 'status' | 'start_time' | 'end_time' | 'error' | 'parent_run_id' | keyof RunOriginColumns>>(
      `SELECT id, workflow_name, status, start_time, end_time, error, parent_run_id, workflow_id, workflow_version, started_by FROM runs
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY start_time DESC, id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      workflowName: r.workflow_name,
      status: r.status as RunSummary['status'],
      startTime: r.start_time,
      ...(r.end_time ? { endTime: r.end_time } : {}),
      // As on SQLite: a finished run carries `error` (null when it had none), a running one does not.
      ...(r.error !== null || r.end_time ? { error: r.error } : {}),
      ...(r.parent_run_id ? { parentRunId: r.parent_run_id } : {}),
      ...originOf(r),
    }));
  }

  async setOrigin(runId: string, origin: RunOrigin): Promise<boolean> {
    const r = await this.query('UPDATE runs SET workflow_id = $1, workflow_version = $2, started_by = $3 WHERE id = $4', [...originColumns(origin), runId]);
    return r.rowCount === 1;
  }

  async listUnfinished(limit = 1000): Promise<string[]> {
    const { rows } = await this.query<{ id: string }>("SELECT id FROM runs WHERE status = 'Running' ORDER BY start_time, id LIMIT $1", [limit]);
    return rows.map((r) => r.id);
  }

  async claimRun(runId: string, owner: string, leaseMs: number, now = new Date()): Promise<boolean> {
    // Concurrent claims of one row queue on its row lock and re-check the condition, so one wins.
    const r = await this.query(
      `UPDATE runs SET lease_owner = $1, lease_until = $2
       WHERE id = $3 AND status = 'Running' AND (lease_owner IS NULL OR lease_owner = $1 OR lease_until <= $4)`,
      [owner, new Date(now.getTime() + leaseMs).toISOString(), runId, now.toISOString()],
    );
    return r.rowCount === 1;
  }

  async releaseRun(runId: string, owner: string): Promise<void> {
    await this.inTransaction(`could not release run ${runId}`, async (client) => {
      const r = await client.query('UPDATE runs SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2 AND status = $3', [runId, owner, 'Running']);
      if (r.rowCount === 1) await this.notify(client, runId);
    });
  }

  /**
   * Leases up to `limit` unfinished runs that nobody holds (never leased, released, or whose lease
   * expired — a crashed worker's) to `owner`, oldest first, and returns their ids. Rows another
   * process is claiming right now are skipped, not waited for.
   */
  async claimReady(owner: string, leaseMs: number, options: ClaimReadyOptions = {}): Promise<string[]> {
    const now = options.now ?? new Date();
    const horizon = new Date(now.getTime() + (options.horizonMs ?? 60_000)).toISOString();
    const { rows } = await this.query<{ id: string; start_time: string }>(
      `WITH ready AS (
         SELECT id FROM runs
         WHERE status = 'Running' AND (lease_owner IS NULL OR lease_until <= $3) AND (wake_at IS NULL OR wake_at <= $4)
         ORDER BY start_time, id
         LIMIT $5
         FOR UPDATE SKIP LOCKED
       )
       UPDATE runs r SET lease_owner = $1, lease_until = $2 FROM ready WHERE r.id = ready.id
       RETURNING r.id, r.start_time`,
      [owner, new Date(now.getTime() + leaseMs).toISOString(), now.toISOString(), horizon, options.limit ?? 10],
    );
    return rows.sort((a, b) => (a.start_time === b.start_time ? (a.id < b.id ? -1 : 1) : a.start_time < b.start_time ? -1 : 1)).map((r) => r.id);
  }

  /**
   * Calls `listener` with the id of each run that becomes free to claim (created without a lease,
   * or released), in any process sharing this schema. Resolves once listening; the returned
   * function stops it. Notifications are hints: a worker must still poll for expired leases.
   */
  async onRunReady(listener: (runId: string) => void): Promise<() => Promise<void>> {
    const client = new pg.Client(this.config);
    client.on('error', (err) => this.onError?.(err));
    await client.connect();
    client.on('notification', (n) => {
      if (n.channel === this.channel && n.payload) listener(n.payload);
    });
    await client.query(`LISTEN ${this.channel}`);
    this.listeners.add(client);
    return async () => {
      if (!this.listeners.delete(client)) return;
      await client.end().catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.listeners].map((c) => c.end().catch(() => undefined)));
    this.listeners.clear();
    await this.pool.end();
  }

  private async query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (err) {
      throw storageError(err, 'run store query failed');
    }
  }

  private async inTransaction(context: string, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw storageError(err, context);
    }
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      // A definition inserted in the rolled-back transaction is not stored after all.
      this.knownDefinitions.clear();
      throw storageError(err, context);
    } finally {
      client.release();
    }
  }

  private async insert(client: Queryable, run: NewRun): Promise<void> {
    const { hash, body } = this.hashes.of(run.definition);
    if (!this.knownDefinitions.has(hash)) {
      await client.query('INSERT INTO run_definitions (hash, body) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING', [hash, body ?? json(run.definition)]);
      this.knownDefinitions.add(hash);
    }
    await client.query(
      `INSERT INTO runs (id, workflow_name, definition_hash, trigger, parameters, status, start_time, parent_run_id, lease_owner, lease_until,
         workflow_id, workflow_version, started_by)
       VALUES ($1, $2, $3, $4, $5, 'Running', $6, $7, $8, $9, $10, $11, $12)`,
      [run.id, run.workflowName, hash, json(run.trigger), json(run.parameters), run.startTime, run.parentRunId ?? null, run.leaseOwner ?? null, run.leaseUntil ?? null, ...originColumns(run.origin)],
    );
    // Delivered at commit, and only then: a worker woken by it finds the row.
    if (!run.leaseOwner) await this.notify(client, run.id);
  }

  private async notify(client: Queryable, runId: string): Promise<void> {
    await client.query('SELECT pg_notify($1, $2)', [this.channel, runId]);
  }

  /** All action entries of a commit in one statement, in the order given (a later write of the same entry wins). */
  private async upsertActions(client: Queryable, changes: RunChanges[]): Promise<void> {
    const entries = new Map<string, { runId: string; key: string; entry: ActionEntry }>();
    for (const c of changes) {
      for (const a of c.actions ?? []) {
        const key = entryKey(a.path, a.iteration);
        entries.set(`${c.runId}\u0000${key}`, { runId: c.runId, key, entry: a });
      }
    }
    if (entries.size === 0) return;
    const all = [...entries.values()];
    await client.query(
      `INSERT INTO run_actions (run_id, entry_key, status, doc)
       SELECT run_id, entry_key, status, doc::json FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
         WITH ORDINALITY AS t(run_id, entry_key, status, doc, ord) ORDER BY ord
       ON CONFLICT (run_id, entry_key) DO UPDATE SET status = excluded.status, doc = excluded.doc`,
      [all.map((e) => e.runId), all.map((e) => e.key), all.map((e) => e.entry.status), all.map((e) => JSON.stringify(e.entry))],
    );
  }

  /** Variables, timer, response and finish of one run in one UPDATE; a run that does not exist is NotFound. */
  private async applyRunFields(client: Queryable, c: RunChanges): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [];
    const set = (column: string, value: unknown, cast = '') => {
      params.push(value);
      sets.push(`${column} = $${params.length}${cast}`);
    };
    if (c.variables !== undefined) set('variables', json(c.variables), '::json');
    if (c.response !== undefined) set('response', json(c.response), '::json');
    if (c.finish) {
      set('status', c.finish.status);
      set('end_time', c.finish.endTime);
      set('outputs', json(c.finish.outputs), '::json');
      set('error', json(c.finish.error ?? null), '::json');
      sets.push('wake_at = NULL', 'lease_owner = NULL', 'lease_until = NULL');
    } else if (c.wakeAt !== undefined) set('wake_at', c.wakeAt);
    // Entries alone are checked by the foreign key; a created run exists by now.
    if (sets.length === 0 && (c.create || c.actions?.length)) return;
    params.push(c.runId);
    const sql = sets.length > 0 ? `UPDATE runs SET ${sets.join(', ')} WHERE id = $${params.length}` : `SELECT 1 FROM runs WHERE id = $${params.length}`;
    const r = await client.query(sql, params);
    if (r.rowCount === 0) throw new RunStoreError('NotFound', `run ${c.runId} does not exist`);
  }
}
