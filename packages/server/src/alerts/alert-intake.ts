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

/**
 * Builds the stored alert from an input. `existing` is the stored alert with the same provider and
 * providerAlertId: its id, incident and creation time are kept.
 */
export function stampAlert(input: AlertInput, ids: { id: string; now: string }, existing?: Alert): Alert {
  const {
    '@odata.type': _type,
    id: _id,
    incidentId: _incidentId,
    incidentWebUrl: _incidentWebUrl,
    additionalData: _additionalData,
    ...rest
  } = input;
  // A property the sender leaves out keeps its stored value: a provider re-sending its alert must
  // not wipe what analysts set (classification, assignment, comments).
  const given = input as Record<string, unknown>;
  const pick = <K extends keyof Alert>(key: K, fallback: Alert[K]): Alert[K] =>
    given[key] !== undefined ? ((given[key] ?? fallback) as Alert[K]) : ((existing?.[key] ?? fallback) as Alert[K]);
  const id = existing?.id ?? ids.id;
  const status = pick('status', 'new');
  const resolvedDateTime = pick('resolvedDateTime', null) ?? (status === 'resolved' ? ids.now : null);
  const stamped: Alert = {
    '@odata.type': '#microsoft.graph.security.alert',
    id,
    providerAlertId: input.providerAlertId ?? existing?.providerAlertId ?? id,
    incidentId: existing?.incidentId ?? null,
    incidentWebUrl: existing?.incidentWebUrl ?? null,
    status,
    severity: pick('severity', 'unknown'),
    classification: pick('classification', null),
    determination: pick('determination', null),
    serviceSource: pick('serviceSource', null),
    detectionSource: pick('detectionSource', null),
    detectorId: pick('detectorId', null),
    tenantId: pick('tenantId', null),
    title: input.title,
    description: pick('description', null),
    recommendedActions: pick('recommendedActions', null),
    category: pick('category', null),
    assignedTo: pick('assignedTo', null),
    alertWebUrl: pick('alertWebUrl', null),
    actorDisplayName: pick('actorDisplayName', null),
    threatDisplayName: pick('threatDisplayName', null),
    threatFamilyName: pick('threatFamilyName', null),
    mitreTechniques: pick('mitreTechniques', []),
    createdDateTime: existing?.createdDateTime ?? input.createdDateTime ?? ids.now,
    lastUpdateDateTime: input.lastUpdateDateTime ?? ids.now,
    resolvedDateTime: status === 'resolved' ? resolvedDateTime : (input.resolvedDateTime ?? null),
    firstActivityDateTime: pick('firstActivityDateTime', null),
    lastActivityDateTime: pick('lastActivityDateTime', null),
    comments:
      input.comments != null
        ? input.comments.map((c) => ({ ...c, createdDateTime: c.createdDateTime ?? null, createdByDisplayName: c.createdByDisplayName ?? null }))
        : (existing?.comments ?? []),
    evidence: pick('evidence', []),
    systemTags: pick('systemTags', []),
    additionalData: input.additionalData ?? existing?.additionalData ?? undefined,
  };
  // Properties Graph may add later, or a sender's own, follow the known ones.
  const extra = Object.fromEntries(
    [...Object.entries(existing ?? {}), ...Object.entries(rest)].filter(([k]) => !(k in stamped)),
  );
  return { ...stamped, ...extra };
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
