/**
 * TimeSpan.ToString() — the constant ("c") format dateDifference returns:
 * [-][d.]hh:mm:ss[.fffffff], the day part only when non-zero, the fraction only when non-zero.
 */
import { TICKS_PER_DAY, TICKS_PER_SECOND } from './timestamp.ts';

function pad(value: bigint, width: number): string {
  return value.toString().padStart(width, '0');
}

export function formatTimeSpan(ticks: bigint): string {
  const negative = ticks < 0n;
  const abs = negative ? -ticks : ticks;
  const days = abs / TICKS_PER_DAY;
  const inDay = abs % TICKS_PER_DAY;
  const seconds = inDay / TICKS_PER_SECOND;
  const fraction = inDay % TICKS_PER_SECOND;
  let out = negative ? '-' : '';
  if (days > 0n) out += `${days}.`;
  out += `${pad(seconds / 3600n, 2)}:${pad((seconds / 60n) % 60n, 2)}:${pad(seconds % 60n, 2)}`;
  if (fraction > 0n) out += `.${pad(fraction, 7)}`;
  return out;
}
