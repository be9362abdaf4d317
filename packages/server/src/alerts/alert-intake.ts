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
  const id = existing?.id ?? ids.id;
  const createdDateTime = existing?.createdDateTime ?? input.createdDateTime ?? ids.now;
  const status = input.status ?? existing?.status ?? 'new';
  const stamped: Alert = {
    '@odata.type': '#microsoft.graph.security.alert',
    id,
    providerAlertId: input.providerAlertId ?? existing?.providerAlertId ?? id,
    incidentId: existing?.incidentId ?? null,
    incidentWebUrl: existing?.incidentWebUrl ?? null,
    status,
    severity: input.severity ?? existing?.severity ?? 'unknown',
    classification: input.classification ?? null,
    determination: input.determination ?? null,
    serviceSource: input.serviceSource ?? null,
    detectionSource: input.detectionSource ?? null,
    detectorId: input.detectorId ?? null,
    tenantId: input.tenantId ?? null,
    title: input.title,
    description: input.description ?? null,
    recommendedActions: input.recommendedActions ?? null,
    category: input.category ?? null,
    assignedTo: input.assignedTo ?? null,
    alertWebUrl: input.alertWebUrl ?? null,
    actorDisplayName: input.actorDisplayName ?? null,
    threatDisplayName: input.threatDisplayName ?? null,
    threatFamilyName: input.threatFamilyName ?? null,
    mitreTechniques: input.mitreTechniques ?? [],
    createdDateTime,
    lastUpdateDateTime: input.lastUpdateDateTime ?? ids.now,
    resolvedDateTime: input.resolvedDateTime ?? (status === 'resolved' ? ids.now : null),
    firstActivityDateTime: input.firstActivityDateTime ?? null,
    lastActivityDateTime: input.lastActivityDateTime ?? null,
    comments: (input.comments ?? []).map((c) => ({ ...c, createdDateTime: c.createdDateTime ?? null, createdByDisplayName: c.createdByDisplayName ?? null })),
    evidence: (input.evidence ?? []) as Alert['evidence'],
    systemTags: input.systemTags ?? [],
    additionalData: input.additionalData ?? undefined,
  };
  // Properties Graph may add later, or a sender's own, follow the known ones.
  const extra = Object.fromEntries(Object.entries(rest).filter(([k]) => !(k in stamped)));
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
