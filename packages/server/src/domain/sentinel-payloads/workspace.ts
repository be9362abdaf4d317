import { createHash } from 'node:crypto';

/** The (simulated) Sentinel workspace a payload claims to come from. */
export interface SentinelWorkspace {
  subscriptionId: string;
  resourceGroupName: string;
  workspaceName: string;
  /** The Log Analytics workspace (customer) id, a GUID. */
  workspaceId: string;
}

/** `/subscriptions/…/workspaces/{ws}/providers/Microsoft.SecurityInsights` — the prefix of Sentinel ARM ids. */
export function securityInsightsPrefix(workspace: SentinelWorkspace): string {
  return (
    `/subscriptions/${workspace.subscriptionId}/resourceGroups/${workspace.resourceGroupName}` +
    `/providers/Microsoft.OperationalInsights/workspaces/${workspace.workspaceName}/providers/Microsoft.SecurityInsights`
  );
}

/** A GUID-shaped id derived from its inputs, so payloads stay deterministic (same input, same ids). */
export function stableGuid(...parts: Array<string | number>): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  // Version 4 / variant bits set so consumers that validate GUIDs accept it.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The last segment of an ARM id, or the value itself when it is not one. */
export function armName(idOrName: string): string {
  const trimmed = idOrName.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
