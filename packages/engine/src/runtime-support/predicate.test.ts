import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PredicateError, compareValues, evaluatePredicate, validatePredicate } from './predicate.ts';

// Stands in for the expression evaluator: "@name" reads from a small scope, anything else is literal.
const scope: Record<string, unknown> = { severity: 'High', count: 3, tags: ['phishing', 'mail'], owner: { upn: 'a@b' }, title: 'Suspicious Sign-in' };
const evaluate = (operand: unknown) => (typeof operand === 'string' && operand.startsWith('@') ? scope[operand.slice(1)] : operand);

describe('evaluatePredicate', () => {
  it('evaluates the designer shape: and of comparisons with a not', () => {
    const tree = { and: [{ equals: ['@severity', 'High'] }, { not: { contains: ['@tags', 'malware'] } }, { greater: ['@count', 2] }] };
    expect(evaluatePredicate(tree, evaluate)).toBe(true);
  });
  it('or is true when one branch is', () => {
    expect(evaluatePredicate({ or: [{ equals: ['@severity', 'Low'] }, { lessOrEquals: ['@count', 3] }] }, evaluate)).toBe(true);
    expect(evaluatePredicate({ or: [{ equals: ['@severity', 'Low'] }, { less: ['@count', 3] }] }, evaluate)).toBe(false);
  });
  it('does not evaluate operands after and/or is decided', () => {
    const seen: unknown[] = [];
    const spy = (o: unknown) => (seen.push(o), evaluate(o));
    evaluatePredicate({ and: [{ equals: [1, 2] }, { equals: ['@never', 1] }] }, spy);
    expect(seen).not.toContain('@never');
  });
  it('accepts a bare expression leaf that yields a boolean', () => {
    expect(evaluatePredicate({ and: ['@flag'] }, () => true)).toBe(true);
    expect(() => evaluatePredicate({ and: ['@count'] }, evaluate)).toThrow(/\/and\/0: expected the expression to yield a boolean, got integer/);
  });
});

describe('comparison semantics', () => {
  it('equals is exact for strings and treats booleans as 1/0', () => {
    expect(compareValues('equals', 'High', 'high')).toBe(false);
    expect(compareValues('equals', true, 1)).toBe(true);
    expect(compareValues('equals', false, 1)).toBe(false);
    expect(compareValues('equals', { a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(compareValues('equals', 1, '1')).toBe(false);
    expect(compareValues('equals', null, undefined)).toBe(true);
  });
  it('contains searches substrings, elements and keys case-sensitively', () => {
    expect(compareValues('contains', 'Suspicious Sign-in', 'Sign')).toBe(true);
    expect(compareValues('contains', 'Suspicious Sign-in', 'sign')).toBe(false);
    expect(compareValues('contains', [1, { a: 1 }], { a: 1 })).toBe(true);
    expect(compareValues('contains', { upn: 'x' }, 'upn')).toBe(true);
  });
  it('startsWith and endsWith ignore case', () => {
    expect(compareValues('startsWith', 'Suspicious Sign-in', 'SUSPICIOUS')).toBe(true);
    expect(compareValues('endsWith', 'Suspicious Sign-in', 'SIGN-IN')).toBe(true);
    expect(compareValues('endsWith', 'abc', 'x')).toBe(false);
  });
  it('orders numbers and strings, and refuses mixed types', () => {
    expect(compareValues('greaterOrEquals', 2, 2)).toBe(true);
    expect(compareValues('less', 'apple', 'banana')).toBe(true);
    expect(() => compareValues('greater', '10', 9, '/and/0/greater')).toThrow(
      '/and/0/greater: greater needs two numbers or two strings, got string and integer',
    );
    expect(() => compareValues('less', null, 1)).toThrow(PredicateError);
  });
});

describe('validatePredicate', () => {
  it('accepts well-formed trees', () => {
    expect(validatePredicate({ and: [{ equals: ['@a', 'b'] }, { not: { endsWith: ['@x', 'y'] } }] })).toEqual([]);
  });
  it('reports each problem at its JSON pointer', () => {
    const problems = validatePredicate({
      and: [{ equals: ['@a'] }, { between: [1, 2] }, { or: [] }, { not: { less: [1, 2], greater: [2, 1] } }, 42],
    });
    expect(problems.map((p) => p.pointer)).toEqual(['/and/0/equals', '/and/1/between', '/and/2/or', '/and/3/not', '/and/4']);
    expect(problems[0]?.message).toBe('equals expects an array of exactly 2 operands, got 1 operands');
    expect(problems[1]?.message).toMatch(/unknown operator 'between'/);
  });
  it('escapes operator names in pointers', () => {
    expect(validatePredicate({ 'a/b': [] })[0]?.pointer).toBe('/a~1b');
  });
});

// Arbitrary JSON-ish trees biased towards operator objects.
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    fc.record({ and: fc.array(tie('tree'), { maxLength: 3 }) }),
    fc.record({ or: fc.array(tie('tree'), { maxLength: 3 }) }),
    fc.record({ not: tie('tree') }),
    fc.dictionary(
      fc.constantFrom('equals', 'greater', 'greaterOrEquals', 'less', 'lessOrEquals', 'contains', 'startsWith', 'endsWith', 'bogus'),
      fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
      { minKeys: 1, maxKeys: 2 },
    ),
  ),
}));

describe('properties', () => {
  it('evaluation returns a boolean or throws PredicateError, never anything else', () => {
    fc.assert(
      fc.property(tree, (t) => {
        try {
          expect(typeof evaluatePredicate(t, (o) => o)).toBe('boolean');
        } catch (e) {
          expect(e).toBeInstanceOf(PredicateError);
        }
      }),
      { numRuns: 500 },
    );
  });
  it('a tree validatePredicate accepts never fails for its shape', () => {
    fc.assert(
      fc.property(tree, (t) => {
        if (validatePredicate(t).length > 0) return;
        try {
          evaluatePredicate(t, (o) => o);
        } catch (e) {
          expect((e as PredicateError).code).toBe('InvalidComparison');
        }
      }),
      { numRuns: 500 },
    );
  });
});
