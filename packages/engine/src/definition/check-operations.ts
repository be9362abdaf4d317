import { childPointer } from './problem.ts';
import { normalizeType } from './types.ts';
import type { CheckInput } from './validation-context.ts';
import { isJsonObject } from './json-object.ts';

const frequencies = new Set(['second', 'minute', 'hour', 'day', 'week', 'month']);
const terminateStatuses = new Set(['failed', 'cancelled', 'succeeded']);
const isExpression = (v: unknown): boolean => typeof v === 'string' && v.startsWith('@') && !v.startsWith('@@');

/** Fields particular action and trigger types need: Recurrence schedules, Terminate status. */
export function checkOperationFields(input: CheckInput): void {
  for (const t of input.triggers) {
    if (typeof t.trigger.type !== 'string' || normalizeType(t.trigger.type) !== 'recurrence') continue;
    const at = childPointer(t.pointer, 'recurrence');
    const recurrence = t.trigger.recurrence;
    if (!isJsonObject(recurrence)) {
      input.report({ pointer: at, code: 'Structure', message: 'a Recurrence trigger needs a "recurrence" object' });
      continue;
    }
    const { frequency, interval } = recurrence;
    if (!isExpression(frequency) && (typeof frequency !== 'string' || !frequencies.has(frequency.toLowerCase()))) {
      input.report({ pointer: childPointer(at, 'frequency'), code: 'Structure', message: `frequency must be one of Second, Minute, Hour, Day, Week, Month, got ${JSON.stringify(frequency)}` });
    }
    const n = typeof interval === 'string' && !isExpression(interval) ? Number(interval) : interval;
    if (!isExpression(interval) && (typeof n !== 'number' || !Number.isInteger(n) || n < 1)) {
      input.report({ pointer: childPointer(at, 'interval'), code: 'Structure', message: `interval must be a positive integer, got ${JSON.stringify(interval)}` });
    }
  }
  for (const site of input.sites) {
    if (typeof site.action.type !== 'string' || normalizeType(site.action.type) !== 'terminate') continue;
    const status = isJsonObject(site.action.inputs) ? site.action.inputs.runStatus : undefined;
    if (typeof status !== 'string' || !terminateStatuses.has(status.toLowerCase())) {
      input.report({
        pointer: childPointer(childPointer(site.pointer, 'inputs'), 'runStatus'),
        code: 'Structure',
        message: `Terminate runStatus must be Failed, Cancelled or Succeeded, got ${JSON.stringify(status)}`,
      });
    }
  }
}
