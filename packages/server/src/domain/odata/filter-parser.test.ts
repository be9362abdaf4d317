import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ODataError } from './errors.ts';
import { parseFilter } from './filter-parser.ts';

const errorOf = (text: string): ODataError => {
  try {
    parseFilter(text);
  } catch (error) {
    if (error instanceof ODataError) return error;
    throw error;
  }
  throw new Error(`expected '${text}' to be rejected`);
};

describe('parseFilter', () => {
  it.each(['eq', 'ne', 'gt', 'ge', 'lt', 'le'])('parses the %s comparison', (op) => {
    expect(parseFilter(`severity ${op} 'high'`)).toEqual({
      kind: 'compare',
      op,
      left: { kind: 'property', path: ['severity'], position: 0 },
      right: { kind: 'literal', type: 'string', value: 'high' },
    });
  });

  it('gives and precedence over or, and lets parentheses override it', () => {
    const flat = parseFilter("a eq 1 or b eq 2 and c eq 3");
    expect(flat.kind).toBe('or');
    const grouped = parseFilter("(a eq 1 or b eq 2) and c eq 3");
    expect(grouped.kind).toBe('and');
  });

  it('applies not to the comparison that follows it', () => {
    const node = parseFilter("not status eq 'resolved' and severity eq 'high'");
    expect(node).toMatchObject({ kind: 'and', left: { kind: 'not', operand: { kind: 'compare', op: 'eq' } } });
  });

  it('parses in with a literal list', () => {
    expect(parseFilter("severity in ('high','medium')")).toMatchObject({
      kind: 'in',
      values: [{ value: 'high' }, { value: 'medium' }],
    });
  });

  it.each(['startswith', 'endswith', 'contains', 'startsWith', 'endsWith', 'Contains'])('parses the %s function', (name) => {
    expect(parseFilter(`${name}(title, 'Susp')`)).toMatchObject({ kind: 'function', name: name.toLowerCase() });
  });

  it('parses any over an entity collection with a nested path', () => {
    expect(parseFilter("evidence/any(e: e/userAccount/accountName eq 'bob')")).toMatchObject({
      kind: 'lambda',
      op: 'any',
      collection: { path: ['evidence'] },
      variable: 'e',
      predicate: { kind: 'compare', left: { kind: 'property', scope: 'e', path: ['userAccount', 'accountName'] } },
    });
  });

  it('parses any over a string collection and all, and any() without a predicate', () => {
    expect(parseFilter("tags/any(t: t eq 'x')")).toMatchObject({ predicate: { left: { scope: 't', path: [] } } });
    expect(parseFilter("tags/all(t: t ne 'x')")).toMatchObject({ op: 'all' });
    expect(parseFilter('tags/any()')).toEqual({ kind: 'lambda', op: 'any', collection: { kind: 'property', path: ['tags'], position: 0 } });
  });

  it("decodes '' inside strings", () => {
    expect(parseFilter("title eq 'O''Brien'")).toMatchObject({ right: { value: "O'Brien" } });
  });

  it('reads numbers, booleans, null, datetimes, guids and enum members', () => {
    const right = (text: string): unknown => (parseFilter(`x eq ${text}`) as { right: unknown }).right;
    expect(right('-12.5e1')).toEqual({ kind: 'literal', type: 'number', value: -125 });
    expect(right('true')).toEqual({ kind: 'literal', type: 'boolean', value: true });
    expect(right('null')).toEqual({ kind: 'literal', type: 'null', value: null });
    expect(right('2026-01-01T00:00:00Z')).toEqual({ kind: 'literal', type: 'datetime', value: '2026-01-01T00:00:00.000Z' });
    expect(right('2026-01-01T02:00:00.1234567+02:00')).toEqual({ kind: 'literal', type: 'datetime', value: '2026-01-01T00:00:00.123Z' });
    expect(right('2026-03-01')).toEqual({ kind: 'literal', type: 'datetime', value: '2026-03-01T00:00:00.000Z' });
    expect(right('9D4F3B7A-0000-4000-8000-00000000AB12')).toEqual({ kind: 'literal', type: 'guid', value: '9d4f3b7a-0000-4000-8000-00000000ab12' });
    expect(right("microsoft.graph.security.alertSeverity'high'")).toEqual({
      kind: 'literal',
      type: 'enum',
      value: 'high',
      enumType: 'microsoft.graph.security.alertSeverity',
    });
  });

  it('treats a bare property as a boolean test', () => {
    expect(parseFilter('isActive and x eq 1')).toMatchObject({ left: { kind: 'compare', op: 'eq', right: { value: true } } });
  });

  it.each([
    ["severity eq 'high", 12, 'unterminated string'],
    ['severity eq', 11, 'expected a property or a literal'],
    ["severity equals 'high'", 9, 'comparison operator'],
    ["(severity eq 'high'", 19, "expected ')'"],
    ["foo(title, 'x')", 0, "unknown function 'foo'"],
    ["severity in ()", 13, 'expected a property or a literal'],
    ["severity eq 'a' #", 16, "unexpected character '#'"],
    ["x eq 2026-13-45T00:00:00Z", 5, 'not a valid DateTimeOffset'],
    ["tags/all()", 5, "'all' needs a lambda"],
    ["x eq 2026-02-30T00:00:00Z", 5, 'not a valid DateTimeOffset'],
    ["x eq 2026-02-30", 5, 'not a valid date'],
  ])('rejects %s with the position', (text, position, message) => {
    const error = errorOf(text);
    expect(error.code).toBe('BadRequest');
    expect(error.option).toBe('$filter');
    expect(error.position).toBe(position);
    expect(error.message).toContain('Invalid filter clause');
    expect(error.message).toContain(message);
  });

  it('rejects nesting deeper than the limit instead of overflowing the stack', () => {
    expect(errorOf('('.repeat(5000) + 'a eq 1' + ')'.repeat(5000)).message).toContain('nested');
    expect(errorOf('not '.repeat(1000) + 'a eq 1').message).toContain('nested');
  });

  it('never throws anything but ODataError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          parseFilter(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ODataError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws anything but ODataError on near-valid token soup', () => {
    const token = fc.constantFrom(
      'a', 'b/c', 'eq', 'ne', 'and', 'or', 'not', 'in', '(', ')', ',', "'x'", "''", '1', '-2.5', 'null', 'true',
      'any', 'all', 'e', ':', '/', 'startswith', 'contains(', 'tags/any(t:', 't', '2026-01-01T00:00:00Z',
      "ns.e'v'", '00000000-0000-0000-0000-000000000000',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 30 }), (tokens) => {
        try {
          parseFilter(tokens.join(' '));
        } catch (error) {
          expect(error).toBeInstanceOf(ODataError);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
