import type { SecurityContext } from '../app/security-context.ts';
import { auditEntry } from '../audit/audit-entry.ts';
import { formatTimestamp, timestampMillis } from '../common/timestamp.ts';
import type { FieldChange, SecurityEvent } from '../events/security-events.ts';
import { chooseIncident, correlationKeys, widestWindowMinutes } from '../incidents/correlation.ts';
import type { CorrelationCandidate, CorrelationKey, CorrelationMatch } from '../incidents/correlation.ts';
import { CandidateIndex } from '../incidents/correlation-candidates.ts';
import { entitiesOfAlert } from '../incidents/entities.ts';
import { applyAlertToIncident, incidentFromAlert } from '../incidents/incident-from-alert.ts';
import type { Incident, IncidentEntity, TimelineEntry } from '../incidents/incident-schema.ts';
import { timelineOf } from '../incidents/timeline.ts';
import type { AuditEntry, SecurityTransaction } from '../store/security-store.ts';
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

/** Folds several change lists on one record into one: first before, last after, all additions. */
export function mergeChanges(into: FieldChange[], more: readonly FieldChange[]): void {
  for (const c of more) {
    const seen = into.find((x) => x.field === c.field);
    if (!seen) into.push({ ...c, ...(c.added ? { added: [...c.added] } : {}) });
    else {
      seen.after = c.after;
      if (c.added) seen.added = [...(seen.added ?? []), ...c.added];
    }
  }
}

/** The changed fields only, as the audit log's before → after (collections show what was added). */
function auditDiff(changes: readonly FieldChange[]): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const c of changes) {
    if (c.added) after[c.field] = { added: c.added };
    else {
      before[c.field] = c.before;
      after[c.field] = c.after;
    }
  }
  return { before, after };
}

/** An incident touched by this batch: written once, audited once, announced once at the end. */
interface TouchedIncident {
  before: Incident | null;
  current: Incident;
  changes: FieldChange[];
}

/**
 * Stores alerts and correlates each into an incident, all in one transaction, then announces the
 * changes. Idempotent on provider + providerAlertId: a re-posted alert updates the stored one (or
 * leaves it alone when nothing changed) and keeps its id and incident. Each incident the batch
 * touches is written once, with one audit entry and one event; its timeline gets an entry per alert.
 * The alerts a request creates share one audit entry (entityType "alertIngest") listing each created
 * alert with its incident: the alert as created is the stored alert, and later changes to it are
 * audited one by one ("alert" entries with before → after).
 */
export async function ingestAlerts(ctx: SecurityContext, inputs: readonly AlertInput[], actor: string): Promise<IngestResult> {
  const started = performance.now();
  const now = formatTimestamp(ctx.clock());
  const alertEvents: SecurityEvent[] = [];
  const incidentEvents: SecurityEvent[] = [];
  const result = await ctx.store.transaction(async (tx) => {
    const batch = new IngestBatch(ctx, tx, now, actor);
    batch.prefetch(inputs);
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
        batch.audit.push(auditEntry({ newId: ctx.newId, at: now }, actor, 'alert', alert.id, 'update', existing, alert));
        alertEvents.push({ type: 'alert.updated', alert, before: existing, changes: alertChanges(existing, alert), actor });
        if (alert.incidentId) await batch.fold(alert, alert.incidentId, false);
        alerts.push(alert);
        outcomes.push('updated');
        continue;
      }
      const stored = await batch.correlate(alert);
      alertEvents.push({ type: 'alert.created', alert: stored, actor });
      alerts.push(stored);
      outcomes.push('created');
    }
    incidentEvents.push(...(await batch.finish()));
    return { alerts, outcomes };
  });
  const ingested = ctx.metrics.counter('riposte_alerts_ingested_total', 'Alerts received on ingest, by outcome.');
  for (const o of result.outcomes) ingested.inc({ outcome: o });
  // From the validated request to its alerts (and their incidents) being durable, per request.
  ctx.metrics
    .histogram('riposte_alert_ingest_seconds', 'Time to store and correlate one ingest request, until durable; by one alert or a batch.')
    .observe((performance.now() - started) / 1000, { request: inputs.length === 1 ? 'one' : 'batch' });
  ctx.events.emit([...alertEvents, ...incidentEvents]);
  return result;
}

