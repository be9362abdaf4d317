import { pascalEntity, toRelatedEntity, type PayloadEntity } from './entities.ts';
import { incidentArmId } from './incident-trigger.ts';
import type { SentinelWorkspace } from './workspace.ts';

// The entity trigger's path segment (`/entity/@{encodeURIComponent('UrlEntity')}`) → Sentinel kind.
const triggerKinds: Record<string, string> = {
  account: 'Account',
  host: 'Host',
  ip: 'Ip',
  url: 'Url',
  urlentity: 'Url',
  filehash: 'FileHash',
  dns: 'DnsResolution',
  mailbox: 'Mailbox',
  process: 'Process',
  file: 'File',
  azureresource: 'AzureResource',
};

/** The entity kind a Sentinel entity trigger listens for, from the kind in its path (`UrlEntity` → `Url`). */
export function entityKindOfTrigger(pathKind: string): string | undefined {
  return triggerKinds[pathKind.toLowerCase()];
}

/**
 * The body the Sentinel entity trigger (`/entity/{kind}`) hands a playbook run by hand on one entity:
 * `Entity.properties` in the PascalCase names playbooks read (Name, UPNSuffix, HostName, Address,
 * Url, DomainName, Algorithm, Value, additionalData…), and the incident it was run from.
 */
export function buildEntityTriggerBody(entity: PayloadEntity, workspace: SentinelWorkspace, context: { incidentId?: string } = {}) {
  const related = toRelatedEntity(entity, workspace, 0);
  const { Type: _type, ...properties } = pascalEntity(entity);
  return {
    EntityType: entity.kind,
    Entity: {
      id: related.id,
      name: related.name,
      type: related.type,
      kind: entity.kind,
      properties: { ...properties, ...(related.properties.friendlyName !== undefined ? { friendlyName: related.properties.friendlyName } : {}) },
    },
    IncidentArmID: context.incidentId ? incidentArmId({ id: context.incidentId }, workspace) : null,
    WorkspaceId: workspace.workspaceId,
    WorkspaceSubscriptionId: workspace.subscriptionId,
    WorkspaceResourceGroup: workspace.resourceGroupName,
  };
}

export type EntityTriggerBody = ReturnType<typeof buildEntityTriggerBody>;
