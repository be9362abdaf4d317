/** Test helpers over a data folder's SQLite files, for tests that prove what is (not) stored. */
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The database files of a folder: main files, write-ahead logs, shared memory. */
export function databaseFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => /\.db(-wal|-shm)?$/.test(f));
}

/** Every byte of every database file of the folder, as latin1 text (for substring checks). */
export function storedBytes(dir: string): string {
  return databaseFiles(dir)
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('\n');
}

/** riposte.db of the folder opened in WAL mode, as the server opens it. */
export function fileDatabase(dir: string): Database.Database {
  const db = new Database(join(dir, 'riposte.db'));
  db.pragma('journal_mode = WAL');
  return db;
}
