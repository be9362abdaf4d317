/**
 * Condition trees as the Logic Apps designer writes them for If, Until and Switch-like checks:
 * `{"and": [{"equals": ["@triggerBody()?['severity']", "High"]}, {"not": {"contains": [...]}}]}`.
 * Leaves are operands (usually "@…" expression strings) that the caller evaluates; this file owns
 * the tree shape and the comparison semantics, which follow the expression functions: `equals`
 * treats true/false as 1/0 and is otherwise exact (case-sensitive); `contains` is case-sensitive
 * (substring, array element, object key); `startsWith`/`endsWith` ignore case; ordering works on
 * two numbers or two strings (ordinal) and fails on anything else.
 */

export class PredicateError extends Error {
  override readonly name = 'PredicateError';
  readonly code: 'InvalidPredicate' | 'InvalidComparison';
  readonly pointer: string;
  constructor(code: 'InvalidPredicate' | 'InvalidComparison', pointer: string, message: string) {
    super(`${pointer || '/'}: ${message}`);
    this.code = code;
    this.pointer = pointer;
  }
}

export interface PredicateProblem {
  pointer: string;
  message: string;
}

export const COMPARISON_OPERATORS = [
  'equals',
  'greater',
  'greaterOrEquals',
  'less',
  'lessOrEquals',
  'contains',
  'startsWith',
  'endsWith',
] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

const OPERATOR_BY_LOWER = new Map<string, ComparisonOperator | 'and' | 'or' | 'not'>([
  ...COMPARISON_OPERATORS.map((op) => [op.toLowerCase(), op] as [string, ComparisonOperator]),
  ['and', 'and'],
  ['or', 'or'],
  ['not', 'not'],
]);
const MAX_DEPTH = 64;

/** Lists structural problems of a condition tree, with JSON pointers relative to the tree. */
export function validatePredicate(tree: unknown): PredicateProblem[] {
  const problems: PredicateProblem[] = [];
  walk(tree, '', 0, problems);
  return problems;
}

/**
 * Evaluates a condition tree; `evaluateOperand` turns each leaf operand into its value.
 * Throws PredicateError for a malformed tree or an impossible comparison.
 */
export function evaluatePredicate(tree: unknown, evaluateOperand: (operand: unknown) => unknown): boolean {
  return evaluateNode(tree, '', 0, evaluateOperand);
}

/** Applies one comparison operator to two already-evaluated values. */
export function compareValues(operator: ComparisonOperator, left: unknown, right: unknown, pointer = ''): boolean {
  switch (operator) {
    case 'equals':
      return looselyEqual(left, right);
    case 'contains':
      return containsValue(left, right, pointer);
    case 'startsWith':
    case 'endsWith': {
      if (typeof left !== 'string' || typeof right !== 'string') {
        throw new PredicateError('InvalidComparison', pointer, `${operator} needs two strings, got ${kind(left)} and ${kind(right)}`);
      }
      const l = left.toLowerCase();
      const r = right.toLowerCase();
      return operator === 'startsWith' ? l.startsWith(r) : l.endsWith(r);
    }
    default: {
      const order = orderOf(operator, left, right, pointer);
      if (operator === 'greater') return order > 0;
      if (operator === 'greaterOrEquals') return order >= 0;
      if (operator === 'less') return order < 0;
      return order <= 0;
    }
  }
}

function evaluateNode(node: unknown, pointer: string, depth: number, evaluateOperand: (operand: unknown) => unknown): boolean {
  if (depth > MAX_DEPTH) throw new PredicateError('InvalidPredicate', pointer, `conditions are nested deeper than ${MAX_DEPTH} levels`);
  if (typeof node === 'boolean') return node;
  if (typeof node === 'string') {
    // A bare expression where a condition is expected (e.g. "@equals(1, 1)"): it must yield a boolean.
    const value = evaluateOperand(node);
    if (typeof value !== 'boolean') throw new PredicateError('InvalidComparison', pointer, `expected the expression to yield a boolean, got ${kind(value)}`);
    return value;
  }
  const [operator, argument, key] = singleOperator(node, pointer);
  const at = `${pointer}/${escapePointer(key)}`;
  if (operator === 'and' || operator === 'or') {
    const items = conditionList(argument, at);
    // Short-circuit like the runtime's and()/or(), so later operands are not evaluated needlessly.
    return operator === 'and'
      ? items.every((item, i) => evaluateNode(item, `${at}/${i}`, depth + 1, evaluateOperand))
      : items.some((item, i) => evaluateNode(item, `${at}/${i}`, depth + 1, evaluateOperand));
  }
  if (operator === 'not') return !evaluateNode(argument, at, depth + 1, evaluateOperand);
  const [left, right] = operandPair(argument, at, operator);
  return compareValues(operator, evaluateOperand(left), evaluateOperand(right), at);
}

