import type { IncidentOwner } from '../api/types.ts';

/** How the console names an owner: the display name, else the UPN or email. */
export function ownerName(owner: IncidentOwner | null | undefined): string {
  return owner?.assignedTo || owner?.userPrincipalName || owner?.email || owner?.objectId || '';
}
