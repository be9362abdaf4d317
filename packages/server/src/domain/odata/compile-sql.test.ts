import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFilter, compileOrderBy } from './compile-sql.ts';
import { ODataError } from './errors.ts';
import { matchesFilter } from './evaluate.ts';
import { parseFilter } from './filter-parser.ts';
import { parseOrderBy } from './query-options.ts';
import { alertSchema, filterArbitrary, rowsArbitrary, type AlertRow } from './sql-fixture.test-support.ts';

let db: Database.Database;

function load(rows: AlertRow[]): void {
  db.exec('DELETE FROM alerts');
  const insert = db.prepare('INSERT INTO alerts (id, severity, status, risk, created, doc) VALUES (?, ?, ?, ?, ?, ?)');
  for (const row of rows) insert.run(row.id, row.severity, row.status, row.riskScore, row.createdDateTime, JSON.stringify(row));
}

function query(filter: string): number[] {
  const { sql, params } = compileFilter(parseFilter(filter), alertSchema, 'sqlite');
  return (db.prepare(`SELECT id FROM alerts WHERE ${sql} ORDER BY id`).all(...params) as Array<{ id: number }>).map((r) => r.id);
}

const sample: AlertRow[] = [
  { id: 1, severity: 'high', status: 'new', riskScore: 80, createdDateTime: '2026-01-02T00:00:00.000Z', title: 'Phish from evil.com', tags: ['vip'], evidence: [{ name: 'bob' }], isActive: true },
  { id: 2, severity: 'medium', status: 'resolved', riskScore: 20, createdDateTime: '2026-01-01T00:00:00.000Z', title: 'Malware', tags: [], evidence: [{ name: 'alice' }, { name: 'bob' }], isActive: false },
  { id: 3, severity: null, status: 'new', riskScore: null, createdDateTime: null, owner: { name: 'carol' } },
];

beforeAll(() => {
  db = new Database(':memory:');
  db.exec('CREATE TABLE alerts (id INTEGER PRIMARY KEY, severity TEXT, status TEXT, risk REAL, created TEXT, doc TEXT NOT NULL)');
});
afterAll(() => db.close());