function walk(node: unknown, pointer: string, depth: number, problems: PredicateProblem[]): void {
  if (depth > MAX_DEPTH) {
    problems.push({ pointer, message: `conditions are nested deeper than ${MAX_DEPTH} levels` });
    return;
  }
  if (typeof node === 'boolean' || typeof node === 'string') return;
  let operator: ReturnType<typeof singleOperator>;
  try {
    operator = singleOperator(node, pointer);
  } catch (e) {
    problems.push(asProblem(e));
    return;
  }
  const [op, argument, key] = operator;
  const at = `${pointer}/${escapePointer(key)}`;
  try {
    if (op === 'and' || op === 'or') conditionList(argument, at).forEach((item, i) => walk(item, `${at}/${i}`, depth + 1, problems));
    else if (op === 'not') walk(argument, at, depth + 1, problems);
    else operandPair(argument, at, op);
  } catch (e) {
    problems.push(asProblem(e));
  }
}

function singleOperator(node: unknown, pointer: string): [ComparisonOperator | 'and' | 'or' | 'not', unknown, string] {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) {
    throw new PredicateError('InvalidPredicate', pointer, `expected a condition object such as {"equals": [a, b]}, got ${kind(node)}`);
  }
  const keys = Object.keys(node);
  if (keys.length !== 1) {
    throw new PredicateError('InvalidPredicate', pointer, `expected exactly one operator, got ${keys.length === 0 ? 'none' : keys.join(', ')}`);
  }
  const key = keys[0] as string;
  const operator = OPERATOR_BY_LOWER.get(key.toLowerCase());
  if (!operator) {
    throw new PredicateError('InvalidPredicate', `${pointer}/${escapePointer(key)}`, `unknown operator '${key}'; expected and, or, not or one of ${COMPARISON_OPERATORS.join(', ')}`);
  }
  return [operator, (node as Record<string, unknown>)[key], key];
}

function conditionList(argument: unknown, pointer: string): unknown[] {
  if (!Array.isArray(argument) || argument.length === 0) {
    throw new PredicateError('InvalidPredicate', pointer, `expected a non-empty array of conditions, got ${kind(argument)}`);
  }
  return argument;
}

function operandPair(argument: unknown, pointer: string, operator: string): [unknown, unknown] {
  if (!Array.isArray(argument) || argument.length !== 2) {
    const got = Array.isArray(argument) ? `${argument.length} operands` : kind(argument);
    throw new PredicateError('InvalidPredicate', pointer, `${operator} expects an array of exactly 2 operands, got ${got}`);
  }
  return [argument[0], argument[1]];
}

function looselyEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'boolean' && typeof b === 'number') return (a ? 1 : 0) === b;
  if (typeof a === 'number' && typeof b === 'boolean') return a === (b ? 1 : 0);
  return deepEqual(a, b);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    return a.length === bs.length && a.every((x, i) => deepEqual(x, bs[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao);
  return keys.length === Object.keys(bo).length && keys.every((k) => Object.hasOwn(bo, k) && deepEqual(ao[k], bo[k]));
}

function containsValue(collection: unknown, value: unknown, pointer: string): boolean {
  if (typeof collection === 'string') {
    if (typeof value !== 'string') throw new PredicateError('InvalidComparison', pointer, `contains on a string needs a string to find, got ${kind(value)}`);
    return collection.includes(value);
  }
  if (Array.isArray(collection)) return collection.some((item) => deepEqual(item, value));
  if (collection !== null && typeof collection === 'object') {
    if (typeof value !== 'string') throw new PredicateError('InvalidComparison', pointer, `contains on an object needs a key string, got ${kind(value)}`);
    return Object.hasOwn(collection, value);
  }
  throw new PredicateError('InvalidComparison', pointer, `contains needs a string, array or object to search, got ${kind(collection)}`);
}

function orderOf(operator: string, left: unknown, right: unknown, pointer: string): number {
  if (typeof left === 'number' && typeof right === 'number') return left === right ? 0 : left < right ? -1 : 1;
  if (typeof left === 'string' && typeof right === 'string') return left === right ? 0 : left < right ? -1 : 1;
  throw new PredicateError('InvalidComparison', pointer, `${operator} needs two numbers or two strings, got ${kind(left)} and ${kind(right)}`);
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  return typeof value;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function asProblem(e: unknown): PredicateProblem {
  if (e instanceof PredicateError) return { pointer: e.pointer, message: e.message.slice(e.message.indexOf(': ') + 2) };
  throw e;
}
