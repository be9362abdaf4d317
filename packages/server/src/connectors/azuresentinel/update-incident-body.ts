import { z } from 'zod';
import type { IncidentLabel, IncidentPatch } from '../../incidents/incident-schema.ts';
import { ConnectorError } from '../sdk/index.ts';

/**
 * The body of Sentinel's "Update incident" (V3) and what it changes, as an IncidentPatch: shared by
 * "Update incident" and "Create incident", whose body is the same less `incidentArmId`.
 */
const classificationValues: Record<string, Pick<IncidentPatch, 'classification' | 'classificationReason'>> = {
  'truepositive - suspiciousactivity': { classification: 'TruePositive', classificationReason: 'SuspiciousActivity' },
  'benignpositive - suspiciousbutexpected': { classification: 'BenignPositive', classificationReason: 'SuspiciousButExpected' },
  'falsepositive - incorrectalertlogic': { classification: 'FalsePositive', classificationReason: 'IncorrectAlertLogic' },
  'falsepositive - inaccuratedata': { classification: 'FalsePositive', classificationReason: 'InaccurateData' },
  undetermined: { classification: 'Undetermined', classificationReason: null },
};

export const severityOf = (value: string): string => (value.toLowerCase() === 'critical' ? 'High' : value);

/** The incident fields "Update incident" (V3) and "Create incident" take, as Sentinel playbooks send them. */
export const incidentFieldsBody = z.looseObject({
  title: z.string().optional(),
  description: z.string().optional(),
  severity: z.string().optional(),
  status: z.string().optional(),
  classification: z.looseObject({ ClassificationAndReason: z.string().optional(), ClassificationReasonText: z.string().optional() }).optional(),
  ownerAction: z.string().optional(),
  owner: z.string().optional(),
  tagsToAdd: z.looseObject({ TagsToAdd: z.array(z.looseObject({ Tag: z.string() })).optional() }).optional(),
  tagsToRemove: z.looseObject({ TagsToRemove: z.array(z.looseObject({ Tag: z.string() })).optional() }).optional(),
});
/** PUT /Incidents ("Update incident", V3): the fields and the incident they change. */
export const updateIncidentBody = incidentFieldsBody.extend({ incidentArmId: z.string().min(1) });

/** The changes an "Update incident" body makes, as a PATCH; `labels` are the incident's labels now (tags add to and remove from them). */
export function patchFromUpdate(labels: readonly IncidentLabel[], body: z.output<typeof incidentFieldsBody>): IncidentPatch {
  const patch: IncidentPatch = {};
  if (body.title) patch.title = body.title;
  if (body.description !== undefined && body.description !== '') patch.description = body.description;
  if (body.severity) patch.severity = severityOf(body.severity) as IncidentPatch['severity'];
  if (body.status) patch.status = body.status as IncidentPatch['status'];
  const c = body.classification?.ClassificationAndReason;
  if (c) {
    const mapped = classificationValues[c.trim().toLowerCase()];
    if (!mapped) throw new ConnectorError('InvalidInput', `classification.ClassificationAndReason: unknown value '${c}'`, { field: '/body/classification/ClassificationAndReason' });
    Object.assign(patch, mapped);
    if (body.classification?.ClassificationReasonText) patch.classificationComment = body.classification.ClassificationReasonText;
  }
  const action = body.ownerAction?.toLowerCase();
  if (action === 'assign' && body.owner) patch.owner = body.owner.includes('@') ? { userPrincipalName: body.owner, email: body.owner, assignedTo: body.owner } : { objectId: body.owner, assignedTo: body.owner };
  else if (action === 'unassign') patch.owner = null;
  const add = body.tagsToAdd?.TagsToAdd ?? [];
  const remove = new Set((body.tagsToRemove?.TagsToRemove ?? []).map((t) => t.Tag.toLowerCase()));
  if (add.length || remove.size) {
    const kept = labels.filter((l) => !remove.has(l.labelName.toLowerCase()));
    patch.labels = withLabels(kept, add.map((t) => t.Tag));
  }
  return patch;
}

/** Labels with `add` appended, skipping empty names and ones already there (compared case-insensitively, as Sentinel does). */
export function withLabels(labels: readonly IncidentLabel[], add: readonly string[]): IncidentLabel[] {
  const next = [...labels];
  for (const name of add) {
    if (name && !next.some((l) => l.labelName.toLowerCase() === name.toLowerCase())) next.push({ labelName: name, labelType: 'User' });
  }
  return next;
}
