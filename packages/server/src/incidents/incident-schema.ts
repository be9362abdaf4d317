import { z } from 'zod';
import { caseInsensitiveEnum } from '../common/case-insensitive-enum.ts';

// Sentinel's incident (Microsoft.SecurityInsights/incidents properties) plus the response process.
export const incidentSeverities = ['Informational', 'Low', 'Medium', 'High'] as const;
export const incidentStatuses = ['New', 'Active', 'Closed'] as const;
export const incidentClassifications = ['Undetermined', 'TruePositive', 'BenignPositive', 'FalsePositive'] as const;
export const incidentClassificationReasons = [
  'SuspiciousActivity',
  'SuspiciousButExpected',
  'IncorrectAlertLogic',
  'InaccurateData',
] as const;
export const incidentPhases = ['Investigation', 'Containment', 'Eradication', 'Recovery', 'Resolved', 'Escalated'] as const;
export const labelTypes = ['User', 'AutoAssigned', 'System'] as const;
export const entityKinds = ['Account', 'Host', 'Ip', 'Url', 'File', 'FileHash', 'Process', 'Mailbox', 'AzureResource', 'RegistryKey', 'CloudApplication'] as const;

export type IncidentSeverity = (typeof incidentSeverities)[number];
export type IncidentStatus = (typeof incidentStatuses)[number];
export type IncidentPhase = (typeof incidentPhases)[number];
export type EntityKind = (typeof entityKinds)[number];

export const incidentSeverityRank: Record<IncidentSeverity, number> = { Informational: 1, Low: 2, Medium: 3, High: 4 };

const str = z.string().nullish();

export const incidentOwnerSchema = z
  .strictObject({
    objectId: str,
    email: str,
    assignedTo: str,
    userPrincipalName: str,
    ownerType: caseInsensitiveEnum(['Unknown', 'User', 'Group'] as const).nullish(),
  })
  .meta({ id: 'IncidentOwner' });
export type IncidentOwner = z.output<typeof incidentOwnerSchema>;

export const incidentLabelSchema = z
  .strictObject({ labelName: z.string().min(1).max(256), labelType: caseInsensitiveEnum(labelTypes).default('User') })
  .meta({ id: 'IncidentLabel' });
export type IncidentLabel = z.output<typeof incidentLabelSchema>;

/** A related entity, keyed so the same user, host or address seen in two alerts is one entity. */
export const incidentEntitySchema = z
  .object({
    kind: z.enum(entityKinds),
    key: z.string(),
    friendlyName: z.string(),
    properties: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'IncidentEntity' });
export type IncidentEntity = z.output<typeof incidentEntitySchema>;

export const incidentRolesSchema = z
  .strictObject({ lead: str, technical: str, legal: str, communications: str })
  .meta({ id: 'IncidentRoles', description: 'Who holds each response role (names or UPNs).' });
export type IncidentRoles = z.output<typeof incidentRolesSchema>;

export const incidentSlaSchema = z
  .object({
    acknowledgeBy: z.string(),
    recoverBy: z.string(),
    acknowledgedAt: z.string().nullable(),
    recoveredAt: z.string().nullable(),
    acknowledgeBreached: z.boolean(),
    recoveryBreached: z.boolean(),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'IncidentSla' });
export type IncidentSla = z.output<typeof incidentSlaSchema>;

/** The stored incident record (without its alerts, comments and tasks, which live beside it). */
export const incidentSchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    title: z.string(),
    description: z.string().nullable(),
    severity: z.enum(incidentSeverities),
    status: z.enum(incidentStatuses),
    owner: incidentOwnerSchema,
    labels: z.array(incidentLabelSchema),
    classification: z.enum(incidentClassifications).nullable(),
    classificationReason: z.enum(incidentClassificationReasons).nullable(),
    classificationComment: z.string().nullable(),
    firstActivityTimeUtc: z.string().nullable(),
    lastActivityTimeUtc: z.string().nullable(),
    createdTimeUtc: z.string(),
    lastModifiedTimeUtc: z.string(),
    providerName: z.string(),
    providerIncidentId: z.string(),
    relatedAnalyticRuleIds: z.array(z.string()),
    tactics: z.array(z.string()),
    alertProductNames: z.array(z.string()),
    entities: z.array(incidentEntitySchema),
    phase: z.enum(incidentPhases),
    roles: incidentRolesSchema,
    scope: z.array(z.string()).meta({ description: 'Keys of the entities in scope of the response.' }),
    objective: z.string().nullable(),
    sla: incidentSlaSchema,
  })
  .meta({ id: 'Incident' });
export type Incident = z.output<typeof incidentSchema>;

/** PATCH /api/incidents/{id}. */
export const incidentPatchSchema = z
  .strictObject({
    title: z.string().min(1).max(1024).optional(),
    description: z.string().max(32_000).nullish(),
    severity: caseInsensitiveEnum(incidentSeverities).optional(),
    status: caseInsensitiveEnum(incidentStatuses).optional(),
    owner: incidentOwnerSchema.nullish(),
    labels: z.array(incidentLabelSchema).max(100).optional(),
    classification: caseInsensitiveEnum(incidentClassifications).nullish(),
    classificationReason: caseInsensitiveEnum(incidentClassificationReasons).nullish(),
    classificationComment: z.string().max(4000).nullish(),
    phase: caseInsensitiveEnum(incidentPhases).optional(),
    roles: incidentRolesSchema.optional(),
    scope: z.array(z.string()).max(1000).optional(),
    objective: z.string().max(4000).nullish(),
  })
  .meta({ id: 'IncidentPatch' });
export type IncidentPatch = z.output<typeof incidentPatchSchema>;

export const commentAuthorSchema = z.object({ objectId: str, email: str, name: str, userPrincipalName: str });

export const incidentCommentSchema = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    message: z.string(),
    createdTimeUtc: z.string(),
    lastModifiedTimeUtc: z.string(),
    author: commentAuthorSchema,
  })
  .meta({ id: 'IncidentComment' });
export type IncidentComment = z.output<typeof incidentCommentSchema>;

export const incidentCommentInputSchema = z
  .strictObject({ message: z.string().min(1).max(30_000), author: commentAuthorSchema.partial().optional() })
  .meta({ id: 'IncidentCommentInput' });

export const taskStatuses = ['New', 'Completed'] as const;

export const incidentTaskSchema = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    status: z.enum(taskStatuses),
    owner: z.string().nullable(),
    createdTimeUtc: z.string(),
    lastModifiedTimeUtc: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'IncidentTask' });
export type IncidentTask = z.output<typeof incidentTaskSchema>;

export const incidentTaskInputSchema = z
  .strictObject({
    title: z.string().min(1).max(150),
    description: z.string().max(3000).nullish(),
    status: caseInsensitiveEnum(taskStatuses).default('New'),
    owner: z.string().max(256).nullish(),
  })
  .meta({ id: 'IncidentTaskInput' });

export const incidentTaskPatchSchema = z
  .strictObject({
    title: z.string().min(1).max(150).optional(),
    description: z.string().max(3000).nullish(),
    status: caseInsensitiveEnum(taskStatuses).optional(),
    owner: z.string().max(256).nullish(),
  })
  .meta({ id: 'IncidentTaskPatch' });

/** One recorded change to an incident: who changed which field from what to what. */
export const timelineEntrySchema = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    at: z.string(),
    actor: z.string(),
    action: z.string().meta({ description: 'created, updated, alertAdded, commentAdded, taskAdded, taskUpdated' }),
    field: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .meta({ id: 'TimelineEntry' });
export type TimelineEntry = z.output<typeof timelineEntrySchema>;
