import type { Principal } from '../auth/api-keys.ts';
import { roleAllows } from '../auth/permissions.ts';
import { BadRequestError, ForbiddenError } from '../common/errors.ts';
import type { FieldChange } from '../events/security-events.ts';
import type { Incident, IncidentPatch, IncidentPhase } from './incident-schema.ts';
import { noOwner, noRoles } from './new-incident.ts';

const phaseOrder: IncidentPhase[] = ['Investigation', 'Containment', 'Eradication', 'Recovery', 'Resolved'];

/**
 * Whether the response may move from one phase to another: forward along Investigation →
 * Containment → Eradication → Recovery → Resolved (skipping is allowed), to Escalated from any open
 * phase, and from Escalated back into the process.
 */
export function phaseTransitionAllowed(from: IncidentPhase, to: IncidentPhase): boolean {
  if (from === to) return true;
  if (to === 'Escalated') return from !== 'Resolved';
  if (from === 'Escalated') return to !== 'Resolved';
  return phaseOrder.indexOf(to) > phaseOrder.indexOf(from);
}

/**
 * Applies a PATCH to an incident. Enforces Sentinel's rule that closing needs a classification,
 * keeps status and response phase consistent, and stops or restarts the SLA clock. Returns the
 * changed fields (none when the patch changes nothing).
 */
export function patchIncident(incident: Incident, patch: IncidentPatch, now: string): { incident: Incident; changes: FieldChange[] } {
  const next: Incident = { ...incident, sla: { ...incident.sla } };
  for (const key of ['title', 'severity', 'status', 'labels', 'roles', 'scope'] as const) {
    if (patch[key] !== undefined) (next as any)[key] = patch[key];
  }
  for (const key of ['description', 'classification', 'classificationReason', 'classificationComment', 'objective'] as const) {
    if (patch[key] !== undefined) (next as any)[key] = patch[key] ?? null;
  }
  if (patch.owner !== undefined) next.owner = { ...noOwner, ...(patch.owner ?? {}) };
  if (patch.roles) next.roles = { ...noRoles, ...patch.roles };

  const closing = next.status === 'Closed' && incident.status !== 'Closed';
  const reopening = incident.status === 'Closed' && next.status !== 'Closed';
  if (next.status === 'Closed' && !next.classification) {
    throw new BadRequestError('closing an incident requires a classification (Undetermined, TruePositive, BenignPositive or FalsePositive)', '/classification');
  }

  if (patch.phase !== undefined) {
    if (!phaseTransitionAllowed(incident.phase, patch.phase)) {
      throw new BadRequestError(`the response cannot move from phase ${incident.phase} to ${patch.phase}`, '/phase');
    }
    next.phase = patch.phase;
  }
  if (closing) next.phase = 'Resolved';
  else if (reopening && next.phase === 'Resolved') next.phase = 'Investigation';
  else if (next.phase === 'Resolved' && next.status !== 'Closed') {
    throw new BadRequestError('moving to phase Resolved requires closing the incident (status Closed with a classification)', '/phase');
  }

  const owned = Boolean(next.owner.assignedTo || next.owner.email || next.owner.userPrincipalName || next.owner.objectId);
  if (!next.sla.acknowledgedAt && (next.status !== 'New' || owned)) next.sla.acknowledgedAt = now;
  if (closing) next.sla.recoveredAt = now;
  if (reopening) next.sla.recoveredAt = null;

  const changes: FieldChange[] = [];
  for (const field of Object.keys(next) as (keyof Incident)[]) {
    if (field === 'lastModifiedTimeUtc') continue;
    if (JSON.stringify(incident[field]) !== JSON.stringify(next[field])) changes.push({ field, before: incident[field], after: next[field] });
  }
  if (changes.length > 0) next.lastModifiedTimeUtc = now;
  return { incident: next, changes };
}

/**
 * Handing an incident to someone (its owner or response roles) is a permission of its own, beyond
 * `incidents.write`: refused with 403 for a principal whose role lacks `incidents.assign`.
 */
export function requireAssignFor(patch: Pick<IncidentPatch, 'owner' | 'roles'>, principal: Principal | undefined): void {
  if ((patch.owner !== undefined || patch.roles !== undefined) && principal && !roleAllows(principal.role, 'incidents.assign')) {
    throw new ForbiddenError('incidents.assign');
  }
}
