/**
 * The rows a measured phase wrote to a SQLite database, and a raw replay of exactly those rows into a
 * fresh database: the ceiling for "store what the server stored", whatever tables that touched.
 * `snapshotRows` before the phase, `rowsWrittenSince` after it: every row (in its final state) that
 * is new or differs from the snapshot. `replayRows` creates the same schema with the same pragmas
 * and inserts those rows through one prepared INSERT per table, in a given number of transactions.
 */
import Database from 'better-sqlite3';

export interface TableRows {
  table: string;
  columns: string[];
  rows: unknown[][];
}

/** What a phase wrote: the rows of every table that changed, in insertion (rowid or key) order. */
export interface WrittenRows {
  tables: TableRows[];
  /** The schema (CREATE statements, in creation order) and pragmas of the source database. */
  schema: string[];
  pragmas: Record<string, unknown>;
}

export type RowSnapshot = Map<string, Set<string>>;

// Written by SQLite itself (AUTOINCREMENT counters, ANALYZE statistics): a replay re-creates them.
const internal = (name: string) => name.startsWith('sqlite_');

function userTables(db: Database.Database): { name: string; withoutRowid: boolean }[] {
  return (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY rowid").all() as { name: string; sql: string }[])
    .filter((t) => !internal(t.name))
    .map((t) => ({ name: t.name, withoutRowid: /WITHOUT\s+ROWID\s*$/i.test(t.sql.trim()) }));
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function readTable(db: Database.Database, table: { name: string; withoutRowid: boolean }): { columns: string[]; rows: unknown[][] } {
  const st = db.prepare(`SELECT * FROM ${quote(table.name)}${table.withoutRowid ? '' : ' ORDER BY rowid'}`).raw(true);
  return { columns: st.columns().map((c) => c.name), rows: st.all() as unknown[][] };
}

/** Every row of every table, as text, to tell later which rows a phase wrote. */
export function snapshotRows(db: Database.Database): RowSnapshot {
  const snapshot: RowSnapshot = new Map();
  for (const table of userTables(db)) snapshot.set(table.name, new Set(readTable(db, table).rows.map((r) => JSON.stringify(r))));
  return snapshot;
}

/** The rows that are new or changed since `before` (a row updated many times counts once, as it is now). */
export function rowsWrittenSince(db: Database.Database, before: RowSnapshot): WrittenRows {
  const tables: TableRows[] = [];
  for (const table of userTables(db)) {
    const seen = before.get(table.name) ?? new Set<string>();
    const { columns, rows } = readTable(db, table);
    const written = rows.filter((r) => !seen.has(JSON.stringify(r)));
    if (written.length > 0) tables.push({ table: table.name, columns, rows: written });
  }
  const schema = (
    db.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid").all() as { sql: string }[]
  ).map((r) => r.sql);
  const pragmas: Record<string, unknown> = {};
  for (const p of ['page_size', 'journal_mode', 'synchronous', 'foreign_keys', 'wal_autocheckpoint', 'cache_size', 'busy_timeout']) {
    pragmas[p] = db.pragma(p, { simple: true });
  }
  return { tables, schema, pragmas };
}

/** Total rows in a WrittenRows. */
export const rowCount = (w: WrittenRows) => w.tables.reduce((n, t) => n + t.rows.length, 0);

/**
 * Inserts exactly `written`'s rows into a new database at `path` (same schema and pragmas), in
 * `transactions` commits of about equal size. Transaction k takes the k-th slice of every table, in
 * the source's creation order; a row whose parent (foreign key) sits in a later slice brings the
 * parent forward, so every row is inserted once and every commit passes the foreign key checks.
 * Returns the time taken inside the inserts and commits only (schema creation excluded).
 */
export function replayRows(written: WrittenRows, path: string, transactions: number): { seconds: number; cpuMicros: number } {
  const db = new Database(path);
  try {
    const p = written.pragmas;
    db.pragma(`page_size = ${Number(p.page_size)}`);
    db.pragma(`journal_mode = ${String(p.journal_mode)}`);
    db.pragma(`synchronous = ${Number(p.synchronous)}`);
    db.pragma(`foreign_keys = ${Number(p.foreign_keys)}`);
    db.pragma(`wal_autocheckpoint = ${Number(p.wal_autocheckpoint)}`);
    db.pragma(`cache_size = ${Number(p.cache_size)}`);
    db.pragma(`busy_timeout = ${Number(p.busy_timeout)}`);
    db.transaction(() => written.schema.forEach((sql) => db.exec(sql)))();

    const byName = new Map(written.tables.map((t) => [t.table, t]));
    const inserts = new Map(
      written.tables.map((t) => [
        t.table,
        db.prepare(`INSERT INTO ${quote(t.table)} (${t.columns.map(quote).join(', ')}) VALUES (${t.columns.map(() => '?').join(', ')})`),
      ]),
    );
    // Parent rows by foreign key target ("table.column" → value → row), for the tables being replayed.
    const parents = new Map<string, Map<unknown, unknown[]>>();
    const foreignKeys = new Map<string, { from: number; parent: string; key: string }[]>();
    for (const t of written.tables) {
      const list: { from: number; parent: string; key: string }[] = [];
      for (const fk of db.pragma(`foreign_key_list(${quote(t.table)})`) as { table: string; from: string; to: string | null }[]) {
        const parent = byName.get(fk.table);
        if (!parent || fk.to === null) continue;
        const key = `${fk.table}.${fk.to}`;
        if (!parents.has(key)) {
          const at = parent.columns.indexOf(fk.to);
          parents.set(key, new Map(parent.rows.map((r) => [r[at], r])));
        }
        list.push({ from: t.columns.indexOf(fk.from), parent: fk.table, key });
      }
      foreignKeys.set(t.table, list);
    }
    // The plan, made before the clock starts: which statement runs with which row, per transaction.
    const plan: [Database.Statement, unknown[]][][] = [];
    const done = new Set<unknown[]>();
    const place = (into: [Database.Statement, unknown[]][], table: string, row: unknown[]) => {
      if (done.has(row)) return;
      done.add(row);
      for (const fk of foreignKeys.get(table)!) {
        const parent = parents.get(fk.key)!.get(row[fk.from]);
        if (parent) place(into, fk.parent, parent);
      }
      into.push([inserts.get(table)!, row]);
    };
    for (let k = 0; k < transactions; k++) {
      const steps: [Database.Statement, unknown[]][] = [];
      for (const t of written.tables) {
        const from = Math.floor((t.rows.length * k) / transactions);
        const to = Math.floor((t.rows.length * (k + 1)) / transactions);
        for (let i = from; i < to; i++) place(steps, t.table, t.rows[i]!);
      }
      plan.push(steps);
    }
    const commit = db.transaction((steps: [Database.Statement, unknown[]][]) => {
      for (const [st, row] of steps) st.run(row);
    });
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    for (const steps of plan) commit(steps);
    const used = process.cpuUsage(cpu);
    return { seconds: (performance.now() - t0) / 1000, cpuMicros: used.user + used.system };
  } finally {
    db.close();
  }
}