class IngestBatch {
  readonly audit: AuditEntry[] = [];
  private readonly timeline: TimelineEntry[] = [];
  private readonly touched = new Map<string, TouchedIncident>();
  private readonly candidates: CandidateIndex;
  // Entities by evidence list: computed once per posted alert, whether for prefetching or storing.
  private readonly entitiesByEvidence = new WeakMap<object, IncidentEntity[]>();
  private readonly created: { id: string; providerAlertId: string; incidentId: string }[] = [];
  private readonly windowMs: number;
  // The correlation keys of the whole batch (see prefetch), the earliest time they matter from, and
  // the rules whose keys have been read for the batch.
  private readonly batchKeys: CorrelationKey[] = [];
  private batchSince: string | undefined;
  private readonly prefetchedRules = new Set<number>();

  constructor(
    private readonly ctx: SecurityContext,
    private readonly tx: SecurityTransaction,
    private readonly now: string,
    private readonly actor: string,
  ) {
    this.candidates = new CandidateIndex(tx);
    this.windowMs = widestWindowMinutes(ctx.correlation) * 60_000;
  }

  /**
   * Notes the correlation keys of every alert of the batch, so that the candidates of each rule are
   * read for the whole batch in one query (see prefetchRule) rather than alert by alert.
   */
  prefetch(inputs: readonly AlertInput[]): void {
    if (inputs.length < 2) return;
    let since: string | undefined;
    for (const input of inputs) {
      // What a new alert made from this input is correlated by (see stampAlert); a re-sent alert's
      // keys may differ, and `find` reads whatever the prefetch did not cover.
      const evidence = (input.evidence ?? []) as Alert['evidence'];
      const draft = { title: input.title, detectorId: input.detectorId ?? null, evidence };
      this.batchKeys.push(...correlationKeys(draft, this.entitiesOf(draft), this.ctx.correlation));
      const at = input.lastActivityDateTime ?? input.firstActivityDateTime ?? input.createdDateTime ?? this.now;
      const s = formatTimestamp(new Date(timestampMillis(at) - this.windowMs));
      if (since === undefined || s < since) since = s;
    }
    this.batchSince = since;
  }

  /**
   * Reads the candidates of one rule's keys for the whole batch, the first time an alert needs them.
   * Rules are tried in order and the first that matches decides, so when the first rule (same
   * detector, say) matches every alert, the keys of the others (each entity) are never read.
   */
  private async prefetchRule(rule: number): Promise<void> {
    if (this.batchSince === undefined || this.prefetchedRules.has(rule)) return;
    this.prefetchedRules.add(rule);
    const keys = this.batchKeys.filter((k) => k.rule === rule).map((k) => k.key);
    if (keys.length > 0) await this.candidates.prefetch(keys, this.batchSince);
  }

  private entitiesOf(alert: Pick<Alert, 'evidence'>): IncidentEntity[] {
    const evidence = alert.evidence as object;
    let entities = this.entitiesByEvidence.get(evidence);
    if (!entities) this.entitiesByEvidence.set(evidence, (entities = entitiesOfAlert(alert)));
    // Callers keep the list (incidents hold it); hand each a copy of the cached one.
    return entities.slice();
  }

  private sinceOf(alert: Alert): string {
    return formatTimestamp(new Date(timestampMillis(alertActivityTime(alert)) - this.windowMs));
  }

