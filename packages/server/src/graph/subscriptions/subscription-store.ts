import Database from 'better-sqlite3';
import type { OutboxEntry, Subscription } from './subscription.ts';
import { StatementCache } from '../../store/statement-cache.ts';

const migrations: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE graph_subscriptions (
        id TEXT PRIMARY KEY,
        expiration_date_time TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX graph_subscriptions_expiration ON graph_subscriptions (expiration_date_time);
      CREATE TABLE graph_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        stream TEXT NOT NULL,
        subscription_id TEXT NOT NULL,
        target_url TEXT NOT NULL,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        enqueued_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL
      );
      CREATE INDEX graph_outbox_stream ON graph_outbox (stream, seq);
    `,
  },
  {
    version: 2,
    sql: `CREATE TABLE graph_state (name TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  },
];

interface OutboxRow {
  seq: number;
  stream: string;
  subscription_id: string;
  target_url: string;
  kind: 'change' | 'lifecycle';
  payload: string;
  enqueued_at: string;
  attempts: number;
  next_attempt_at: string;
}

const entryOf = (r: OutboxRow): OutboxEntry => ({
  seq: r.seq,
  stream: r.stream,
  subscriptionId: r.subscription_id,
  targetUrl: r.target_url,
  kind: r.kind,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
  enqueuedAt: r.enqueued_at,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
});

/**
 * Subscriptions and the durable notification outbox, in their own SQLite database: the outbox is
 * written from event handlers, outside the security store's transactions, and must never land
 * inside one of them (or wait on its write lock on the one event-loop thread).
 */
export class SubscriptionStore {
  // The outbox is written on every change and the handled mark every second: statements are prepared once.
  private readonly sql: StatementCache;

  private constructor(readonly db: Database.Database) {
    this.sql = new StatementCache(db);
  }

  /** Opens (creating and migrating) the database at `path` (a file, or ":memory:"). */
  static open(path: string): SubscriptionStore {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE IF NOT EXISTS graph_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const applied = new Set((db.prepare('SELECT version FROM graph_migrations').all() as { version: number }[]).map((r) => r.version));
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare('INSERT INTO graph_migrations (version, applied_at) VALUES (?, ?)').run(m.version, new Date().toISOString());
      })();
    }
    return new SubscriptionStore(db);
  }

  close(): void {
    this.db.close();
  }

  /**
   * Records that a process feeds this outbox from now on; true when the previous one stopped without
   * `endRun` (it crashed or was killed), so changes it committed just before may never have been
   * queued. Written with a full sync: the mark must survive what it is there to detect.
   */
  beginRun(): boolean {
    const previous = (this.sql.get("SELECT value FROM graph_state WHERE name = 'run'").get() as { value: string } | undefined)?.value;
    this.db.pragma('synchronous = FULL');
    try {
      this.sql.get("INSERT INTO graph_state (name, value) VALUES ('run', 'running') ON CONFLICT (name) DO UPDATE SET value = excluded.value").run();
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
    return previous === 'running';
  }

  /** Records a clean stop (see beginRun). */
  endRun(): void {
    this.sql.get("UPDATE graph_state SET value = 'stopped' WHERE name = 'run'").run();
  }

  /**
   * The last time recorded by `markHandled`: every change announced before it had reached the outbox
   * (see change-replay.ts). Undefined until one is recorded (a database written by an older version).
   */
  handledMark(): string | undefined {
    return (this.sql.get("SELECT value FROM graph_state WHERE name = 'handled'").get() as { value: string } | undefined)?.value;
  }

  markHandled(at: string): void {
    this.sql.get("INSERT INTO graph_state (name, value) VALUES ('handled', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value").run(at);
  }

  insert(s: Subscription): void {
    this.sql.get('INSERT INTO graph_subscriptions (id, expiration_date_time, doc) VALUES (?, ?, ?)').run(s.id, s.expirationDateTime, JSON.stringify(s));
  }

  update(s: Subscription): void {
    this.sql.get('UPDATE graph_subscriptions SET expiration_date_time = ?, doc = ? WHERE id = ?').run(s.expirationDateTime, JSON.stringify(s), s.id);
  }

  get(id: string): Subscription | undefined {
    const row = this.sql.get('SELECT doc FROM graph_subscriptions WHERE id = ?').get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Subscription) : undefined;
  }

  list(): Subscription[] {
    return (this.sql.get('SELECT doc FROM graph_subscriptions ORDER BY rowid').all() as { doc: string }[]).map((r) => JSON.parse(r.doc) as Subscription);
  }

  /** Removes a subscription and the change notifications still queued for it (lifecycle ones stay). */
  delete(id: string): boolean {
    return this.db.transaction(() => {
      this.sql.get("DELETE FROM graph_outbox WHERE subscription_id = ? AND kind = 'change'").run(id);
      return this.sql.get('DELETE FROM graph_subscriptions WHERE id = ?').run(id).changes === 1;
    })();
  }

  /** Subscriptions whose expiration is at or before `now`. */
  expired(now: string): Subscription[] {
    return (this.sql.get('SELECT doc FROM graph_subscriptions WHERE expiration_date_time <= ?').all(now) as { doc: string }[]).map(
      (r) => JSON.parse(r.doc) as Subscription,
    );
  }

  enqueue(entries: readonly Omit<OutboxEntry, 'seq' | 'attempts'>[]): void {
    if (entries.length === 0) return;
    const insert = this.sql.get(
      'INSERT INTO graph_outbox (stream, subscription_id, target_url, kind, payload, enqueued_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)',
    );
    this.db.transaction(() => {
      for (const e of entries) insert.run(e.stream, e.subscriptionId, e.targetUrl, e.kind, JSON.stringify(e.payload), e.enqueuedAt, e.nextAttemptAt);
    })();
  }

  /** The head entry of every stream (the oldest pending entry of each). */
  streamHeads(): OutboxEntry[] {
    const rows = this.db
      .prepare('SELECT o.* FROM graph_outbox o JOIN (SELECT stream, MIN(seq) AS seq FROM graph_outbox GROUP BY stream) h ON h.seq = o.seq ORDER BY o.seq')
      .all() as OutboxRow[];
    return rows.map(entryOf);
  }

  /** Up to `limit` entries of a stream, oldest first. */
  batch(stream: string, limit: number): OutboxEntry[] {
    return (this.sql.get('SELECT * FROM graph_outbox WHERE stream = ? ORDER BY seq LIMIT ?').all(stream, limit) as OutboxRow[]).map(entryOf);
  }

  remove(seqs: readonly number[]): void {
    const del = this.sql.get('DELETE FROM graph_outbox WHERE seq = ?');
    this.db.transaction(() => {
      for (const seq of seqs) del.run(seq);
    })();
  }

  /** Records a failed attempt on a batch: the next try is not before `nextAttemptAt`. */
  deferred(seqs: readonly number[], nextAttemptAt: string): void {
    const update = this.sql.get('UPDATE graph_outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE seq = ?');
    this.db.transaction(() => {
      for (const seq of seqs) update.run(nextAttemptAt, seq);
    })();
  }

  pendingCount(): number {
    return (this.sql.get('SELECT COUNT(*) AS n FROM graph_outbox').get() as { n: number }).n;
  }
}
