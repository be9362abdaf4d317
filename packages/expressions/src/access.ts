/**
 * Member access and indexing: `.name`, `['name']`, `[i]` and their null-safe forms.
 *
 * Rules (as Logic Apps applies them):
 * - A null target is an error ('NullReference'), or null with `?`.
 * - A missing property is an error ('MissingProperty'), or null with `?`. Property names match
 *   exactly first, then case-insensitively (Logic Apps property selection ignores case); a key
 *   with '/' that is not itself a property is read as a path ('body/value').
 * - An array index outside the array is an error ('IndexOutOfRange'), or null with `?`.
 * - Selecting a member of a string, number or boolean is an error ('InvalidArgument').
 */
import { ExpressionError, typeName } from './errors.ts';

/** Reads `target[key]`; `position` is where the member (name or index) is written, for errors. */
export function readMember(target: unknown, key: unknown, nullSafe: boolean, position: number): unknown {
  if (target === null || target === undefined) {
    if (nullSafe) return null;
    throw new ExpressionError(
      'NullReference',
      `Cannot read ${describeKey(key)} at position ${position}: the value is null. Use '?' (e.g. ?['name']) to allow null.`,
      position,
    );
  }
  if (typeof target !== 'object') {
    throw new ExpressionError(
      'InvalidArgument',
      `Cannot read ${describeKey(key)} at position ${position}: member selection is not supported on values of type '${typeName(target)}'.`,
      position,
    );
  }
  if (Array.isArray(target)) return readIndex(target, key, nullSafe, position);
  if (typeof key === 'number' && Number.isFinite(key)) key = String(key);
  if (typeof key !== 'string') {
    throw new ExpressionError(
      'InvalidArgument',
      `Cannot select a property of an object with a key of type '${typeName(key)}' at position ${position}: expected a string.`,
      position,
    );
  }
  const object = target as Record<string, unknown>;
  const value = object[key];
  // JSON objects never hold functions, so a function here is Object.prototype leaking through.
  if (value !== undefined && typeof value !== 'function' && key !== '__proto__') return value;
  return readMissing(object, key, nullSafe, position);
}

function readMissing(object: Record<string, unknown>, key: string, nullSafe: boolean, position: number): unknown {
  if (Object.hasOwn(object, key)) return object[key] ?? null;
  const lower = key.toLowerCase();
  for (const name of Object.keys(object)) {
    if (name.toLowerCase() === lower) return object[name] ?? null;
  }
  if (key.includes('/')) {
    let current: unknown = object;
    for (const segment of key.split('/')) {
      current = readMember(current, segment, nullSafe, position);
      if (current === null && nullSafe) return null;
    }
    return current;
  }
  if (nullSafe) return null;
  const available = Object.keys(object);
  throw new ExpressionError(
    'MissingProperty',
    `Property '${key}' doesn't exist at position ${position}; available properties are ` +
      (available.length ? available.map((n) => `'${n}'`).join(', ') : 'none') +
      `. Use '?' (e.g. ?['${key}']) to get null for a missing property.`,
    position,
  );
}

function readIndex(array: unknown[], key: unknown, nullSafe: boolean, position: number): unknown {
  let index: number;
  if (typeof key === 'number') index = key;
  else if (typeof key === 'string' && /^\d+$/.test(key)) index = Number(key);
  else {
    throw new ExpressionError(
      'InvalidArgument',
      `Cannot index an array with a value of type '${typeName(key)}' at position ${position}: expected an integer.`,
      position,
    );
  }
  if (!Number.isInteger(index)) {
    throw new ExpressionError(
      'InvalidArgument',
      `Cannot index an array with ${index} at position ${position}: expected an integer.`,
      position,
    );
  }
  if (index >= 0 && index < array.length) return array[index] ?? null;
  if (nullSafe) return null;
  throw new ExpressionError(
    'IndexOutOfRange',
    `Array index ${index} at position ${position} is outside the bounds of the array (length ${array.length}).`,
    position,
  );
}

function describeKey(key: unknown): string {
  return typeof key === 'string' ? `property '${key}'` : typeof key === 'number' ? `index ${key}` : 'a member';
}
