import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CommittedReadCache } from './committed-read-cache.ts';

function setup() {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (v TEXT)');
  const cache = new CommittedReadCache<{ values: string[] }>(db);
  const read = () => cache.read(() => ({ values: (db.prepare('SELECT v FROM t ORDER BY v').all() as { v: string }[]).map((r) => r.v) }));
  const insert = (v: string) => {
    db.prepare('INSERT INTO t (v) VALUES (?)').run(v);
    cache.invalidate();
  };
  return { db, read, insert };
}

describe('CommittedReadCache', () => {
  it('answers from the kept value until a write invalidates it', () => {
    const { db, read, insert } = setup();
    insert('a');
    expect(read().values).toEqual(['a']);
    db.prepare("INSERT INTO t (v) VALUES ('behind its back')").run();
    expect(read().values).toEqual(['a']);
    insert('b');
    expect(read().values).toEqual(['a', 'b', 'behind its back']);
  });

  it('does not keep what it read inside a transaction that is then rolled back', () => {
    const { db, read, insert } = setup();
    insert('a');
    db.exec('BEGIN');
    insert('uncommitted');
    expect(read().values).toEqual(['a', 'uncommitted']);
    db.exec('ROLLBACK');
    expect(read().values).toEqual(['a']);
  });

  it('hands out frozen values, so a caller cannot change what the next one reads', () => {
    const { read, insert } = setup();
    insert('a');
    expect(() => read().values.push('x')).toThrow(TypeError);
    expect(read().values).toEqual(['a']);
  });
});
