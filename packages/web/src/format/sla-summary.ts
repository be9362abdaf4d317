import type { IncidentSla } from '../api/types.ts';

/** One word for where an incident stands against its SLA clock, and why. */
export function slaState(sla: IncidentSla): { label: string; tone: 'ok' | 'warn' | 'bad' | 'done'; detail: string } {
  if (sla.acknowledgeBreached && !sla.acknowledgedAt) return { label: 'Breached', tone: 'bad', detail: `not acknowledged by ${sla.acknowledgeBy}` };
  if (sla.recoveryBreached && !sla.recoveredAt) return { label: 'Breached', tone: 'bad', detail: `not recovered by ${sla.recoverBy}` };
  if (sla.recoveredAt) {
    return sla.recoveryBreached
      ? { label: 'Recovered late', tone: 'bad', detail: `recovered ${sla.recoveredAt}, due ${sla.recoverBy}` }
      : { label: 'Met', tone: 'done', detail: `recovered ${sla.recoveredAt}` };
  }
  if (sla.warnings.length > 0) return { label: 'Due soon', tone: 'warn', detail: sla.warnings.join(', ') };
  return { label: 'On track', tone: 'ok', detail: sla.acknowledgedAt ? `recover by ${sla.recoverBy}` : `acknowledge by ${sla.acknowledgeBy}` };
}
