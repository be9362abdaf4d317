import type { ComparisonOperator, FilterNode, Literal, ValueNode } from './ast.ts';

type Scopes = ReadonlyMap<string, unknown>;

/**
 * Evaluates a filter against a plain object, with the same null semantics as the SQL compilation:
 * `x eq null` is true for null or missing values, every other comparison with null is false, and
 * values of different JSON types never compare (string comparisons are case-sensitive).
 */
export function matchesFilter(node: FilterNode, object: unknown): boolean {
  return evaluate(node, object, new Map());
}

function evaluate(node: FilterNode, root: unknown, scopes: Scopes): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, root, scopes) && evaluate(node.right, root, scopes);
    case 'or':
      return evaluate(node.left, root, scopes) || evaluate(node.right, root, scopes);
    case 'not':
      return !evaluate(node.operand, root, scopes);
    case 'compare':
      return compare(node.op, resolve(node.left, root, scopes), resolve(node.right, root, scopes), node.left, node.right);
    case 'in': {
      const value = resolve(node.operand, root, scopes);
      return node.values.some((literal) => compare('eq', value, literal.value, node.operand, literal));
    }
    case 'function': {
      const [a, b] = node.args.map((arg) => resolve(arg, root, scopes));
      if (typeof a !== 'string' || typeof b !== 'string') return false;
      if (node.name === 'startswith') return a.startsWith(b);
      if (node.name === 'endswith') return a.endsWith(b);
      return a.includes(b);
    }
    case 'lambda': {
      // A missing or null collection is an empty one: any() is false, all() is true (as in SQL).
      const found = resolve(node.collection, root, scopes);
      const collection = Array.isArray(found) ? found : [];
      if (!node.predicate || node.variable === undefined) return collection.length > 0;
      const { variable, predicate } = node;
      const test = (item: unknown): boolean => evaluate(predicate, root, new Map(scopes).set(variable, item));
      return node.op === 'any' ? collection.some(test) : collection.every(test);
    }
  }
}

function resolve(node: ValueNode, root: unknown, scopes: Scopes): unknown {
  if (node.kind === 'literal') return node.value;
  let current: unknown = node.scope === undefined ? root : scopes.get(node.scope);
  for (const segment of node.path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    const record = current as Record<string, unknown>;
    // Property names match case-insensitively, as the SQL schema lookup does.
    if (Object.hasOwn(record, segment)) current = record[segment];
    else {
      const key = Object.keys(record).find((k) => k.toLowerCase() === segment.toLowerCase());
      current = key === undefined ? undefined : record[key];
    }
  }
  return current;
}

function isDateTimeLiteral(node: ValueNode): node is Literal & { type: 'datetime' } {
  return node.kind === 'literal' && node.type === 'datetime';
}

function compare(op: ComparisonOperator, a: unknown, b: unknown, left: ValueNode, right: ValueNode): boolean {
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) {
    if (op === 'eq') return aNull && bNull;
    if (op === 'ne') return aNull !== bNull;
    return false;
  }
  // Timestamps are stored as ISO strings; comparing them as instants tolerates other precisions.
  if (isDateTimeLiteral(left) || isDateTimeLiteral(right)) {
    const ta = typeof a === 'string' ? Date.parse(a) : NaN;
    const tb = typeof b === 'string' ? Date.parse(b) : NaN;
    if (Number.isNaN(ta) || Number.isNaN(tb)) return op === 'ne';
    return order(op, ta, tb);
  }
  if (typeof a !== typeof b || typeof a === 'object') return op === 'ne';
  return order(op, a as string | number | boolean, b as string | number | boolean);
}

function order<T extends string | number | boolean>(op: ComparisonOperator, a: T, b: T): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
  }
}
