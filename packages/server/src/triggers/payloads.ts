import type { Alert } from '../alerts/alert-schema.ts';
import { alertV2ToLegacy } from '../alerts/legacy-v1.ts';
import type { SecurityContext } from '../app/security-context.ts';
import type { Assessment } from '../assessments/assessment-schema.ts';
import {
  buildDefenderAlertPayload,
  buildIncidentTriggerBody,
  buildSentinelAlertTriggerBody,
  payloadAlertFromGraphAlert,
  stableGuid,
  type PayloadIncident,
  type SentinelWorkspace,
} from '../domain/sentinel-payloads/index.ts';
import { entitiesOfAlert } from '../incidents/entities.ts';
import type { Incident } from '../incidents/incident-schema.ts';

/** The (simulated) Sentinel workspace Riposte's payloads name: incident ARM ids end in /Incidents/<incident id>. */
export const defaultWorkspace: SentinelWorkspace = {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroupName: 'riposte',
  workspaceName: 'riposte',
  workspaceId: stableGuid('riposte-workspace'),
};

/** The incident as Sentinel payloads and automation rules see it: with its alerts (Sentinel view), entities and comments. */
export async function payloadIncidentOf(ctx: SecurityContext, incident: Incident): Promise<PayloadIncident> {
  const [alerts, comments] = await Promise.all([ctx.store.listIncidentAlerts(incident.id), ctx.store.listComments(incident.id)]);
  return {
    ...incident,
    incidentNumber: incident.number,
    alerts: alerts.map((a) => payloadAlertFromGraphAlert(a, entitiesOfAlert(a))),
    comments: comments.map((c) => ({ id: c.id, message: c.message, createdTimeUtc: c.createdTimeUtc, author: c.author as Record<string, unknown> })),
  } as PayloadIncident;
}

/** The Sentinel incident trigger body (`/incident-creation`) for a stored incident. */
export async function incidentTriggerBody(
  ctx: SecurityContext,
  incident: Incident,
  workspace: SentinelWorkspace,
  options: { objectEventType?: 'Create' | 'Update'; updatedBy?: string; publicBaseUrl?: string } = {},
) {
  const payload = await payloadIncidentOf(ctx, incident);
  return buildIncidentTriggerBody(payload, workspace, {
    objectEventType: options.objectEventType ?? 'Create',
    ...(options.publicBaseUrl ? { incidentUrl: `${options.publicBaseUrl.replace(/\/$/, '')}/api/incidents/${incident.id}` } : {}),
    ...(options.updatedBy ? { updatedBy: { name: options.updatedBy } } : {}),
  });
}

/** The Sentinel alert trigger body (`/subscribe`). */
export function sentinelAlertTriggerBody(alert: Alert, workspace: SentinelWorkspace) {
  return buildSentinelAlertTriggerBody(payloadAlertFromGraphAlert(alert, entitiesOfAlert(alert)), workspace);
}

/** The Defender for Cloud alert body (ascalert trigger, workflow automations on Alerts). */
export function defenderAlertPayload(alert: Alert, workspace: SentinelWorkspace) {
  return buildDefenderAlertPayload(payloadAlertFromGraphAlert(alert, entitiesOfAlert(alert)), { subscriptionId: workspace.subscriptionId });
}

/** The Graph security "On all new alerts" body: one alert in the legacy v1 shape. */
export function graphAlertTriggerBody(alert: Alert) {
  return alertV2ToLegacy(alert);
}

/** The Microsoft.Security/assessments resource a workflow automation on Assessments delivers. */
export function assessmentPayload(assessment: Assessment) {
  const { id, name, type, properties } = assessment;
  return { id, name, type, properties };
}
