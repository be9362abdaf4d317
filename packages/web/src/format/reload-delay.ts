/**
 * The wait before reading a pending thing again (useReloadWhile): `everyMs` after a changed answer,
 * doubling with each answer in a row that was the same as the one before (`unchanged`), at most `maxMs`.
 */
export function reloadDelay(unchanged: number, everyMs: number, maxMs: number): number {
  return Math.min(maxMs, everyMs * 2 ** Math.min(Math.max(unchanged, 0), 30));
}