describe('compileFilter (sqlite)', () => {
  beforeAll(() => load(sample));

  it.each([
    ["severity eq 'high'", [1]],
    ["severity ne 'high'", [2, 3]],
    ['riskScore gt 20', [1]],
    ['riskScore ge 20', [1, 2]],
    ['riskScore lt 80', [2]],
    ['riskScore le 80', [1, 2]],
    ["severity eq 'high' and status eq 'new'", [1]],
    ["severity eq 'medium' or status eq 'new'", [1, 2, 3]],
    ["not (severity eq 'high')", [2, 3]],
    ["severity in ('high', 'medium')", [1, 2]],
    ['severity in (null)', [3]],
    ["startswith(title, 'Phish')", [1]],
    ["endswith(title, 'evil.com')", [1]],
    ["contains(title, 'alwa')", [2]],
    ["evidence/any(e: e/name eq 'bob')", [1, 2]],
    ["evidence/all(e: e/name eq 'bob')", [1, 3]],
    ["tags/any(t: t eq 'vip')", [1]],
    ['tags/any()', [1]],
    ['createdDateTime ge 2026-01-01T12:00:00Z', [1]],
    ['isActive eq true', [1]],
    ['isActive', [1]],
    ["owner/name eq 'carol'", [3]],
    ['severity eq null', [3]],
  ])('%s → %j', (filter, ids) => {
    expect(query(filter)).toEqual(ids);
  });

  it('never puts literal values into the SQL text', () => {
    const evil = "x' OR 1=1; DROP TABLE alerts; --";
    const filter = `severity eq '${evil.replace(/'/g, "''")}' or startswith(title, '${evil.replace(/'/g, "''")}') or evidence/any(e: e/name eq '${evil.replace(/'/g, "''")}')`;
    const { sql, params } = compileFilter(parseFilter(filter), alertSchema, 'sqlite');
    expect(sql).not.toContain('DROP');
    expect(params).toContain(evil);
    expect(query(filter)).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM alerts').get()).toEqual({ n: 3 });
  });

  it('binds lambda sub-paths from the query as parameters too', () => {
    const { sql, params } = compileFilter(parseFilter("evidence/any(e: e/name eq 'bob')"), alertSchema, 'sqlite');
    expect(sql).not.toContain('name');
    expect(params).toEqual(['$."name"', 'bob']);
  });

  it('compiles nested lambdas over collections inside elements', () => {
    const nested = new Database(':memory:');
    nested.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, doc TEXT)');
    const rows = [
      { id: 1, evidence: [{ roles: ['attacker'] }, { roles: null }] },
      { id: 2, evidence: [{ roles: ['victim', 'contextual'] }] },
      { id: 3, evidence: [{ roles: 'attacker' }] },
    ];
    for (const row of rows) nested.prepare('INSERT INTO t VALUES (?, ?)').run(row.id, JSON.stringify(row));
    const schema = { properties: { evidence: { collection: 'evidence' } } };
    for (const filter of ["evidence/any(e: e/roles/any(r: r eq 'attacker'))", "evidence/all(e: e/roles/all(r: r ne 'attacker'))"]) {
      const ast = parseFilter(filter);
      const { sql, params } = compileFilter(ast, schema, 'sqlite');
      const ids = (nested.prepare(`SELECT id FROM t WHERE ${sql} ORDER BY id`).all(...params) as Array<{ id: number }>).map((r) => r.id);
      expect(ids).toEqual(rows.filter((row) => matchesFilter(ast, row)).map((row) => row.id));
    }
    expect(rows.filter((row) => matchesFilter(parseFilter("evidence/any(e: e/roles/any(r: r eq 'attacker'))"), row)).map((r) => r.id)).toEqual([1]);
    nested.close();
  });

  it('reaches declared element properties with the schema spelling, whatever the query case', () => {
    const schema = { properties: { evidence: { collection: 'evidence', items: { 'userAccount/accountName': 'string' as const } } } };
    const { params } = compileFilter(parseFilter("evidence/any(e: e/UserAccount/ACCOUNTNAME eq 'bob')"), schema, 'sqlite');
    expect(params).toEqual(['$."userAccount"."accountName"', 'bob']);
    expect(() => compileFilter(parseFilter("evidence/any(e: e/userAccount/upn eq 'bob')"), schema, 'sqlite')).toThrow(/'userAccount\/upn'/);
  });

  it('names an unknown property', () => {
    const error = (() => {
      try {
        compileFilter(parseFilter("severity eq 'a' and colour eq 'red'"), alertSchema, 'sqlite');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ODataError);
    expect((error as ODataError).message).toContain("'colour'");
    expect((error as ODataError).position).toBe(20);
  });

  it('rejects literals of the wrong type for a typed property', () => {
    expect(() => compileFilter(parseFilter('severity eq 5'), alertSchema, 'sqlite')).toThrow(/number value cannot be compared with a string/);
    expect(() => compileFilter(parseFilter("riskScore in (1, 'x')"), alertSchema, 'sqlite')).toThrow(ODataError);
    expect(() => compileFilter(parseFilter("isActive eq 'yes'"), alertSchema, 'sqlite')).toThrow(ODataError);
    expect(compileFilter(parseFilter("severity eq microsoft.graph.security.alertSeverity'high'"), alertSchema, 'sqlite').params).toEqual(['high']);
  });

  it('rejects a string function on a number, boolean or date argument instead of matching nothing', () => {
    expect(() => compileFilter(parseFilter('contains(title, 5)'), alertSchema, 'sqlite')).toThrow(/contains takes string arguments, not a number value/);
    expect(() => compileFilter(parseFilter('startswith(title, true)'), alertSchema, 'postgres')).toThrow(ODataError);
    expect(() => compileFilter(parseFilter("endswith(riskScore, '5')"), alertSchema, 'sqlite')).toThrow(/number property 'riskScore'/);
    expect(compileFilter(parseFilter("contains(title, 'x') and startswith(owner/name, null)"), alertSchema, 'sqlite').params).toEqual(['x']);
  });

  it('rejects comparing a collection and using any() on a scalar', () => {
    expect(() => compileFilter(parseFilter("tags eq 'x'"), alertSchema, 'sqlite')).toThrow(/collection/);
    expect(() => compileFilter(parseFilter("severity/any(s: s eq 'x')"), alertSchema, 'sqlite')).toThrow(/not a collection/);
    expect(() => compileFilter(parseFilter("tags/any(t: t/name eq 'x')"), alertSchema, 'sqlite')).toThrow(/'name'/);
  });

  it('agrees with matchesFilter on generated filters and rows', () => {
    fc.assert(
      fc.property(rowsArbitrary, fc.array(filterArbitrary, { minLength: 1, maxLength: 5 }), (rows, filters) => {
        load(rows);
        for (const filter of filters) {
          const { sql, params } = compileFilter(filter, alertSchema, 'sqlite');
          const fromSql = (db.prepare(`SELECT id FROM alerts WHERE ${sql} ORDER BY id`).all(...params) as Array<{ id: number }>).map((r) => r.id);
          const fromMemory = rows.filter((row) => matchesFilter(filter, row)).map((row) => row.id);
          expect(fromSql).toEqual(fromMemory);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('compileFilter (postgres text)', () => {
  it('numbers placeholders from startIndex and uses JSON operators', () => {
    const { sql, params } = compileFilter(
      parseFilter("severity eq 'high' and owner/name ne 'bob' and details/count gt 2 and evidence/any(e: e/name eq 'x')"),
      alertSchema,
      'postgres',
      { startIndex: 2 },
    );
    expect(sql).toContain('severity = $3');
    expect(sql).toContain(`(doc#>>'{owner,name}') IS DISTINCT FROM $4`);
    expect(sql).toContain(`((doc#>>'{details,count}'))::double precision > $5`);
    expect(sql).toContain('EXISTS (SELECT 1 FROM jsonb_array_elements(');
    expect(params).toEqual(['high', 'bob', 2, '{"name"}', 'x']);
  });
});

describe('compileOrderBy', () => {
  it('orders by columns and JSON paths in the requested directions', () => {
    expect(compileOrderBy(parseOrderBy('createdDateTime desc, owner/name'), alertSchema, 'sqlite')).toBe(
      "ORDER BY created DESC, json_extract(doc, '$.owner.name') ASC",
    );
    expect(compileOrderBy(parseOrderBy('riskScore desc'), alertSchema, 'postgres')).toBe('ORDER BY risk DESC NULLS LAST');
    expect(compileOrderBy([], alertSchema, 'sqlite')).toBe('');
  });

  it('rejects unknown properties and collections, naming $orderby', () => {
    expect(() => compileOrderBy(parseOrderBy('colour'), alertSchema, 'sqlite')).toThrow(/colour/);
    expect(() => compileOrderBy(parseOrderBy('tags'), alertSchema, 'sqlite')).toThrow(/\$orderby/);
  });
});
