import type { SecurityContext } from '../../app/security-context.ts';
import { armName } from '../../domain/sentinel-payloads/workspace.ts';
import { findIncident } from '../../incidents/incident-operations.ts';
import type { Incident } from '../../incidents/incident-schema.ts';
import { ConnectorError } from '../sdk/index.ts';

/**
 * The incident an `incidentArmId` names. Riposte's incident ARM ids end in `/Incidents/<incident id>`
 * (see domain/sentinel-payloads incidentArmId), so the last segment is the incident id; a bare id or
 * incident number is accepted too.
 */
export async function incidentOfArmId(ctx: SecurityContext, incidentArmId: string, field = '/body/incidentArmId'): Promise<Incident> {
  const id = armName(incidentArmId.trim());
  const incident = id ? await findIncident(ctx.store, id) : undefined;
  if (!incident) throw new ConnectorError('NotFound', `no incident '${incidentArmId}'`, { field });
  return incident;
}

/** The incident that holds an alert (by alert id, Sentinel SystemAlertId). */
export async function incidentOfAlert(ctx: SecurityContext, alertId: string): Promise<Incident> {
  const alert = await ctx.store.getAlert(alertId);
  const incidentId = (alert as { incidentId?: string | null } | undefined)?.incidentId;
  const incident = incidentId ? await ctx.store.getIncident(incidentId) : undefined;
  if (!incident) throw new ConnectorError('NotFound', `no incident holds alert '${alertId}'`, { field: '/path' });
  return incident;
}
