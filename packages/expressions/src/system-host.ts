import { randomUUID } from 'node:crypto';
import type { EvaluationHost } from './context.ts';

/** The real clock and randomness, for callers outside a replayable run (e.g. `riposte eval`). */
export const systemHost: EvaluationHost = {
  now: () => new Date(),
  random: () => Math.random(),
  guid: () => randomUUID(),
};
