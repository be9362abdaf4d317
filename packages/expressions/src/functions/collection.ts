/**
 * Collection functions over arrays, strings and (for contains/empty/intersection/union)
 * objects. Items compare structurally (deepEqual); strings compare case-sensitively, as the
 * reference documents for contains(). Results are new values: inputs are never modified.
 */
import { argError, expectArray, expectInteger, expectString, isPlainObject } from './args.ts';
import { argValueError, ExpressionError } from '../errors.ts';
import { deepEqual, defineOwn, toText } from './coerce.ts';
import type { FunctionRegistry } from './registry.ts';
import { MAX_STRING_RESULT } from './string.ts';

type Collection = string | unknown[];

function expectCollection(fn: string, index: number, value: unknown): Collection {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  throw argError(fn, index, 'a string or an array', value);
}

function expectCount(fn: string, index: number, value: unknown): number {
  const count = expectInteger(fn, index, value);
  if (count < 0) throw argValueError(fn, index, `the count must not be negative (got ${count})`);
  return count;
}

export function registerCollectionFunctions(registry: FunctionRegistry): void {
  registry.register({
    name: 'length',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    fn: ([collection]) => expectCollection('length', 0, collection).length,
  });

  registry.register({
    name: 'chunk',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    fn: ([collectionArg, sizeArg]) => {
      const collection = expectCollection('chunk', 0, collectionArg);
      const size = expectInteger('chunk', 1, sizeArg);
      if (size <= 0) throw argValueError('chunk', 1, `the chunk length must be greater than 0 (got ${size})`);
      const chunks: Collection[] = [];
      for (let i = 0; i < collection.length; i += size) chunks.push(collection.slice(i, i + size));
      return chunks;
    },
  });

  registry.register({
    name: 'contains',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    fn: ([collection, value]) => {
      if (typeof collection === 'string') return collection.includes(expectString('contains', 1, value));
      if (Array.isArray(collection)) return collection.some((item) => deepEqual(item, value));
      if (isPlainObject(collection)) return Object.hasOwn(collection, expectString('contains', 1, value));
      throw argError('contains', 0, 'a dictionary, an array or a string', collection);
    },
  });

  registry.register({
    name: 'empty',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    fn: ([collection]) => {
      if (collection === null || collection === undefined) return true;
      if (typeof collection === 'string' || Array.isArray(collection)) return collection.length === 0;
      if (isPlainObject(collection)) return Object.keys(collection).length === 0;
      throw argError('empty', 0, 'a dictionary, an array or a string', collection);
    },
  });

  registry.register({
    name: 'first',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    fn: ([collection]) => expectCollection('first', 0, collection)[0] ?? null,
  });

  registry.register({
    name: 'last',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    fn: ([collectionArg]) => {
      const collection = expectCollection('last', 0, collectionArg);
      return collection[collection.length - 1] ?? null;
    },
  });

  registry.register({
    name: 'take',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    fn: ([collection, count]) =>
      expectCollection('take', 0, collection).slice(0, expectCount('take', 1, count)),
  });

  registry.register({
    name: 'skip',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    fn: ([collection, count]) => expectArray('skip', 0, collection).slice(expectCount('skip', 1, count)),
  });

  registry.register({
    name: 'reverse',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    fn: ([collection]) => [...expectArray('reverse', 0, collection)].reverse(),
  });

  registry.register({
    name: 'join',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    fn: ([collection, delimiter]) => {
      const items = expectArray('join', 0, collection);
      const text = items.map((item) => toText(item)).join(expectString('join', 1, delimiter));
      if (text.length > MAX_STRING_RESULT) {
        throw new ExpressionError(
          'InvalidArgument',
          `The template language function 'join' produced a string longer than ${MAX_STRING_RESULT} characters.`,
        );
      }
      return text;
    },
  });

  registry.register({
    name: 'union',
    minArgs: 1,
    maxArgs: Infinity,
    pure: true,
    fn: (args) => combine('union', args),
  });

  registry.register({
    name: 'intersection',
    minArgs: 1,
    maxArgs: Infinity,
    pure: true,
    fn: (args) => combine('intersection', args),
  });

  registry.register({
    name: 'sort',
    minArgs: 1,
    maxArgs: 2,
    pure: true,
    fn: ([collection, sortByArg]) => {
      const items = expectArray('sort', 0, collection);
      const sortBy = sortByArg === undefined ? undefined : expectString('sort', 1, sortByArg);
      const keyOf = (item: unknown): unknown => {
        if (sortBy === undefined) return item;
        if (!isPlainObject(item)) throw argError('sort', 0, `an array of objects when sorting by '${sortBy}'`, item);
        return item[sortBy] ?? null;
      };
      const keyed = items.map((item) => ({ item, key: sortKey(keyOf(item)) }));
      const kinds = new Set(keyed.map((k) => k.key.kind).filter((kind) => kind !== 'null'));
      if (kinds.size > 1) {
        throw argValueError('sort', 0, 'the items to sort must all be numbers, all strings or all booleans');
      }
      // Array.prototype.sort is stable, so equal keys keep their order.
      return keyed.sort((a, b) => compareKeys(a.key, b.key)).map((k) => k.item);
    },
  });
}

interface SortKey {
  kind: 'null' | 'number' | 'string' | 'boolean';
  value: number | string;
}

function sortKey(value: unknown): SortKey {
  if (value === null || value === undefined) return { kind: 'null', value: 0 };
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'string') return { kind: 'string', value };
  if (typeof value === 'boolean') return { kind: 'boolean', value: value ? 1 : 0 };
  throw argValueError('sort', 0, 'only numbers, strings and booleans can be sorted (found an array or object)');
}

/** Nulls first; then numbers numerically, booleans false < true, strings by UTF-16 code unit (ordinal). */
function compareKeys(a: SortKey, b: SortKey): number {
  if (a.kind === 'null' || b.kind === 'null') return (a.kind === 'null' ? 0 : 1) - (b.kind === 'null' ? 0 : 1);
  if (a.value < b.value) return -1;
  return a.value > b.value ? 1 : 0;
}

/**
 * union/intersection over arrays (distinct items, first-seen order) or objects (by key; the
 * last collection's value wins). All arguments must be the same kind.
 */
function combine(fn: 'union' | 'intersection', args: unknown[]): unknown {
  if (Array.isArray(args[0])) {
    const arrays = args.map((arg, i) => expectArray(fn, i, arg));
    const candidates = fn === 'union' ? arrays.flat() : arrays[0]!;
    const result: unknown[] = [];
    for (const item of candidates) {
      if (result.some((kept) => deepEqual(kept, item))) continue;
      if (fn === 'intersection' && !arrays.every((array) => array.some((other) => deepEqual(other, item)))) continue;
      result.push(item);
    }
    return result;
  }
  if (isPlainObject(args[0])) {
    const objects = args.map((arg, i) => {
      if (isPlainObject(arg)) return arg;
      throw argError(fn, i, 'an object, like the first argument', arg);
    });
    const result: Record<string, unknown> = {};
    if (fn === 'union') {
      for (const object of objects) for (const [key, value] of Object.entries(object)) defineOwn(result, key, value);
      return result;
    }
    for (const key of Object.keys(objects[0]!)) {
      const value = objects[0]![key];
      if (objects.every((o) => Object.hasOwn(o, key) && deepEqual(o[key], value))) {
        defineOwn(result, key, objects[objects.length - 1]![key]);
      }
    }
    return result;
  }
  throw argError(fn, 0, 'an array or an object', args[0]);
}
