import fc from 'fast-check';
import type { FilterNode, Literal, ValueNode } from './ast.ts';
import type { EntitySqlSchema } from './sql-schema.ts';

/** Test support: one schema, row and filter generators shared by the SQLite and PostgreSQL agreement tests. */
export const alertSchema: EntitySqlSchema = {
  document: 'doc',
  properties: {
    severity: { column: 'severity', type: 'string' },
    status: { column: 'status', type: 'string' },
    riskScore: { column: 'risk', type: 'number' },
    createdDateTime: { column: 'created', type: 'datetime' },
    title: { json: 'title', type: 'string' },
    isActive: { json: 'isActive', type: 'boolean' },
    'details/count': { json: 'details.count', type: 'number' },
    'owner/name': { json: 'owner.name', type: 'string' },
    tags: { collection: 'tags', items: 'scalar' },
    evidence: { collection: 'evidence' },
  },
};

export interface AlertRow {
  id: number;
  severity: string | null;
  status: string | null;
  riskScore: number | null;
  createdDateTime: string | null;
  title?: string | null;
  isActive?: boolean | null;
  details?: { count?: number | null };
  owner?: { name?: string | null } | null;
  tags?: string[] | null;
  evidence?: Array<{ name?: string | null; score?: number | null }> | null;
}

const words = ['', 'a', 'ab', 'b', 'ba', "o'k", 'A'];
const times = ['2026-01-01T00:00:00.000Z', '2026-01-01T12:00:00.000Z', '2026-02-01T00:00:00.000Z'];
const str = fc.constantFrom(...words);
const num = fc.constantFrom(-2, 0, 1, 1.5, 3);
const nullable = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null, freq: 4 });

export const rowsArbitrary: fc.Arbitrary<AlertRow[]> = fc
  .array(
    fc.record(
      {
        severity: nullable(str),
        status: nullable(str),
        riskScore: nullable(num),
        createdDateTime: nullable(fc.constantFrom(...times)),
        title: nullable(str),
        isActive: nullable(fc.boolean()),
        details: fc.record({ count: nullable(num) }, { requiredKeys: [] }),
        owner: nullable(fc.record({ name: nullable(str) }, { requiredKeys: [] })),
        tags: nullable(fc.array(str, { maxLength: 3 })),
        evidence: nullable(fc.array(fc.record({ name: nullable(str), score: nullable(num) }, { requiredKeys: [] }), { maxLength: 3 })),
      },
      { requiredKeys: ['severity', 'status', 'riskScore', 'createdDateTime'] },
    ),
    { maxLength: 12 },
  )
  .map((rows) => rows.map((row, i) => ({ ...row, id: i + 1 })));

const prop = (...path: string[]): ValueNode => ({ kind: 'property', path, position: 0 });
const scoped = (scope: string, ...path: string[]): ValueNode => ({ kind: 'property', path, scope, position: 0 });
const strLit = str.map((value): Literal => ({ kind: 'literal', type: 'string', value }));
const numLit = num.map((value): Literal => ({ kind: 'literal', type: 'number', value }));
const timeLit = fc.constantFrom(...times, '2025-12-31T23:59:59.000Z').map((value): Literal => ({ kind: 'literal', type: 'datetime', value }));
const boolLit = fc.boolean().map((value): Literal => ({ kind: 'literal', type: 'boolean', value }));
const nullLit: fc.Arbitrary<Literal> = fc.constant({ kind: 'literal', type: 'null', value: null });
const op = fc.constantFrom('eq', 'ne', 'gt', 'ge', 'lt', 'le' as const);

const typed: Array<[fc.Arbitrary<ValueNode>, fc.Arbitrary<Literal>]> = [
  [fc.constantFrom(prop('severity'), prop('status'), prop('title'), prop('owner', 'name')), strLit],
  [fc.constantFrom(prop('riskScore'), prop('details', 'count')), numLit],
  [fc.constant(prop('createdDateTime')), timeLit],
  [fc.constant(prop('isActive')), boolLit],
];

function comparisons(values: Array<[fc.Arbitrary<ValueNode>, fc.Arbitrary<Literal>]>): fc.Arbitrary<FilterNode> {
  return fc.oneof(
    ...values.map(([property, literal]) =>
      fc.record({ op, p: property, l: fc.oneof({ arbitrary: literal, weight: 4 }, { arbitrary: nullLit, weight: 1 }), flip: fc.boolean() }).map(
        ({ op: o, p, l, flip }): FilterNode => ({ kind: 'compare', op: o, left: flip ? l : p, right: flip ? p : l }),
      ),
    ),
    ...values.map(([property, literal]) =>
      fc.record({ p: property, ls: fc.array(fc.oneof({ arbitrary: literal, weight: 4 }, { arbitrary: nullLit, weight: 1 }), { minLength: 1, maxLength: 3 }) }).map(
        ({ p, ls }): FilterNode => ({ kind: 'in', operand: p, values: ls }),
      ),
    ),
  );
}

const stringFunctions = fc
  .record({
    name: fc.constantFrom('startswith', 'endswith', 'contains' as const),
    p: typed[0][0],
    l: strLit,
  })
  .map(({ name, p, l }): FilterNode => ({ kind: 'function', name, args: [p, l] }));

const lambdas: fc.Arbitrary<FilterNode> = fc.oneof(
  fc.record({ op: fc.constantFrom('any', 'all' as const), inner: comparisons([[fc.constant(scoped('t')), strLit]]) }).map(
    ({ op: o, inner }): FilterNode => ({ kind: 'lambda', op: o, collection: prop('tags') as never, variable: 't', predicate: inner }),
  ),
  fc
    .record({
      op: fc.constantFrom('any', 'all' as const),
      inner: comparisons([
        [fc.constant(scoped('e', 'name')), strLit],
        [fc.constant(scoped('e', 'score')), numLit],
      ]),
    })
    .map(({ op: o, inner }): FilterNode => ({ kind: 'lambda', op: o, collection: prop('evidence') as never, variable: 'e', predicate: inner })),
  fc.constant<FilterNode>({ kind: 'lambda', op: 'any', collection: prop('tags') as never }),
);

export const filterArbitrary: fc.Arbitrary<FilterNode> = fc.letrec<{ node: FilterNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparisons(typed),
    stringFunctions,
    lambdas,
    fc.record({ kind: fc.constantFrom('and', 'or' as const), left: tie('node'), right: tie('node') }) as fc.Arbitrary<FilterNode>,
    fc.record({ kind: fc.constant('not' as const), operand: tie('node') }) as fc.Arbitrary<FilterNode>,
  ),
})).node;
