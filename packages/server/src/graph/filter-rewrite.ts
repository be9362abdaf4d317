import type { FilterNode, Literal, ValueNode } from '../domain/odata/index.ts';
import type { EntitySqlSchema } from '../domain/odata/index.ts';
import { normalizeTimestamp } from '../common/timestamp.ts';
import { ODataError } from '../domain/odata/index.ts';

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Per property (lower-case OData path), how a Graph literal is stored: Graph's enum spellings are
 * matched case-insensitively, and some resources store another vocabulary (Sentinel's "New" for
 * Graph's "active"). Unknown values map to themselves, so they simply match nothing.
 */
export type LiteralVocabulary = Record<string, Record<string, string>>;

/** An enum whose stored values are Graph's own spellings, matched case-insensitively. */
export function sameSpelling(values: readonly string[]): Record<string, string> {
  return Object.fromEntries(values.map((v) => [v.toLowerCase(), v]));
}

/**
 * Rewrites literals compared with stored properties so that SQL text comparison agrees with Graph:
 * date-times take the stored fixed-width form, enum members the stored spelling.
 */
export function rewriteFilterLiterals(node: FilterNode, schema: EntitySqlSchema, vocabulary: LiteralVocabulary = {}): FilterNode {
  const datetimeProperties = new Set(
    Object.entries(schema.properties)
      .filter(([, p]) => 'type' in p && p.type === 'datetime')
      .map(([name]) => name.toLowerCase()),
  );
  const rewriteFor = (property: ValueNode, literal: Literal): Literal => {
    if (property.kind !== 'property' || property.scope !== undefined) return literal;
    const name = property.path.join('/').toLowerCase();
    if (datetimeProperties.has(name) && (literal.type === 'datetime' || literal.type === 'string')) {
      const normalized = normalizeTimestamp(literal.value);
      if (normalized) return { kind: 'literal', type: 'string', value: normalized };
      // A bare date still compares as text with the stored form; anything else would silently match nothing.
      if (!dateOnly.test(literal.value)) {
        throw new ODataError(`Invalid filter clause: '${literal.value}' is not a date-time for '${property.path.join('/')}'.`, {
          option: '$filter',
          position: property.position,
        });
      }
      return literal;
    }
    const words = vocabulary[name];
    if (words && (literal.type === 'string' || literal.type === 'enum')) {
      return { kind: 'literal', type: 'string', value: words[literal.value.toLowerCase()] ?? literal.value };
    }
    return literal;
  };
  const walk = (n: FilterNode): FilterNode => {
    switch (n.kind) {
      case 'and':
      case 'or':
        return { ...n, left: walk(n.left), right: walk(n.right) };
      case 'not':
        return { ...n, operand: walk(n.operand) };
      case 'compare': {
        const left = n.right.kind === 'literal' ? n.left : n.left.kind === 'literal' ? rewriteFor(n.right, n.left) : n.left;
        const right = n.right.kind === 'literal' ? rewriteFor(n.left, n.right) : n.right;
        return { ...n, left, right };
      }
      case 'in':
        return { ...n, values: n.values.map((v) => rewriteFor(n.operand, v)) };
      case 'lambda':
        return n.predicate ? { ...n, predicate: walk(n.predicate) } : n;
      default:
        return n;
    }
  };
  return walk(node);
}
