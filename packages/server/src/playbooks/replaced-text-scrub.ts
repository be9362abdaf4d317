import type Database from 'better-sqlite3';

/**
 * Rebuilds a database file from its live rows, so a secret an older server wrote in clear and that
 * was just replaced by its sealed form leaves no copy behind. Its writes left copies in free space of
 * the file (deleted cells, pages split by later inserts) and in the WAL: VACUUM rebuilds the file from
 * live rows only; the checkpoint moves that into the file and empties the WAL. A one-time cost that
 * grows with the file; nothing to do for an in-memory database.
 */
export function scrubReplacedText(db: Database.Database): void {
  if (db.memory) return;
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
}
