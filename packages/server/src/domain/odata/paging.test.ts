import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { compileOrderBy } from './compile-sql.ts';
import { ODataError } from './errors.ts';
import { compileKeysetAfter, decodeSkipToken, encodeSkipToken, nextLinkBySkip, nextLinkBySkipToken } from './paging.ts';
import { parseOrderBy } from './query-options.ts';
import type { EntitySqlSchema } from './sql-schema.ts';

describe('next links', () => {
  const url = "https://riposte.local/graph/v1.0/security/alerts_v2?$filter=severity%20eq%20'high'&$top=2&$skip=4";

  it('advances $skip and keeps the other options', () => {
    const next = new URL(nextLinkBySkip(url, { skip: 4, returned: 2, hasMore: true })!);
    expect(next.searchParams.get('$skip')).toBe('6');
    expect(next.searchParams.get('$top')).toBe('2');
    expect(next.searchParams.get('$filter')).toBe("severity eq 'high'");
  });

  it('has no next link on the last page', () => {
    expect(nextLinkBySkip(url, { skip: 4, returned: 1, hasMore: false })).toBeUndefined();
    expect(nextLinkBySkipToken(url, undefined)).toBeUndefined();
  });

  it('replaces $skip by a $skiptoken that round-trips', () => {
    const next = new URL(nextLinkBySkipToken(url, ['2026-01-01T00:00:00.000Z', 'a1'])!);
    expect(next.searchParams.has('$skip')).toBe(false);
    expect(decodeSkipToken(next.searchParams.get('$skiptoken')!, 2)).toEqual(['2026-01-01T00:00:00.000Z', 'a1']);
  });

  it('rejects foreign or mismatched tokens as $skiptoken errors', () => {
    expect(() => decodeSkipToken('not-a-token', 2)).toThrow(ODataError);
    expect(() => decodeSkipToken(encodeSkipToken(['a']), 2)).toThrow(/\$skiptoken/);
    expect(() => decodeSkipToken(encodeSkipToken([{ a: 1 }, 'b']), 2)).toThrow(ODataError);
  });
});

describe('compileKeysetAfter', () => {
  it('walks a table page by page in $orderby order without gaps or repeats', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE a (id TEXT PRIMARY KEY, created TEXT NOT NULL, doc TEXT)');
    const insert = db.prepare('INSERT INTO a VALUES (?, ?, ?)');
    const rows = Array.from({ length: 23 }, (_, i) => ({ id: `id${String(i).padStart(2, '0')}`, created: `2026-01-0${(i % 5) + 1}` }));
    for (const row of rows) insert.run(row.id, row.created, '{}');
    const schema: EntitySqlSchema = { properties: { createdDateTime: { column: 'created', type: 'datetime' } } };
    const orderBy = parseOrderBy('createdDateTime desc');
    const order = `${compileOrderBy(orderBy, schema, 'sqlite')}, id ASC`;
    const seen: string[] = [];
    let last: unknown[] | undefined;
    for (let page = 0; page < 10; page++) {
      const after = last ? compileKeysetAfter(orderBy, { column: 'id' }, last, schema, 'sqlite') : { sql: '1', params: [] };
      const got = db.prepare(`SELECT id, created FROM a WHERE ${after.sql} ${order} LIMIT 5`).all(...after.params) as Array<{ id: string; created: string }>;
      if (got.length === 0) break;
      seen.push(...got.map((r) => r.id));
      last = [got[got.length - 1].created, got[got.length - 1].id];
    }
    const expected = [...rows].sort((x, y) => (x.created === y.created ? x.id.localeCompare(y.id) : y.created.localeCompare(x.created))).map((r) => r.id);
    expect(seen).toEqual(expected);
    db.close();
  });
});
