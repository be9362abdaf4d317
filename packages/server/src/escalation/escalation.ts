/**
 * Escalation and resolution of an incident. Escalating hands the incident to the triage role
 * (a configured user or group becomes its owner), moves it to phase Escalated and adds a task
 * carrying the reason; stakeholder policies that listen for phase changes then notify. Resolving
 * closes the incident with a classification (phase Resolved, status Closed) through the same
 * update path as PATCH, so the two can never disagree.
 */
import { z } from 'zod';
import type { SecurityContext } from '../app/security-context.ts';
import { caseInsensitiveEnum } from '../common/case-insensitive-enum.ts';
import { addIncidentTask, updateIncident } from '../incidents/incident-operations.ts';
import {
  incidentClassificationReasons,
  incidentClassifications,
  type Incident,
  type IncidentOwner,
  type IncidentTask,
} from '../incidents/incident-schema.ts';

/** Who holds the triage role: a user or a group (ownerType Group). */
export interface TriageAssignee {
  assignedTo: string;
  email?: string | null;
  userPrincipalName?: string | null;
  objectId?: string | null;
  ownerType?: 'User' | 'Group';
}

export interface EscalationConfig {
  triage: TriageAssignee;
  /** Title of the task escalation adds (the reason is its description). */
  taskTitle?: string;
}

export const defaultEscalationConfig: EscalationConfig = { triage: { assignedTo: 'Triage', ownerType: 'Group' } };

export const escalateInputSchema = z
  .strictObject({ reason: z.string().trim().min(1, 'expected the reason for escalating').max(3000) })
  .meta({ id: 'EscalateInput' });

export const resolveInputSchema = z
  .strictObject({
    classification: caseInsensitiveEnum(incidentClassifications),
    classificationReason: caseInsensitiveEnum(incidentClassificationReasons).nullish(),
    classificationComment: z.string().max(4000).nullish(),
  })
  .meta({ id: 'ResolveInput' });

/** Escalates an incident: owner → triage, phase → Escalated, a task with the reason. */
export async function escalateIncident(
  ctx: SecurityContext,
  idOrNumber: string,
  input: z.output<typeof escalateInputSchema>,
  actor: string,
  config: EscalationConfig = defaultEscalationConfig,
): Promise<{ incident: Incident; task: IncidentTask }> {
  const owner: IncidentOwner = {
    assignedTo: config.triage.assignedTo,
    email: config.triage.email ?? null,
    userPrincipalName: config.triage.userPrincipalName ?? null,
    objectId: config.triage.objectId ?? null,
    ownerType: config.triage.ownerType ?? 'User',
  };
  const incident = await updateIncident(ctx, idOrNumber, { phase: 'Escalated', owner, status: 'Active' }, actor);
  const task = await addIncidentTask(
    ctx,
    incident.id,
    { title: (config.taskTitle ?? 'Triage the escalation').slice(0, 150), description: input.reason, status: 'New', owner: config.triage.assignedTo },
    actor,
  );
  return { incident: (await ctx.store.getIncident(incident.id)) ?? incident, task };
}

/** Resolves an incident: status Closed with its classification, phase Resolved. */
export function resolveIncident(ctx: SecurityContext, idOrNumber: string, input: z.output<typeof resolveInputSchema>, actor: string): Promise<Incident> {
  return updateIncident(
    ctx,
    idOrNumber,
    {
      status: 'Closed',
      classification: input.classification,
      ...(input.classificationReason !== undefined ? { classificationReason: input.classificationReason } : {}),
      ...(input.classificationComment !== undefined ? { classificationComment: input.classificationComment } : {}),
    },
    actor,
  );
}
