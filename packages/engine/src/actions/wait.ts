/**
 * Wait (Delay / Delay until): a durable timer. The instant to continue is journaled before
 * sleeping, so after a restart the run waits only for what is left.
 */
import type { ActionHandler } from '../runtime/action-handler.ts';
import { ActionFailure, describeType } from './errors.ts';

const UNIT_MS: Record<string, number> = { second: 1_000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 };

function dueAt(inputs: unknown, now: number, name: string): number {
  const i = (inputs ?? {}) as { interval?: { count?: unknown; unit?: unknown }; until?: { timestamp?: unknown } };
  if (i.until !== undefined) {
    const t = typeof i.until.timestamp === 'string' ? Date.parse(i.until.timestamp) : NaN;
    if (Number.isNaN(t)) throw new ActionFailure('InvalidActionInput', `action '${name}' inputs.until.timestamp: expected an ISO 8601 timestamp, got ${JSON.stringify(i.until.timestamp) ?? 'nothing'}`);
    return t;
  }
  const count = Number(i.interval?.count);
  const unit = String(i.interval?.unit ?? '').toLowerCase();
  if (!Number.isFinite(count) || count < 0) throw new ActionFailure('InvalidActionInput', `action '${name}' inputs.interval.count: expected a non-negative number, got ${describeType(i.interval?.count)}`);
  if (unit === 'month') {
    const d = new Date(now);
    d.setUTCMonth(d.getUTCMonth() + count);
    return d.getTime();
  }
  const ms = UNIT_MS[unit];
  if (!ms) throw new ActionFailure('InvalidActionInput', `action '${name}' inputs.interval.unit: expected Second, Minute, Hour, Day, Week or Month, got ${JSON.stringify(i.interval?.unit) ?? 'nothing'}`);
  return now + count * ms;
}

export const waitAction: ActionHandler = {
  sideEffect: false,
  async run(ctx) {
    const { clock } = ctx.run.env;
    const inputs = ctx.evaluate(ctx.def, 'inputs', ctx.def.inputs);
    const notBefore = ctx.prior?.notBefore ?? new Date(dueAt(inputs, clock.now(), ctx.name)).toISOString();
    ctx.progress({ status: 'Waiting', inputs, notBefore });
    await clock.sleep(Date.parse(notBefore) - clock.now(), ctx.run.signal);
    return { status: 'Succeeded', inputs };
  },
};