  /** Stores a new alert in the incident it correlates with, or in a new one. */
  async correlate(alert: Alert): Promise<Alert> {
    const { ctx, tx } = this;
    const entities = this.entitiesOf(alert);
    const keys = correlationKeys(alert, entities, ctx.correlation);
    const at = alertActivityTime(alert);
    const since = this.sinceOf(alert);
    // Rule by rule: the first rule with a candidate in its window decides (as chooseIncident over
    // all keys would). In a batch the later rules' keys are read (for the whole batch) only when an
    // alert needs them; a lone alert reads all its keys in one query instead of one per rule.
    if (this.batchSince === undefined) await this.candidates.prefetch(keys.map((k) => k.key), since);
    let match: CorrelationMatch | undefined;
    let candidates: CorrelationCandidate[] = [];
    for (let rule = 0; rule < ctx.correlation.rules.length && !match; rule++) {
      const ruleKeys = keys.filter((k) => k.rule === rule);
      if (ruleKeys.length === 0) continue;
      await this.prefetchRule(rule);
      candidates = await this.candidates.find(ruleKeys.map((k) => k.key), since);
      match = chooseIncident(at, ruleKeys, candidates, ctx.correlation);
    }
    let stored: Alert;
    let number: number;
    if (match) {
      stored = { ...alert, incidentId: match.incidentId };
      number = candidates.find((c) => c.incidentId === match.incidentId)!.incidentNumber;
      await tx.insertAlert(stored);
      await this.fold(stored, match.incidentId, true, entities);
    } else {
      // Inserted now so that later alerts of the batch can correlate with it.
      const incident = await tx.insertIncident(incidentFromAlert(alert, entities, { id: ctx.newId(), now: this.now }, ctx.sla));
      stored = { ...alert, incidentId: incident.id };
      number = incident.number;
      await tx.insertAlert(stored);
      this.touched.set(incident.id, { before: null, current: incident, changes: [] });
      this.timeline.push({ id: ctx.newId(), incidentId: incident.id, at: this.now, actor: this.actor, action: 'created', field: null, before: null, after: { number: incident.number, alertId: stored.id } });
    }
    this.created.push({ id: stored.id, providerAlertId: stored.providerAlertId, incidentId: stored.incidentId! });
    this.candidates.touch({ id: stored.incidentId!, number }, keys.map((k) => k.key), at);
    return stored;
  }

  /** Applies an alert (new to the incident, or an update of one of its alerts) to the incident. */
  async fold(alert: Alert, incidentId: string, newMember: boolean, entities = entitiesOfAlert(alert)): Promise<void> {
    let entry = this.touched.get(incidentId);
    if (!entry) {
      const stored = await this.tx.getIncident(incidentId);
      if (!stored) return;
      entry = { before: stored, current: stored, changes: [] };
      this.touched.set(incidentId, entry);
    }
    const { incident, changes } = applyAlertToIncident(entry.current, alert, entities, newMember, this.now);
    if (changes.length === 0) return;
    entry.current = incident;
    mergeChanges(entry.changes, changes);
    const action = changes.some((c) => c.field === 'alerts') ? 'alertAdded' : 'updated';
    this.timeline.push(...timelineOf(incidentId, action, changes, { newId: this.ctx.newId, at: this.now, actor: this.actor }));
  }

  /** Writes every touched incident once, the timeline and the audit; returns the incident events. */
  async finish(): Promise<SecurityEvent[]> {
    const events: SecurityEvent[] = [];
    const ids = { newId: this.ctx.newId, at: this.now };
    for (const [id, entry] of this.touched) {
      if (entry.before === null) {
        if (entry.changes.length > 0) await this.tx.updateIncident(entry.current);
        this.audit.push(auditEntry(ids, this.actor, 'incident', id, 'create', null, entry.current));
        events.push({ type: 'incident.created', incident: entry.current, actor: this.actor });
      } else if (entry.changes.length > 0) {
        await this.tx.updateIncident(entry.current);
        const diff = auditDiff(entry.changes);
        this.audit.push(auditEntry(ids, this.actor, 'incident', id, 'update', diff.before, diff.after));
        events.push({ type: 'incident.updated', incident: entry.current, before: entry.before, changes: entry.changes, actor: this.actor });
      }
    }
    await this.candidates.flush((incidentId, keys, seenAt) => this.tx.touchCorrelationKeys(incidentId, keys, seenAt));
    if (this.created.length > 0) {
      this.audit.push(auditEntry(ids, this.actor, 'alertIngest', this.ctx.newId(), 'create', null, { created: this.created }));
    }
    await this.tx.appendTimeline(this.timeline);
    await this.tx.appendAudit(this.audit);
    return events;
  }
}
