/**
 * The run journal on SQLite (better-sqlite3, WAL).
 *
 * Durability: WAL with synchronous=NORMAL by default. A commit is appended to the WAL file with a
 * write() before the call returns, so a `kill -9` of the process — or any crash of the process —
 * loses nothing that was committed: the data is in the operating system's page cache and the next
 * open replays the WAL. What NORMAL gives up is the last commits before a power loss or kernel
 * crash (the WAL is fsynced at checkpoints, not at every commit); the database stays consistent.
 * Pass `durability: 'full'` to fsync every commit when that matters more than throughput.
 *
 * Each `commit()` is one transaction for the changes of many runs (the runtime batches per event
 * loop turn); action entries are upserted by (run, path + iteration) as one JSON document. A run
 * created and finished within one commit (a Request trigger's pure steps) is a single row: its
 * entries are kept in the row as one JSON array, final, as a finished run takes no more.
 */
import Database from 'better-sqlite3';
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
} from '@riposte/engine';
import type { WorkflowDefinition } from '@riposte/engine';
import { DefinitionHashes } from './definition-hashes.ts';
import { originColumns, originOf, type RunOriginColumns } from './run-origin-columns.ts';
import { runStoreMigrations } from './run-store-sqlite-migrations.ts';
import { migrateTables } from './sqlite-table-migrations.ts';

export interface SqliteRunStoreOptions {
  /** Database file, or ':memory:'. */
  path?: string;
  /** An open database to share (e.g. with the security store); its pragmas are left as they are. */
  database?: Database.Database;
  /** 'normal' (default): survives process crashes; 'full': also power loss, slower. */
  durability?: 'normal' | 'full';
}

interface RunRow extends RunOriginColumns {
  id: string;
  workflow_name: string;
  body: string;
  trigger: string;
  parameters: string;
  status: string;
  start_time: string;
  end_time: string | null;
  outputs: string | null;
  error: string | null;
  response: string | null;
  variables: string | null;
  wake_at: string | null;
  parent_run_id: string | null;
  lease_owner: string | null;
  lease_until: string | null;
}

const parse = (text: string | null): unknown => (text === null ? undefined : JSON.parse(text));
const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

function storageError(err: unknown, context: string): RunStoreError {
  if (err instanceof RunStoreError) return err;
  const code = (err as { code?: string }).code;
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return new RunStoreError('Conflict', `${context}: the run already exists`);
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new RunStoreError('NotFound', `${context}: the run does not exist`);
  return new RunStoreError('Storage', `${context}: ${(err as Error).message}`);
}

export class SqliteRunStore implements RunStore {
  private readonly db: Database.Database;
  private readonly owned: boolean;
  private readonly hashes = new DefinitionHashes();
  /** Definition hashes known to be stored (rows are never deleted), to skip the insert. */
  private readonly knownDefinitions = new Set<string>();
  private readonly stmt;

