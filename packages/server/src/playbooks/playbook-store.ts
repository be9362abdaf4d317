import type Database from 'better-sqlite3';
import type { ConnectionRef, WorkflowDefinition } from '@riposte/engine';
import { CommittedReadCache } from '../store/committed-read-cache.ts';
import { StatementCache } from '../store/statement-cache.ts';
import { SealedParameterError, type ParameterSeal } from './parameter-seal.ts';
import { scrubReplacedText } from './replaced-text-scrub.ts';
import { hasClearValues, needsSealing, sealVersion } from './sealed-version.ts';
import { migrateTables, type TableMigration } from './sqlite-tables.ts';
import type { TriggerKind } from './trigger-kind.ts';

/** A connector operation a playbook calls that no registered connector provides. */
export interface MissingOperation {
  /** Where the action sits in the definition, e.g. "/actions/For_each/actions/Check_IP". */
  pointer: string;
  api: string;
  method: string;
  path: string;
}

/** Something in the definition Riposte recognises but cannot run (action type, function, dynamic connection). */
export interface NotRunnable {
  pointer: string;
  code: string;
  message: string;
}

/** One stored version of a playbook's workflow. */
export interface PlaybookVersion {
  playbookId: string;
  version: number;
  /** As read back, the `defaultValue` of a SecureString/SecureObject parameter is sealed (sealed-version.ts). */
  definition: WorkflowDefinition;
  /** Definition parameter values, including `$connections`; as read back, secure ones are sealed. */
  parameters: Record<string, unknown>;
  connections: ConnectionRef[];
  format: string;
  triggerKind: TriggerKind;
  missingOperations: MissingOperation[];
  notRunnable: NotRunnable[];
  createdTimeUtc: string;
  createdBy: string;
}

export interface Playbook {
  id: string;
  name: string;
  enabled: boolean;
  /** The version new runs use. */
  version: number;
  triggerKind: TriggerKind;
  createdTimeUtc: string;
  lastModifiedTimeUtc: string;
  createdBy: string;
}

// Version 1 made playbook_runs (run links); they moved into the run journal (playbook-runs.ts), which drops it.
const migrations: TableMigration[] = [
  {
    version: 1,
    name: 'playbooks, versions, run links, recurrence schedule',
    sql: `
      CREATE TABLE playbooks (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        enabled INTEGER NOT NULL,
        version INTEGER NOT NULL,
        trigger_kind TEXT NOT NULL,
        created_time_utc TEXT NOT NULL,
        last_modified_time_utc TEXT NOT NULL,
        created_by TEXT NOT NULL
      );
      CREATE INDEX playbooks_trigger_kind ON playbooks (trigger_kind, enabled);
      CREATE TABLE playbook_versions (
        playbook_id TEXT NOT NULL REFERENCES playbooks (id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (playbook_id, version)
      );
      CREATE TABLE playbook_runs (
        run_id TEXT PRIMARY KEY,
        playbook_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        started_by TEXT NOT NULL,
        start_time TEXT NOT NULL
      );
      CREATE INDEX playbook_runs_playbook ON playbook_runs (playbook_id, start_time);
      CREATE TABLE playbook_schedules (
        playbook_id TEXT PRIMARY KEY REFERENCES playbooks (id) ON DELETE CASCADE,
        next_fire_time TEXT NOT NULL
      );
    `,
  },
];

interface PlaybookRow {
  id: string;
  name: string;
  enabled: number;
  version: number;
  trigger_kind: string;
  created_time_utc: string;
  last_modified_time_utc: string;
  created_by: string;
}

const toPlaybook = (r: PlaybookRow): Playbook => ({
  id: r.id,
  name: r.name,
  enabled: r.enabled === 1,
  version: r.version,
  triggerKind: r.trigger_kind as TriggerKind,
  createdTimeUtc: r.created_time_utc,
  lastModifiedTimeUtc: r.last_modified_time_utc,
  createdBy: r.created_by,
});

/**
 * Playbooks, their versions, which runs they started and their next recurrence, in the server's
 * SQLite file. Synchronous: call inside the store's transaction to share it. Secure parameter values
 * of a version are sealed with `seal` before they are written; when the store opens, versions an
 * older server wrote with them in clear, or sealed with a previous key, are sealed with the current key.
 */
export class PlaybookStore {
  private readonly sql: StatementCache;
  // Every alert event lists the playbooks and every Request trigger call looks one up with its
  // current version; writes (all through this object) invalidate. Versions are immutable once
  // committed, so each is kept parsed by (playbook, version).
  private readonly all: CommittedReadCache<{ byName: Playbook[]; byId: Map<string, Playbook> }>;
  private readonly versions = new Map<string, CommittedReadCache<PlaybookVersion | undefined>>();

  constructor(
    private readonly db: Database.Database,
    private readonly seal: ParameterSeal,
  ) {
    migrateTables(db, 'playbook', migrations);
    this.sql = new StatementCache(db);
    this.all = new CommittedReadCache(db);
    this.sealVersions();
  }

