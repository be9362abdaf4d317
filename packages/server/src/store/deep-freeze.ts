/**
 * Freezes a JSON-like value and everything inside it that is not frozen yet (a frozen object's
 * contents are taken as frozen already, so re-freezing a copy that shares most of its parts is cheap).
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
