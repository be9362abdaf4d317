import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileValue } from './compile.ts';
import { FunctionRegistry } from './functions/registry.ts';
import { fixedHost } from './testing/fake-workflow.ts';

const registry = new FunctionRegistry();
const ctx = { host: fixedHost };
const withoutAt = fc.string({ maxLength: 20 }).filter((s) => !s.includes('@'));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), withoutAt, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(withoutAt, tie('value'), { maxKeys: 4 }),
})).value;

describe('compileValue properties', () => {
  it('returns any JSON value without "@" unchanged and as the same object', () => {
    fc.assert(
      fc.property(json, (value) => {
        const compiled = compileValue(value, { registry });
        expect(compiled.constant).toBe(true);
        expect(compiled.evaluate(ctx)).toBe(value);
      }),
    );
  });

  it('unescapes "@@" strings anywhere in a value and leaves the rest equal', () => {
    fc.assert(
      fc.property(json, withoutAt, (value, text) => {
        const wrapped = { payload: value, list: [value, `@@${text}`], [`@@${text}`]: 1 };
        const result = compileValue(wrapped, { registry }).evaluate(ctx);
        expect(result).toEqual({ payload: value, list: [value, `@${text}`], [`@${text}`]: 1 });
      }),
    );
  });
});
