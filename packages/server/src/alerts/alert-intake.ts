import { badRequestFromZod } from '../common/errors.ts';
import type { Alert, AlertInput } from './alert-schema.ts';
import { alertInputSchema } from './alert-schema.ts';
import { isLegacyAlert, legacyAlertSchema, legacyToAlertV2 } from './legacy-v1.ts';

/** Validates one posted alert (alert_v2 or legacy v1) and returns it as an alert_v2 input. */
export function parseAlertInput(raw: unknown, pointer: string): AlertInput {
  if (isLegacyAlert(raw)) {
    const parsed = legacyAlertSchema.safeParse(raw);
    if (!parsed.success) throw badRequestFromZod(parsed.error, pointer);
    return legacyToAlertV2(parsed.data);
  }
  const parsed = alertInputSchema.safeParse(raw);
  if (!parsed.success) throw badRequestFromZod(parsed.error, pointer);
  return parsed.data;
}

/** The provider an alert comes from, which scopes its providerAlertId. */
export function alertProvider(input: Pick<AlertInput, 'serviceSource'>): string {
  return input.serviceSource ?? '';
}

// The sent value of a property, else the stored one, else the fallback. Top level rather than a
// closure: stampAlert runs per alert, and under tsx every closure made also gets its name set.
function pick<K extends keyof Alert>(given: Record<string, unknown>, existing: Alert | undefined, key: K, fallback: Alert[K]): Alert[K] {
  return given[key] !== undefined ? ((given[key] ?? fallback) as Alert[K]) : ((existing?.[key] ?? fallback) as Alert[K]);
}

/**
 * Builds the stored alert from an input. `existing` is the stored alert with the same provider and
 * providerAlertId: its id, incident and creation time are kept.
 */
export function stampAlert(input: AlertInput, ids: { id: string; now: string }, existing?: Alert): Alert {
  // A property the sender leaves out keeps its stored value: a provider re-sending its alert must
  // not wipe what analysts set (classification, assignment, comments).
  const given = input as Record<string, unknown>;
  const id = existing?.id ?? ids.id;
  const status = pick(given, existing, 'status', 'new');
  const resolvedDateTime = pick(given, existing, 'resolvedDateTime', null) ?? (status === 'resolved' ? ids.now : null);
  const stamped: Alert = {
    '@odata.type': '#microsoft.graph.security.alert',
    id,
    providerAlertId: input.providerAlertId ?? existing?.providerAlertId ?? id,
    incidentId: existing?.incidentId ?? null,
    incidentWebUrl: existing?.incidentWebUrl ?? null,
    status,
    severity: pick(given, existing, 'severity', 'unknown'),
    classification: pick(given, existing, 'classification', null),
    determination: pick(given, existing, 'determination', null),
    serviceSource: pick(given, existing, 'serviceSource', null),
    detectionSource: pick(given, existing, 'detectionSource', null),
    detectorId: pick(given, existing, 'detectorId', null),
    tenantId: pick(given, existing, 'tenantId', null),
    title: input.title,
    description: pick(given, existing, 'description', null),
    recommendedActions: pick(given, existing, 'recommendedActions', null),
    category: pick(given, existing, 'category', null),
    assignedTo: pick(given, existing, 'assignedTo', null),
    alertWebUrl: pick(given, existing, 'alertWebUrl', null),
    actorDisplayName: pick(given, existing, 'actorDisplayName', null),
    threatDisplayName: pick(given, existing, 'threatDisplayName', null),
    threatFamilyName: pick(given, existing, 'threatFamilyName', null),
    mitreTechniques: pick(given, existing, 'mitreTechniques', []),
    createdDateTime: existing?.createdDateTime ?? input.createdDateTime ?? ids.now,
    lastUpdateDateTime: input.lastUpdateDateTime ?? ids.now,
    resolvedDateTime: status === 'resolved' ? resolvedDateTime : (input.resolvedDateTime ?? null),
    firstActivityDateTime: pick(given, existing, 'firstActivityDateTime', null),
    lastActivityDateTime: pick(given, existing, 'lastActivityDateTime', null),
    comments:
      input.comments != null
        ? input.comments.map((c) => ({ ...c, createdDateTime: c.createdDateTime ?? null, createdByDisplayName: c.createdByDisplayName ?? null }))
        : (existing?.comments ?? []),
    evidence: pick(given, existing, 'evidence', []),
    systemTags: pick(given, existing, 'systemTags', []),
    additionalData: input.additionalData ?? existing?.additionalData ?? undefined,
  };
  // Properties Graph may add later, or a sender's own, follow the known ones (the sender's value
  // over the stored one). Most alerts carry none: then the stamped object is the alert.
  let extra: Record<string, unknown> | undefined;
  for (const source of [existing, input] as (Record<string, unknown> | undefined)[]) {
    if (!source) continue;
    for (const key of Object.keys(source)) {
      if (!(key in stamped)) (extra ??= Object.create(null) as Record<string, unknown>)[key] = source[key];
    }
  }
  return extra ? { ...stamped, ...extra } : stamped;
}

/** Whether a re-posted alert differs from the stored one in anything but server-stamped times. */
export function alertChanged(before: Alert, after: Alert): boolean {
  const strip = (a: Alert) => JSON.stringify({ ...a, lastUpdateDateTime: null });
  return strip(before) !== strip(after);
}

/** The time an alert's activity is placed at for correlation windows. */
export function alertActivityTime(alert: Alert): string {
  return alert.lastActivityDateTime ?? alert.firstActivityDateTime ?? alert.createdDateTime;
}
