import { DurationError, parseDuration } from '../runtime-support/iso-duration.ts';
import { validateRetryPolicy } from '../runtime-support/retry-policy.ts';
import { childPointer } from './problem.ts';
import { normalizeType } from './types.ts';
import type { CheckInput } from './validation-context.ts';
import { isJsonObject } from './json-object.ts';

const frequencies = new Set(['second', 'minute', 'hour', 'day', 'week', 'month']);
const terminateStatuses = new Set(['failed', 'cancelled', 'succeeded']);
const isExpression = (v: unknown): boolean => typeof v === 'string' && v.startsWith('@') && !v.startsWith('@@');

/** Fields particular action and trigger types need: schedules, statuses, durations, retry policies. */
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
  for (const op of [...input.triggers.map((t) => ({ value: t.trigger, pointer: t.pointer })), ...input.sites.map((s) => ({ value: s.action, pointer: s.pointer }))]) {
    const inputs = op.value.inputs;
    if (!isJsonObject(inputs) || inputs.retryPolicy === undefined || isExpression(inputs.retryPolicy)) continue;
    const at = childPointer(childPointer(op.pointer, 'inputs'), 'retryPolicy');
    // The runtime's own policy check, so validation accepts exactly what runs.
    for (const problem of validateRetryPolicy(inputs.retryPolicy)) input.report({ pointer: at + problem.pointer, code: 'Structure', message: problem.message });
  }
  for (const site of input.sites) {
    const type = typeof site.action.type === 'string' ? normalizeType(site.action.type) : '';
    if (type === 'until' && isJsonObject(site.action.limit)) checkDuration(input, site.action.limit.timeout, childPointer(childPointer(site.pointer, 'limit'), 'timeout'));
    if (type === 'wait') checkWait(input, site.action.inputs, childPointer(site.pointer, 'inputs'));
    if (type !== 'terminate') continue;
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

function checkDuration(input: CheckInput, value: unknown, pointer: string): void {
  if (value === undefined || isExpression(value)) return;
  if (typeof value !== 'string') {
    input.report({ pointer, code: 'Structure', message: `timeout must be an ISO 8601 duration such as PT1H, got ${JSON.stringify(value)}` });
    return;
  }
  try {
    parseDuration(value);
  } catch (err) {
    if (!(err instanceof DurationError)) throw err;
    input.report({ pointer, code: 'Structure', message: `timeout: ${err.message}` });
  }
}

const waitUnits = new Set(['second', 'minute', 'hour', 'day', 'week', 'month']);

/** Wait takes { interval: { count, unit } } or { until: { timestamp } }. */
function checkWait(input: CheckInput, inputs: unknown, pointer: string): void {
  if (!isJsonObject(inputs) || (!isJsonObject(inputs.interval) && !isJsonObject(inputs.until))) {
    input.report({ pointer, code: 'Structure', message: 'Wait needs inputs.interval { count, unit } or inputs.until { timestamp }' });
    return;
  }
  if (!isJsonObject(inputs.interval)) return;
  const { count, unit } = inputs.interval;
  const at = childPointer(pointer, 'interval');
  const n = typeof count === 'string' && !isExpression(count) ? Number(count) : count;
  if (!isExpression(count) && (typeof n !== 'number' || !Number.isInteger(n) || n < 0)) {
    input.report({ pointer: childPointer(at, 'count'), code: 'Structure', message: `Wait count must be a non-negative integer, got ${JSON.stringify(count)}` });
  }
  if (!isExpression(unit) && (typeof unit !== 'string' || !waitUnits.has(unit.toLowerCase()))) {
    input.report({ pointer: childPointer(at, 'unit'), code: 'Structure', message: `Wait unit must be Second, Minute, Hour, Day, Week or Month, got ${JSON.stringify(unit)}` });
  }
}
