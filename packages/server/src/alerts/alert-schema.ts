import { z } from 'zod';
import { caseInsensitiveEnum } from '../common/case-insensitive-enum.ts';
import { timestampSchema } from '../common/timestamp.ts';
import { evidenceSchema } from './evidence.ts';

// The Graph security `alert_v2` model (…/security/alerts_v2). Enumerations keep Graph's spelling.
export const alertStatuses = ['new', 'inProgress', 'resolved', 'unknownFutureValue'] as const;
export const alertSeverities = ['unknown', 'informational', 'low', 'medium', 'high', 'unknownFutureValue'] as const;
export const alertClassifications = [
  'unknown',
  'falsePositive',
  'truePositive',
  'informationalExpectedActivity',
  'unknownFutureValue',
] as const;

export type AlertStatus = (typeof alertStatuses)[number];
export type AlertSeverity = (typeof alertSeverities)[number];

/** Severity order used wherever "the higher one wins". */
export const alertSeverityRank: Record<AlertSeverity, number> = {
  unknown: 0,
  unknownFutureValue: 0,
  informational: 1,
  low: 2,
  medium: 3,
  high: 4,
};

const str = z.string().nullish();

export const alertCommentSchema = z
  .looseObject({
    comment: z.string(),
    createdByDisplayName: str,
    createdDateTime: timestampSchema.nullish(),
  })
  .meta({ id: 'AlertComment' });

// Fields a sender may set; the server owns id, incidentId, timestamps it stamps, and incidentWebUrl.
const alertFields = {
  providerAlertId: str,
  status: caseInsensitiveEnum(alertStatuses).optional(),
  severity: caseInsensitiveEnum(alertSeverities).optional(),
  classification: caseInsensitiveEnum(alertClassifications).nullish(),
  determination: str,
  serviceSource: str,
  detectionSource: str,
  detectorId: str,
  tenantId: str,
  title: z.string().min(1).max(1024),
  description: str,
  recommendedActions: str,
  category: str,
  assignedTo: str,
  alertWebUrl: str,
  actorDisplayName: str,
  threatDisplayName: str,
  threatFamilyName: str,
  mitreTechniques: z.array(z.string()).nullish(),
  createdDateTime: timestampSchema.nullish(),
  lastUpdateDateTime: timestampSchema.nullish(),
  resolvedDateTime: timestampSchema.nullish(),
  firstActivityDateTime: timestampSchema.nullish(),
  lastActivityDateTime: timestampSchema.nullish(),
  comments: z.array(alertCommentSchema).nullish(),
  evidence: z.array(evidenceSchema).max(1000).nullish(),
  systemTags: z.array(z.string()).nullish(),
  additionalData: z.record(z.string(), z.unknown()).nullish(),
};

/** An alert_v2 as a sender posts it. Unknown properties are kept. */
export const alertInputSchema = z
  .looseObject({
    '@odata.type': z.string().optional(),
    id: z.string().optional(),
    incidentId: z.string().nullish(),
    incidentWebUrl: str,
    ...alertFields,
  })
  .meta({ id: 'AlertInput', description: 'A Graph alert_v2 (security/alerts_v2) as posted by a detector.' });

export type AlertInput = z.output<typeof alertInputSchema>;

/** A stored alert: an alert_v2 with every server-owned field filled in. */
export const alertSchema = z
  .looseObject({
    '@odata.type': z.literal('#microsoft.graph.security.alert'),
    id: z.string(),
    providerAlertId: z.string(),
    incidentId: z.string().nullable(),
    incidentWebUrl: z.string().nullable(),
    status: z.enum(alertStatuses),
    severity: z.enum(alertSeverities),
    classification: z.enum(alertClassifications).nullable(),
    determination: z.string().nullable(),
    serviceSource: z.string().nullable(),
    detectionSource: z.string().nullable(),
    detectorId: z.string().nullable(),
    tenantId: z.string().nullable(),
    title: z.string(),
    description: z.string().nullable(),
    recommendedActions: z.string().nullable(),
    category: z.string().nullable(),
    assignedTo: z.string().nullable(),
    alertWebUrl: z.string().nullable(),
    actorDisplayName: z.string().nullable(),
    threatDisplayName: z.string().nullable(),
    threatFamilyName: z.string().nullable(),
    mitreTechniques: z.array(z.string()),
    createdDateTime: z.string(),
    lastUpdateDateTime: z.string(),
    resolvedDateTime: z.string().nullable(),
    firstActivityDateTime: z.string().nullable(),
    lastActivityDateTime: z.string().nullable(),
    comments: z.array(z.looseObject({ comment: z.string(), createdByDisplayName: z.string().nullish(), createdDateTime: z.string().nullish() })),
    evidence: z.array(z.looseObject({ '@odata.type': z.string() })),
    systemTags: z.array(z.string()),
    additionalData: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'Alert', description: 'A stored Graph alert_v2.' });

export type Alert = z.output<typeof alertSchema>;

/** PATCH /api/alerts/{id}: the fields Graph lets a client update on an alert_v2. */
export const alertPatchSchema = z
  .strictObject({
    status: caseInsensitiveEnum(alertStatuses).optional(),
    classification: caseInsensitiveEnum(alertClassifications).nullish(),
    determination: z.string().nullish(),
    assignedTo: z.string().nullish(),
    severity: caseInsensitiveEnum(alertSeverities).optional(),
    comments: z.array(alertCommentSchema).optional(),
    customDetails: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'AlertPatch' });

export type AlertPatch = z.output<typeof alertPatchSchema>;
