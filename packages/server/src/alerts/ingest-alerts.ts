import type { SecurityContext } from '../app/security-context.ts';
import { auditEntry } from '../audit/audit-entry.ts';
import { formatTimestamp, timestampMillis } from '../common/timestamp.ts';
import type { FieldChange, SecurityEvent } from '../events/security-events.ts';
import { chooseIncident, correlationKeys, widestWindowMinutes } from '../incidents/correlation.ts';
import { entitiesOfAlert } from '../incidents/entities.ts';
import { applyAlertToIncident, incidentFromAlert } from '../incidents/incident-from-alert.ts';
import { timelineOf } from '../incidents/timeline.ts';
import type { SecurityTransaction } from '../store/security-store.ts';
import type { Alert, AlertInput } from './alert-schema.ts';
import { alertActivityTime, alertChanged, alertProvider, stampAlert } from './alert-intake.ts';

export type IngestOutcome = 'created' | 'updated' | 'unchanged';

export interface IngestResult {
  alerts: Alert[];
  outcomes: IngestOutcome[];
}

/** Top-level alert properties that differ between two versions. */
export function alertChanges(before: Alert, after: Alert): FieldChange[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changes: FieldChange[] = [];
  for (const field of keys) {
    if (field === 'lastUpdateDateTime') continue;
    const b = (before as Record<string, unknown>)[field];
    const a = (after as Record<string, unknown>)[field];
    if (JSON.stringify(b) !== JSON.stringify(a)) changes.push({ field, before: b ?? null, after: a ?? null });
  }
  return changes;
}

/**
 * Stores alerts and correlates each into an incident, all in one transaction, then announces the
 * changes. Idempotent on provider + providerAlertId: a re-posted alert updates the stored one (or
 * leaves it alone when nothing changed) and keeps its id and incident.
 */
export async function ingestAlerts(ctx: SecurityContext, inputs: readonly AlertInput[], actor: string): Promise<IngestResult> {
  const now = formatTimestamp(ctx.clock());
  const events: SecurityEvent[] = [];
  const result = await ctx.store.transaction(async (tx) => {
    const alerts: Alert[] = [];
    const outcomes: IngestOutcome[] = [];
    for (const input of inputs) {
      const existing = input.providerAlertId ? await tx.findAlertByProvider(alertProvider(input), input.providerAlertId) : undefined;
      const alert = stampAlert(input, { id: ctx.newId(), now }, existing);
      if (existing && !alertChanged(existing, alert)) {
        alerts.push(existing);
        outcomes.push('unchanged');
        continue;
      }
      if (existing) {
        await tx.updateAlert(alert);
        const changes = alertChanges(existing, alert);
        await tx.appendAudit([auditEntry({ newId: ctx.newId, at: now }, actor, 'alert', alert.id, 'update', existing, alert)]);
        events.push({ type: 'alert.updated', alert, before: existing, changes, actor });
        if (alert.incidentId) await foldIntoIncident(ctx, tx, alert, alert.incidentId, now, actor, events, false);
        alerts.push(alert);
        outcomes.push('updated');
        continue;
      }
      alerts.push(await correlateNewAlert(ctx, tx, alert, now, actor, events));
      outcomes.push('created');
    }
    return { alerts, outcomes };
  });
  const ingested = ctx.metrics.counter('riposte_alerts_ingested_total', 'Alerts received on ingest, by outcome.');
  for (const o of result.outcomes) ingested.inc({ outcome: o });
  ctx.events.emit(events);
  return result;
}

async function correlateNewAlert(
  ctx: SecurityContext,
  tx: SecurityTransaction,
  alert: Alert,
  now: string,
  actor: string,
  events: SecurityEvent[],
): Promise<Alert> {
  const entities = entitiesOfAlert(alert);
  const keys = correlationKeys(alert, entities, ctx.correlation);
  const at = alertActivityTime(alert);
  const since = formatTimestamp(new Date(timestampMillis(at) - widestWindowMinutes(ctx.correlation) * 60_000));
  const candidates = await tx.findCorrelationCandidates([...new Set(keys.map((k) => k.key))], since);
  const match = chooseIncident(at, keys, candidates, ctx.correlation);
  const audit = { newId: ctx.newId, at: now };

  let incidentId: string;
  if (match) {
    incidentId = match.incidentId;
    const stored: Alert = { ...alert, incidentId };
    await tx.insertAlert(stored);
    events.push({ type: 'alert.created', alert: stored, actor });
    await tx.appendAudit([auditEntry(audit, actor, 'alert', stored.id, 'create', null, stored)]);
    await foldIntoIncident(ctx, tx, stored, incidentId, now, actor, events, true, entities);
    await tx.touchCorrelationKeys(incidentId, keys.map((k) => k.key), at);
    return stored;
  }
  const draft = incidentFromAlert(alert, entities, { id: ctx.newId(), now }, ctx.sla);
  const incident = await tx.insertIncident(draft);
  incidentId = incident.id;
  const stored: Alert = { ...alert, incidentId };
  await tx.insertAlert(stored);
  await tx.touchCorrelationKeys(incidentId, keys.map((k) => k.key), at);
  await tx.appendTimeline([
    { id: ctx.newId(), incidentId, at: now, actor, action: 'created', field: null, before: null, after: { number: incident.number, alertId: stored.id } },
  ]);
  await tx.appendAudit([
    auditEntry(audit, actor, 'alert', stored.id, 'create', null, stored),
    auditEntry(audit, actor, 'incident', incidentId, 'create', null, incident),
  ]);
  events.push({ type: 'alert.created', alert: stored, actor });
  events.push({ type: 'incident.created', incident, actor });
  return stored;
}

async function foldIntoIncident(
  ctx: SecurityContext,
  tx: SecurityTransaction,
  alert: Alert,
  incidentId: string,
  now: string,
  actor: string,
  events: SecurityEvent[],
  newMember: boolean,
  entities = entitiesOfAlert(alert),
): Promise<void> {
  const incident = await tx.getIncident(incidentId);
  if (!incident) return;
  const { incident: next, changes } = applyAlertToIncident(incident, alert, entities, newMember, now);
  if (changes.length === 0) return;
  await tx.updateIncident(next);
  await tx.appendTimeline(timelineOf(incidentId, changes.some((c) => c.field === 'alerts') ? 'alertAdded' : 'updated', changes, { newId: ctx.newId, at: now, actor }));
  await tx.appendAudit([auditEntry({ newId: ctx.newId, at: now }, actor, 'incident', incidentId, 'update', incident, next)]);
  events.push({ type: 'incident.updated', incident: next, before: incident, changes, actor });
}