  /**
   * Seals with the current key the secure values of versions written in clear (before values were
   * sealed) or with a previous key; returns how many versions were rewritten. A version whose key is
   * not loaded is left as it is (its runs fail, naming the key).
   */
  sealVersions(): number {
    // Only a version whose definition names a secure type can hold one (LIKE is case-insensitive).
    const rows = this.db.prepare(`SELECT doc FROM playbook_versions WHERE doc LIKE '%"secure%'`).pluck().all() as string[];
    const rewritten: PlaybookVersion[] = [];
    let clear = false;
    for (const version of rows.map((doc) => JSON.parse(doc) as PlaybookVersion)) {
      if (!needsSealing(version, this.seal)) continue;
      try {
        rewritten.push(sealVersion(version, this.seal));
        clear ||= hasClearValues(version);
      } catch (err) {
        if (!(err instanceof SealedParameterError)) throw err;
      }
    }
    if (rewritten.length === 0) return 0;
    this.db.transaction(() => {
      for (const v of rewritten) this.sql.get('UPDATE playbook_versions SET doc = ? WHERE playbook_id = ? AND version = ?').run(JSON.stringify(v), v.playbookId, v.version);
    })();
    // Once: the clear text must not survive anywhere in the file (free pages, WAL).
    if (clear) scrubReplacedText(this.db);
    this.versions.clear();
    return rewritten.length;
  }

  private playbooks(): { byName: Playbook[]; byId: Map<string, Playbook> } {
    return this.all.read(() => {
      const byName = (this.sql.get('SELECT * FROM playbooks ORDER BY name').all() as PlaybookRow[]).map(toPlaybook);
      return { byName, byId: new Map(byName.map((p) => [p.id, p])) };
    });
  }

  private changed(playbookId: string): void {
    this.all.invalidate();
    for (const key of this.versions.keys()) if (key.startsWith(`${playbookId}\n`)) this.versions.delete(key);
  }

  insert(playbook: Playbook, version: PlaybookVersion): void {
    this.changed(playbook.id);
    this.sql
      .get('INSERT INTO playbooks (id, name, enabled, version, trigger_kind, created_time_utc, last_modified_time_utc, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(playbook.id, playbook.name, playbook.enabled ? 1 : 0, playbook.version, playbook.triggerKind, playbook.createdTimeUtc, playbook.lastModifiedTimeUtc, playbook.createdBy);
    this.insertVersion(version);
  }

  insertVersion(version: PlaybookVersion): void {
    this.changed(version.playbookId);
    this.sql.get('INSERT INTO playbook_versions (playbook_id, version, doc) VALUES (?, ?, ?)').run(version.playbookId, version.version, JSON.stringify(sealVersion(version, this.seal)));
  }

  update(playbook: Playbook): void {
    this.changed(playbook.id);
    this.sql
      .get('UPDATE playbooks SET name = ?, enabled = ?, version = ?, trigger_kind = ?, last_modified_time_utc = ? WHERE id = ?')
      .run(playbook.name, playbook.enabled ? 1 : 0, playbook.version, playbook.triggerKind, playbook.lastModifiedTimeUtc, playbook.id);
  }

  delete(id: string): void {
    this.changed(id);
    this.sql.get('DELETE FROM playbooks WHERE id = ?').run(id);
  }

  get(id: string): Playbook | undefined {
    return this.playbooks().byId.get(id);
  }

  getByName(name: string): Playbook | undefined {
    const row = this.sql.get('SELECT * FROM playbooks WHERE name = ?').get(name) as PlaybookRow | undefined;
    return row ? toPlaybook(row) : undefined;
  }

  list(options: { triggerKind?: TriggerKind; enabledOnly?: boolean } = {}): Playbook[] {
    return this.playbooks().byName.filter((p) => (!options.triggerKind || p.triggerKind === options.triggerKind) && (!options.enabledOnly || p.enabled));
  }

  getVersion(playbookId: string, version: number): PlaybookVersion | undefined {
    const key = `${playbookId}\n${version}`;
    let cache = this.versions.get(key);
    if (!cache) {
      cache = new CommittedReadCache(this.db);
      this.versions.set(key, cache);
    }
    return cache.read(() => {
      const row = this.sql.get('SELECT doc FROM playbook_versions WHERE playbook_id = ? AND version = ?').get(playbookId, version) as { doc: string } | undefined;
      return row ? (JSON.parse(row.doc) as PlaybookVersion) : undefined;
    });
  }

  listVersions(playbookId: string): PlaybookVersion[] {
    return (this.sql.get('SELECT doc FROM playbook_versions WHERE playbook_id = ? ORDER BY version').all(playbookId) as { doc: string }[]).map(
      (r) => JSON.parse(r.doc) as PlaybookVersion,
    );
  }

  /** The next recurrence fire time of a playbook, as stored (ISO), or undefined. */
  nextFireTime(playbookId: string): string | undefined {
    return (this.sql.get('SELECT next_fire_time FROM playbook_schedules WHERE playbook_id = ?').get(playbookId) as { next_fire_time: string } | undefined)?.next_fire_time;
  }

  setNextFireTime(playbookId: string, at: string | undefined): void {
    if (at === undefined) this.sql.get('DELETE FROM playbook_schedules WHERE playbook_id = ?').run(playbookId);
    else this.sql.get('INSERT INTO playbook_schedules (playbook_id, next_fire_time) VALUES (?, ?) ON CONFLICT (playbook_id) DO UPDATE SET next_fire_time = excluded.next_fire_time').run(playbookId, at);
  }

  /** Moves the schedule from `expected` to `next` only if it still holds `expected` (one tick, once). */
  advanceFireTime(playbookId: string, expected: string, next: string): boolean {
    return this.sql.get('UPDATE playbook_schedules SET next_fire_time = ? WHERE playbook_id = ? AND next_fire_time = ?').run(next, playbookId, expected).changes === 1;
  }
}
