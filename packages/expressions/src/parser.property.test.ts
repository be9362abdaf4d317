import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { ExpressionError } from './errors.ts';
import { FunctionRegistry } from './functions/registry.ts';
import { registerLogicalFunctions } from './functions/logical.ts';
import { parse } from './parser.ts';
import { fixedHost } from './testing/fake-workflow.ts';

/** Characters that matter to the grammar, so random strings hit interesting paths often. */
const grammarChar = fc.constantFrom(...'@{}()[]?.,\'-0123456789eE abcxyz_\n'.split(''));
const grammarText = fc.string({ unit: grammarChar, maxLength: 60 });
const anyText = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 }), grammarText);

function parsesOrFailsTyped(text: string): void {
  try {
    parse(text);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    expect(['InvalidTemplate', 'ExpressionTooLong']).toContain(error.code);
    if (error.position !== undefined) {
      expect(error.position).toBeGreaterThanOrEqual(0);
      expect(error.position).toBeLessThanOrEqual(text.length);
    }
  }
}

const registry = new FunctionRegistry();
registerLogicalFunctions(registry);

describe('parser properties', () => {
  it('returns a tree or throws ExpressionError for any string', () => {
    fc.assert(fc.property(anyText, parsesOrFailsTyped), { numRuns: 2000 });
  });

  it('returns a tree or throws ExpressionError for any string behind @ or inside @{…}', () => {
    fc.assert(
      fc.property(grammarText, (body) => {
        parsesOrFailsTyped(`@${body}`);
        parsesOrFailsTyped(`x @{${body}} y`);
      }),
      { numRuns: 2000 },
    );
  });

  it('compiles and evaluates any string to a value or an ExpressionError', () => {
    fc.assert(
      fc.property(grammarText, (body) => {
        for (const text of [`@${body}`, `a@{${body}}`]) {
          try {
            const value = compile(text, { registry }).evaluate({ host: fixedHost });
            expect(value).not.toBeUndefined();
          } catch (error) {
            if (!(error instanceof ExpressionError)) throw error;
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('finishes quickly on long hostile input (deep nesting, long strings)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.constantFrom('(', '[', "'", '?[', "f('"), (n, piece) => {
        parsesOrFailsTyped(`@f${piece.repeat(n)}`);
      }),
      { numRuns: 50 },
    );
  });

  it('leaves text without "@" unchanged', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }).filter((s) => !s.includes('@')), (text) => {
        expect(parse(text)).toEqual({ kind: 'literal', value: text });
        expect(compile(text, { registry }).evaluate({ host: fixedHost })).toBe(text);
      }),
    );
  });

  it('turns "@@" + any text into "@" + that text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (text) => {
        expect(compile(`@@${text}`, { registry }).evaluate({ host: fixedHost })).toBe(`@${text}`);
      }),
    );
  });

  it("round-trips any string through a quoted literal ('' escaping)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (text) => {
        const quoted = `'${text.replaceAll("'", "''")}'`;
        expect(compile(`@${quoted}`, { registry }).evaluate({ host: fixedHost })).toBe(text);
        expect(compile(`<@{${quoted}}>`, { registry }).evaluate({ host: fixedHost })).toBe(`<${text}>`);
      }),
    );
  });

  it('reads any finite number literal back as the same number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const literal = String(n).replace('e+', 'e');
        if (!/^-?\d+(\.\d+)?(e-?\d+)?$/.test(literal)) return;
        expect(compile(`@${literal}`, { registry }).evaluate({ host: fixedHost })).toBe(n === 0 ? 0 : n);
      }),
    );
  });
});
