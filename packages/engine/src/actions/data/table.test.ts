import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runTable, type TableColumn } from './table.ts';

/** Minimal RFC 4180 reader: records end with CRLF, quoted fields may hold anything. */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      while (!(text[i] === '"' && text[i + 1] !== '"')) {
        if (i >= text.length) throw new Error('unterminated quote');
        if (text[i] === '"') i++;
        field += text[i++];
      }
      i++;
    } else if (text[i] === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (text.startsWith('\r\n', i)) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      if (text[i] === '\r' || text[i] === '\n') throw new Error(`bare line break at ${i}`);
      field += text[i++];
    }
  }
  if (field !== '' || record.length > 0) throw new Error('last record not terminated by CRLF');
  return records;
}

const byKey = (column: TableColumn, item: unknown) => (item as Record<string, unknown>)[column.value as string];

describe('runTable CSV', () => {
  it('takes the columns from the first item and writes a header row', () => {
    const csv = runTable({ from: [{ id: 1, name: 'a' }, { id: 2, name: 'b', extra: 'x' }], format: 'CSV' });
    expect(csv).toBe('id,name\r\n1,a\r\n2,b\r\n');
  });
  it('quotes fields with commas, quotes and line breaks', () => {
    const csv = runTable({ from: [{ note: 'a,b', q: 'say "hi"', nl: 'l1\nl2' }], format: 'csv' });
    expect(csv).toBe('note,q,nl\r\n"a,b","say ""hi""","l1\nl2"\r\n');
  });
  it('uses explicit columns through the evaluator', () => {
    const columns = [{ header: 'Host', value: 'h' }, { header: 'Risk', value: 'r' }];
    expect(runTable({ from: [{ h: 'srv1', r: 3 }], format: 'CSV', columns }, byKey)).toBe('Host,Risk\r\nsrv1,3\r\n');
  });
  it('writes missing properties as empty cells and objects as JSON', () => {
    expect(runTable({ from: [{ a: 1, b: { c: 2 } }, { a: null }], format: 'CSV' })).toBe('a,b\r\n1,"{""c"":2}"\r\n,\r\n');
  });
  it('returns an empty string for an empty array without columns', () => {
    expect(runTable({ from: [], format: 'CSV' })).toBe('');
  });
  it('fails on an unknown format and on a non-object first item', () => {
    expect(() => runTable({ from: [], format: 'XLSX' })).toThrow(/inputs\.format: expected 'CSV' or 'HTML', got "XLSX"/);
    expect(() => runTable({ from: [1], format: 'CSV' })).toThrow(/inputs\.from\[0\]: expected an object/);
  });

  it('reads back to the same cells (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\r', '\n', ' ', 'é', "'") });
    const keys = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }).filter((k) => k !== '__proto__'), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(
        keys.chain((ks) => fc.tuple(fc.constant(ks), fc.array(fc.array(cell, { minLength: ks.length, maxLength: ks.length }), { maxLength: 5 }))),
        ([ks, rows]) => {
          const columns = ks.map((k, i) => ({ header: k, value: i }));
          const csv = runTable({ from: rows, format: 'CSV', columns }, (c, item) => (item as string[])[c.value as number]);
          expect(readCsv(csv)).toEqual([ks, ...rows]);
        },
      ),
    );
  });
});

describe('runTable HTML', () => {
  it('writes a table with a header and escaped cells', () => {
    const html = runTable({ from: [{ name: '<script>&"\'' }], format: 'HTML' });
    expect(html).toBe('<table><thead><tr><th>name</th></tr></thead><tbody><tr><td>&lt;script&gt;&amp;&quot;&#39;</td></tr></tbody></table>');
  });
  it('escapes headers of explicit columns', () => {
    const html = runTable({ from: [{ v: 1 }], format: 'HTML', columns: [{ header: 'a<b', value: 'v' }] }, byKey);
    expect(html).toContain('<th>a&lt;b</th>');
    expect(html).toContain('<td>1</td>');
  });
});
