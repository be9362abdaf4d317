import { addMinutes, timestampMillis } from '../common/timestamp.ts';
import type { Incident, IncidentSeverity, IncidentSla } from './incident-schema.ts';

/** How fast an incident must be acknowledged (by severity) and recovered. */
export interface SlaPolicy {
  acknowledgeMinutes: Record<IncidentSeverity, number>;
  recoverMinutes: number;
  /** Warn this long before a deadline. */
  warnBeforeMinutes: number;
}

export const defaultSlaPolicy: SlaPolicy = {
  acknowledgeMinutes: { High: 30, Medium: 60, Low: 240, Informational: 1440 },
  recoverMinutes: 24 * 60,
  warnBeforeMinutes: 60,
};

/** The SLA clock of a new incident. */
export function startSla(createdTimeUtc: string, severity: IncidentSeverity, policy: SlaPolicy): IncidentSla {
  return {
    acknowledgeBy: addMinutes(createdTimeUtc, policy.acknowledgeMinutes[severity]),
    recoverBy: addMinutes(createdTimeUtc, policy.recoverMinutes),
    acknowledgedAt: null,
    recoveredAt: null,
    acknowledgeBreached: false,
    recoveryBreached: false,
    warnings: [],
  };
}

/**
 * The SLA as of `now`: breach flags and warnings are derived at read time, so they are right
 * without a background job. The acknowledge deadline is recomputed from the current severity. An incident is acknowledged when it leaves New or gets an owner, and
 * recovered when it is closed.
 */
export function slaAsOf(incident: Incident, now: string, policy: SlaPolicy): IncidentSla {
  // The acknowledge deadline follows the current severity: an incident that grew to High is due sooner.
  const sla = { ...incident.sla, acknowledgeBy: addMinutes(incident.createdTimeUtc, policy.acknowledgeMinutes[incident.severity]) };
  const t = timestampMillis(now);
  const ackAt = sla.acknowledgedAt ? timestampMillis(sla.acknowledgedAt) : t;
  const recAt = sla.recoveredAt ? timestampMillis(sla.recoveredAt) : t;
  const acknowledgeBreached = ackAt > timestampMillis(sla.acknowledgeBy);
  const recoveryBreached = recAt > timestampMillis(sla.recoverBy);
  const warnings: string[] = [];
  const soon = policy.warnBeforeMinutes * 60_000;
  if (!sla.acknowledgedAt) {
    if (acknowledgeBreached) warnings.push('acknowledge-overdue');
    else if (timestampMillis(sla.acknowledgeBy) - t <= soon) warnings.push('acknowledge-due-soon');
  }
  if (!sla.recoveredAt) {
    if (recoveryBreached) warnings.push('recovery-overdue');
    else if (timestampMillis(sla.recoverBy) - t <= soon) warnings.push('recovery-due-soon');
  }
  return { ...sla, acknowledgeBreached, recoveryBreached, warnings };
}