  constructor(options: SqliteRunStoreOptions) {
    if (options.database) {
      this.db = options.database;
      this.owned = false;
    } else {
      if (!options.path) throw new RunStoreError('Storage', 'SqliteRunStore needs a path or a database');
      this.db = new Database(options.path);
      this.owned = true;
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
      this.db.pragma('busy_timeout = 5000');
      // Checkpoint every ~40 MB of WAL instead of 4 MB: a checkpoint fsyncs on the committing call,
      // and runs journal a few KB each (the security store does the same).
      this.db.pragma('wal_autocheckpoint = 10000');
    }
    this.db.pragma('foreign_keys = ON');
    migrateTables(this.db, 'run_store', runStoreMigrations);
    const db = this.db;
    this.stmt = {
      insertDefinition: db.prepare('INSERT OR IGNORE INTO run_definitions (hash, body) VALUES (?, ?)'),
      insertRun: db.prepare(
        `INSERT INTO runs (id, workflow_name, definition_hash, trigger, parameters, status, start_time, parent_run_id, lease_owner, lease_until,
           workflow_id, workflow_version, started_by, end_time, outputs, error, response, variables, wake_at, actions)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      getRun: db.prepare('SELECT r.*, d.body FROM runs r JOIN run_definitions d ON d.hash = r.definition_hash WHERE r.id = ?'),
      runExists: db.prepare('SELECT 1 FROM runs WHERE id = ?').pluck(),
      listActions: db.prepare('SELECT doc FROM run_actions WHERE run_id = ? ORDER BY rowid').pluck(),
      inlineActions: db.prepare('SELECT actions FROM runs WHERE id = ?').pluck(),
      upsertAction: db.prepare(
        `INSERT INTO run_actions (run_id, entry_key, doc, status) VALUES (?, ?, ?, ?)
         ON CONFLICT (run_id, entry_key) DO UPDATE SET doc = excluded.doc, status = excluded.status`,
      ),
      setVariables: db.prepare('UPDATE runs SET variables = ? WHERE id = ?'),
      setWake: db.prepare('UPDATE runs SET wake_at = ? WHERE id = ?'),
      setResponse: db.prepare('UPDATE runs SET response = ? WHERE id = ?'),
      finish: db.prepare(
        `UPDATE runs SET status = ?, end_time = ?, outputs = ?, error = ?, wake_at = NULL, lease_owner = NULL, lease_until = NULL
         WHERE id = ?`,
      ),
      unfinished: db.prepare("SELECT id FROM runs WHERE status = 'Running' ORDER BY start_time, id LIMIT ?").pluck(),
      claim: db.prepare(
        `UPDATE runs SET lease_owner = ?, lease_until = ?
         WHERE id = ? AND status = 'Running' AND (lease_owner IS NULL OR lease_owner = ? OR lease_until <= ?)`,
      ),
      release: db.prepare('UPDATE runs SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?'),
      setOrigin: db.prepare('UPDATE runs SET workflow_id = ?, workflow_version = ?, started_by = ? WHERE id = ?'),
    };
  }

  async createRun(run: NewRun): Promise<void> {
    try {
      this.db.transaction(() => this.insert(run))();
    } catch (err) {
      this.knownDefinitions.clear();
      throw storageError(err, `could not create run ${run.id}`);
    }
  }

  /**
   * Inserts a run; with `first`, the run-level changes committed together with its creation go
   * into the same row at once. A run created and finished in one commit is one INSERT: it never
   * enters the index of unfinished runs, and its action entries (final: a finished run takes no
   * more) are kept in the row as one JSON array instead of a row and an index entry each.
   */
  private insert(run: NewRun, first?: RunChanges): void {
    const hash = this.hashes.of(run.definition);
    if (!this.knownDefinitions.has(hash.hash)) {
      this.stmt.insertDefinition.run(hash.hash, hash.body ?? JSON.stringify(run.definition));
      this.knownDefinitions.add(hash.hash);
    }
    const finish = first?.finish;
    this.stmt.insertRun.run(
      run.id, run.workflowName, hash.hash, JSON.stringify(run.trigger), JSON.stringify(run.parameters), finish?.status ?? 'Running', run.startTime,
      run.parentRunId ?? null, finish ? null : (run.leaseOwner ?? null), finish ? null : (run.leaseUntil ?? null), ...originColumns(run.origin),
      finish?.endTime ?? null, finish ? json(finish.outputs) : null, finish ? json(finish.error ?? null) : null,
      json(first?.response), json(first?.variables), finish ? null : (first?.wakeAt ?? null),
      finish && first?.actions?.length ? JSON.stringify(first.actions) : null,
    );
  }

  async getRun(runId: string): Promise<RunEntry | undefined> {
    const row = this.stmt.getRun.get(runId) as RunRow | undefined;
    if (!row) return undefined;
    const run: RunEntry = {
      id: row.id,
      workflowName: row.workflow_name,
      definition: JSON.parse(row.body) as WorkflowDefinition,
      trigger: JSON.parse(row.trigger),
      parameters: JSON.parse(row.parameters),
      startTime: row.start_time,
      status: row.status as RunEntry['status'],
      ...originOf(row),
    };
    if (row.parent_run_id) run.parentRunId = row.parent_run_id;
    if (row.end_time) run.endTime = row.end_time;
    if (row.outputs !== null) run.outputs = parse(row.outputs) as Record<string, unknown>;
    if (row.error !== null) run.error = parse(row.error) as RunEntry['error'];
    if (row.response !== null) run.response = parse(row.response) as RunEntry['response'];
    if (row.variables !== null) run.variables = parse(row.variables) as Record<string, unknown>;
    if (row.wake_at) run.wakeAt = row.wake_at;
    if (row.lease_owner) run.leaseOwner = row.lease_owner;
    if (row.lease_until) run.leaseUntil = row.lease_until;
    return run;
  }

  async listActions(runId: string): Promise<ActionEntry[]> {
    // Entries kept in the run's row (it was journaled whole in one commit) come first; a finished
    // run takes no more, so rows exist only for runs journaled over several commits.
    const inline = this.stmt.inlineActions.get(runId) as string | null | undefined;
    const entries = inline ? (JSON.parse(inline) as ActionEntry[]) : [];
    for (const doc of this.stmt.listActions.all(runId) as string[]) entries.push(JSON.parse(doc) as ActionEntry);
    return entries;
  }

  async commit(changes: RunChanges[]): Promise<void> {
    try {
      this.commitAll(changes);
    } catch (err) {
      this.knownDefinitions.clear();
      throw storageError(err, 'could not commit run changes');
    }
  }

  private readonly commitAll = (changes: RunChanges[]): void => {
    this.db.transaction((all: RunChanges[]) => {
      for (const c of all) {
        if (c.create) {
          this.insert(c.create, c);
          if (!c.finish) for (const a of c.actions ?? []) this.stmt.upsertAction.run(c.runId, entryKey(a.path, a.iteration), JSON.stringify(a), a.status);
          continue;
        }
        const missing = () => new RunStoreError('NotFound', `run ${c.runId} does not exist`);
        // The foreign key refuses entries of an unknown run; updates of one change no row.
        for (const a of c.actions ?? []) this.stmt.upsertAction.run(c.runId, entryKey(a.path, a.iteration), JSON.stringify(a), a.status);
        if (c.variables !== undefined && this.stmt.setVariables.run(JSON.stringify(c.variables), c.runId).changes === 0) throw missing();
        if (c.wakeAt !== undefined && this.stmt.setWake.run(c.wakeAt, c.runId).changes === 0) throw missing();
        if (c.response !== undefined && this.stmt.setResponse.run(JSON.stringify(c.response), c.runId).changes === 0) throw missing();
        if (c.finish && this.stmt.finish.run(c.finish.status, c.finish.endTime, json(c.finish.outputs), json(c.finish.error ?? null), c.runId).changes === 0) throw missing();
        if (!c.create && !c.actions?.length && c.variables === undefined && c.wakeAt === undefined && c.response === undefined && !c.finish && !this.stmt.runExists.get(c.runId)) throw missing();
      }
    })(changes);
  };

  async listRuns(query: RunQuery = {}): Promise<RunSummary[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (query.workflowName !== undefined) (where.push('workflow_name = ?'), args.push(query.workflowName));
    if (query.workflowId !== undefined) (where.push('workflow_id = ?'), args.push(query.workflowId));
    if (query.status !== undefined) (where.push('status = ?'), args.push(query.status));
    if (query.before !== undefined) (where.push('start_time < ?'), args.push(query.before));
    const sql = `SELECT id, workflow_name, status, start_time, end_time, error, parent_run_id, workflow_id, workflow_version, started_by FROM runs
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY start_time DESC, id DESC LIMIT ? OFFSET ?`;
    type SummaryRow = Pick<RunRow, 'id' | 'workflow_name' | 'status' | 'start_time' | 'end_time' | 'error' | 'parent_run_id' | keyof RunOriginColumns>;
    const rows = this.db.prepare(sql).all(...args, query.limit ?? 50, query.skip ?? 0) as SummaryRow[];
    return rows.map((r) => ({
      id: r.id,
      workflowName: r.workflow_name,
      status: r.status as RunSummary['status'],
      startTime: r.start_time,
      ...(r.end_time ? { endTime: r.end_time } : {}),
      ...(r.error !== null ? { error: JSON.parse(r.error) } : {}),
      ...(r.parent_run_id ? { parentRunId: r.parent_run_id } : {}),
      ...originOf(r),
    }));
  }

  async listUnfinished(limit = 1000): Promise<string[]> {
    return this.stmt.unfinished.all(limit) as string[];
  }

  async claimRun(runId: string, owner: string, leaseMs: number, now = new Date()): Promise<boolean> {
    const nowIso = now.toISOString();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    return this.stmt.claim.run(owner, until, runId, owner, nowIso).changes === 1;
  }

  async releaseRun(runId: string, owner: string): Promise<void> {
    this.stmt.release.run(runId, owner);
  }

  async setOrigin(runId: string, origin: RunOrigin): Promise<boolean> {
    return this.stmt.setOrigin.run(...originColumns(origin), runId).changes === 1;
  }

  async close(): Promise<void> {
    if (this.owned && this.db.open) this.db.close();
  }
}
