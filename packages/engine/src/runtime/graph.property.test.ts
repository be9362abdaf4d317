import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunAfterStatus, WorkflowAction } from '../definition/types.ts';
import { runDefinition } from './test-support.ts';

const STATUSES: RunAfterStatus[] = ['Succeeded', 'Failed', 'Skipped', 'TimedOut'];

/** A random acyclic level: action i may run after any earlier action, with any statuses. */
const level = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, i) =>
      fc.record({
        fails: fc.boolean(),
        runAfter: fc.subarray(Array.from({ length: i }, (_, j) => j)).chain((preds) =>
          fc.tuple(...preds.map((p) => fc.tuple(fc.constant(p), fc.subarray(STATUSES)))),
        ),
      }),
    ),
  ),
);

describe('runLevel (property)', () => {
  it('records every action once, runs exactly those whose runAfter is met, and skips the rest', async () => {
    await fc.assert(
      fc.asyncProperty(level, async (spec) => {
        const actions: Record<string, WorkflowAction> = {};
        spec.forEach((a, i) => {
          actions[`A${i}`] = {
            type: 'Compose',
            inputs: a.fails ? '@div(1, 0)' : i,
            runAfter: Object.fromEntries(a.runAfter.map(([p, statuses]) => [`A${p}`, statuses])),
          };
        });
        const { actions: entries, result } = await runDefinition({ actions });
        expect(entries.map((e) => e.name).sort()).toEqual(Object.keys(actions).sort());
        const status = Object.fromEntries(entries.map((e) => [e.name, e.status]));
        spec.forEach((a, i) => {
          const met = a.runAfter.every(([p, statuses]) => (statuses.length === 0 ? ['Succeeded'] : statuses).includes(status[`A${p}`] as RunAfterStatus));
          expect(status[`A${i}`]).toBe(met ? (a.fails ? 'Failed' : 'Succeeded') : 'Skipped');
        });
        if (!entries.some((e) => e.status === 'Failed')) expect(result.status).toBe('Succeeded');
        const terminals = Object.keys(actions).filter((n) => !spec.some((a) => a.runAfter.some(([p]) => `A${p}` === n)));
        if (terminals.some((t) => status[t] === 'Failed')) expect(result.status).toBe('Failed');
        if (terminals.every((t) => status[t] === 'Succeeded')) expect(result.status).toBe('Succeeded');
      }),
      { numRuns: 150 },
    );
  });
});
