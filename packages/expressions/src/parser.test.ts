import { describe, expect, it } from 'vitest';
import type { ExpressionNode } from './ast.ts';
import { ExpressionError } from './errors.ts';
import { parse } from './parser.ts';

function expr(text: string): ExpressionNode {
  const template = parse(text);
  if (template.kind !== 'expression') throw new Error(`not an expression: ${template.kind}`);
  return template.expression;
}

function syntaxErrorOf(text: string): ExpressionError {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return error as ExpressionError;
  }
  throw new Error(`${text} parsed`);
}

describe('template kinds', () => {
  it('treats a string without @ as a literal', () => {
    expect(parse('hello world')).toEqual({ kind: 'literal', value: 'hello world' });
    expect(parse('mail me at a@b.com')).toEqual({ kind: 'literal', value: 'mail me at a@b.com' });
    expect(parse('')).toEqual({ kind: 'literal', value: '' });
  });

  it('unescapes a leading @@ to one @ and evaluates nothing after it', () => {
    expect(parse("@@concat('a')")).toEqual({ kind: 'literal', value: "@concat('a')" });
    expect(parse('@@{x}')).toEqual({ kind: 'literal', value: '@{x}' });
  });

  it('parses a leading @ as one whole expression', () => {
    expect(parse("@parameters('a')").kind).toBe('expression');
    expect(parse("  @parameters('a')").kind).toBe('literal');
  });

  it('parses @{…} holes with the text around them', () => {
    const template = parse("Incident @{triggerBody()?['number']} is open");
    expect(template.kind).toBe('interpolation');
    if (template.kind !== 'interpolation') return;
    expect(template.parts[0]).toBe('Incident ');
    expect(template.parts[1]).toMatchObject({ kind: 'access', start: 11 });
    expect(template.parts[2]).toBe(' is open');
  });

  it('keeps "@@{" inside text as a literal "@{"', () => {
    expect(parse("Answer: @@{parameters('x')}")).toEqual({ kind: 'literal', value: "Answer: @{parameters('x')}" });
    const mixed = parse("@@{a} @{'b'}");
    expect(mixed.kind).toBe('literal'); // a leading @@ makes the whole string literal
    const inner = parse("x @@{a} @{'b'}");
    expect(inner).toMatchObject({ kind: 'interpolation', parts: ['x @{a} ', { kind: 'literal', value: 'b' }] });
  });

  it('allows a closing brace inside a string literal of a hole', () => {
    expect(parse("@{'}'}!")).toMatchObject({ kind: 'interpolation', parts: [{ value: '}' }, '!'] });
  });
});

describe('literals', () => {
  it('reads strings with doubled quotes', () => {
    expect(expr("@'it''s'")).toMatchObject({ kind: 'literal', value: "it's" });
    expect(expr("@''")).toMatchObject({ kind: 'literal', value: '' });
    expect(expr("@''''")).toMatchObject({ kind: 'literal', value: "'" });
  });

  it('reads integers, decimals, negatives and exponents', () => {
    expect(expr('@42')).toMatchObject({ value: 42 });
    expect(expr('@-7')).toMatchObject({ value: -7 });
    expect(expr('@3.25')).toMatchObject({ value: 3.25 });
    expect(expr('@-1.5e3')).toMatchObject({ value: -1500 });
    expect(expr('@2E-2')).toMatchObject({ value: 0.02 });
  });

  it('reads true, false and null in any case', () => {
    expect(expr('@true')).toMatchObject({ value: true });
    expect(expr('@False')).toMatchObject({ value: false });
    expect(expr('@null')).toMatchObject({ value: null });
  });
});

describe('calls and member access', () => {
  it('parses nested calls with positions', () => {
    const node = expr("@concat('a', toUpper( 'b' ), 1)");
    expect(node).toMatchObject({
      kind: 'call',
      name: 'concat',
      start: 1,
      args: [{ kind: 'literal', value: 'a', start: 8 }, { kind: 'call', name: 'toUpper', args: [{ value: 'b' }] }, { value: 1 }],
    });
  });

  it('parses a call without arguments', () => {
    expect(expr('@utcNow()')).toMatchObject({ kind: 'call', name: 'utcNow', args: [], start: 1, end: 9 });
  });

  it('parses dotted, bracketed and null-safe access', () => {
    const node = expr("@triggerBody()?['object'].properties?.severity[0]?[1]");
    expect(node).toMatchObject({
      kind: 'access',
      nullSafe: true,
      key: { value: 1 },
      target: {
        kind: 'access',
        nullSafe: false,
        key: { value: 0 },
        target: {
          kind: 'access',
          nullSafe: true,
          dotted: true,
          key: { value: 'severity' },
          target: {
            dotted: true,
            key: { value: 'properties' },
            target: { nullSafe: true, dotted: false, key: { value: 'object' }, target: { kind: 'call', name: 'triggerBody' } },
          },
        },
      },
    });
  });

  it('accepts an expression as an index', () => {
    expect(expr("@variables('list')[add(1, 2)]")).toMatchObject({ kind: 'access', key: { kind: 'call', name: 'add' } });
  });

  it('allows whitespace between tokens', () => {
    expect(expr("@ equals ( 1 ,\n 2 ) ")).toMatchObject({ kind: 'call', name: 'equals' });
  });
});

describe('syntax errors', () => {
  it.each([
    ['@', 1, 'expected a function call'],
    ["@concat('a'", 11, 'expected "," or ")"'],
    ["@concat('a' 'b')", 12, 'expected "," or ")"'],
    ['@foo', 4, 'expected "(" after the function name'],
    ["@'abc", 1, "expected a closing \"'\""],
    ["@body('x')?", 10, '"?." or "?["'],
    ["@body('x').", 11, 'a property name'],
    ["@body('x')['a'", 14, 'expected "]"'],
    ['@1 2', 3, 'expected the end of the expression'],
    ['@#', 1, 'expected a function call'],
    ['a @{1', 5, 'expected "}"'],
    ['a @{}', 4, 'expected a function call'],
    ['@-', 1, 'expected a number'],
  ])('%s fails at position %i', (text, position, expected) => {
    const error = syntaxErrorOf(text);
    expect(error.code).toBe('InvalidTemplate');
    expect(error.position).toBe(position);
    expect(error.message).toContain(expected);
    expect(error.message).toContain(`position ${position}`);
  });

  it('rejects an expression longer than the limit, and the limit is configurable', () => {
    const long = `@concat('${'x'.repeat(8200)}')`;
    expect(syntaxErrorOf(long).code).toBe('ExpressionTooLong');
    expect(() => parse(long, { maxExpressionLength: 10_000 })).not.toThrow();
    expect(() => parse("@concat('abc')", { maxExpressionLength: 5 })).toThrow(/limit is 5/);
    expect(() => parse(`prefix ${'y'.repeat(20_000)} @{'a'}`)).not.toThrow();
  });

  it('rejects absurd nesting with a typed error instead of overflowing the stack', () => {
    const deep = `@${'f('.repeat(1000)}1${')'.repeat(1000)}`;
    expect(syntaxErrorOf(deep).code).toBe('InvalidTemplate');
  });
});
