import { securityInsightsPrefix, stableGuid, type SentinelWorkspace } from './workspace.ts';

/** An entity as the incident model holds it: Sentinel kind and camelCase properties. */
export interface PayloadEntity {
  kind: string;
  properties: Record<string, unknown>;
  /** A stable identity (e.g. the server's entity key); used to derive the entity's ARM id. */
  key?: string;
  friendlyName?: string;
}

/** One item of `relatedEntities` in the incident trigger body. */
export interface RelatedEntity {
  id: string;
  name: string;
  type: 'Microsoft.SecurityInsights/Entities';
  kind: string;
  properties: Record<string, unknown>;
}

// Sentinel kind → the lowercase `Type` used in SecurityAlert.Entities.
const alertEntityTypes: Record<string, string> = {
  account: 'account',
  host: 'host',
  ip: 'ip',
  url: 'url',
  filehash: 'filehash',
  file: 'file',
  process: 'process',
  mailbox: 'mailbox',
  mailmessage: 'mailMessage',
  cloudapplication: 'cloud-application',
  azureresource: 'azure-resource',
  dnsresolution: 'dns',
  registrykey: 'registry-key',
  registryvalue: 'registry-value',
  malware: 'malware',
  iotdevice: 'iotdevice',
  securitygroup: 'security-group',
};

// camelCase entity property → SecurityAlert / connector-output spelling, where capitalising is not enough.
const pascalNames: Record<string, string> = {
  accountname: 'Name',
  ntdomain: 'NTDomain',
  upnsuffix: 'UPNSuffix',
  puid: 'PUID',
  azureid: 'AzureID',
  omsagentid: 'OMSAgentID',
  osfamily: 'OSFamily',
  osversion: 'OSVersion',
  hashvalue: 'Value',
  filename: 'Name',
  senderip: 'SenderIP',
  p1sender: 'P1Sender',
  p2sender: 'P2Sender',
  upn: 'Upn',
  malwarename: 'Name',
  appid: 'AppId',
  appname: 'Name',
};

function toPascalKey(key: string): string {
  return pascalNames[key.toLowerCase()] ?? key.charAt(0).toUpperCase() + key.slice(1);
}

/** The incident trigger's `relatedEntities` item for an entity. */
export function toRelatedEntity(entity: PayloadEntity, workspace: SentinelWorkspace, index: number): RelatedEntity {
  const name = stableGuid(workspace.workspaceId, 'entity', entity.key ?? `${entity.kind}:${index}:${JSON.stringify(entity.properties)}`);
  const friendlyName = entity.friendlyName ?? defaultFriendlyName(entity);
  return {
    id: `${securityInsightsPrefix(workspace)}/Entities/${name}`,
    name,
    type: 'Microsoft.SecurityInsights/Entities',
    kind: entity.kind,
    properties: { ...entity.properties, ...(friendlyName !== undefined ? { friendlyName } : {}) },
  };
}

function defaultFriendlyName(entity: PayloadEntity): string | undefined {
  const p = entity.properties;
  const candidate = p.friendlyName ?? p.accountName ?? p.hostName ?? p.address ?? p.url ?? p.hashValue ?? p.fileName ?? p.name;
  return typeof candidate === 'string' ? candidate : undefined;
}

/** An entity in SecurityAlert form (`{"$id": "2", "Type": "account", "Name": …}`), as alert payloads carry them. */
export function toAlertEntity(entity: PayloadEntity, index: number): Record<string, unknown> {
  return withPascalProperties({ $id: String(index + 2) }, entity, alertEntitySkipped);
}

const alertEntitySkipped: ReadonlySet<string> = new Set(['friendlyName']);
const pascalEntitySkipped: ReadonlySet<string> = new Set(['friendlyName', 'FriendlyName']);

/**
 * Adds an entity's properties to `out` under PascalCase keys, then its `Type`: the part the
 * SecurityAlert form and the PascalCase form share. `skipped` keys are left out.
 */
function withPascalProperties(
  out: Record<string, unknown>,
  entity: { kind: string; properties: Record<string, unknown> },
  skipped: ReadonlySet<string>,
): Record<string, unknown> {
  for (const [key, value] of Object.entries(entity.properties)) {
    // Absent and null read the same in a playbook (`?['x']`); SecurityAlert leaves empty fields out.
    if (skipped.has(key) || value === undefined || value === null) continue;
    out[key === 'additionalData' ? key : toPascalKey(key)] = value;
  }
  // Playbooks read e.g. a host's MdatpDeviceId both at the top and under additionalData.
  const additional = entity.properties.additionalData;
  if (additional && typeof additional === 'object' && !Array.isArray(additional)) {
    for (const [key, value] of Object.entries(additional)) if (!(key in out)) out[key] = value;
  }
  out.Type = alertEntityTypes[entity.kind.toLowerCase()] ?? entity.kind.toLowerCase();
  return out;
}

export type EntityListName = 'Accounts' | 'Hosts' | 'IPs' | 'URLs' | 'Filehashes';

const listKinds: Record<EntityListName, string[]> = {
  Accounts: ['account'],
  Hosts: ['host'],
  IPs: ['ip'],
  URLs: ['url'],
  Filehashes: ['filehash'],
};

/**
 * What the azuresentinel "Entities - Get Accounts/Hosts/IPs/URLs/FileHashes" operations return for
 * the entities a playbook passes them: the incident's `relatedEntities` array, or an alert's
 * `Entities` (a JSON string or array). Items use the PascalCase names playbooks read (Name,
 * UPNSuffix, AadUserId, HostName, Address, Url, Value, Algorithm, …). Unreadable input gives [].
 */
export function extractEntities(entities: unknown, list: EntityListName): Record<EntityListName, Array<Record<string, unknown>>> {
  const items = normaliseEntities(entities);
  const kinds = listKinds[list];
  const selected = items.filter((item) => kinds.includes(item.kind.toLowerCase()));
  return { [list]: selected.map((item) => pascalEntity(item)) } as Record<EntityListName, Array<Record<string, unknown>>>;
}

interface LooseEntity {
  kind: string;
  properties: Record<string, unknown>;
}

function normaliseEntities(input: unknown): LooseEntity[] {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return [];
    }
  }
  // The connector also accepts `{ entities: [...] }` / `{ Entities: "..." }` bodies.
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const nested = record.entities ?? record.Entities ?? record.relatedEntities;
    if (nested !== undefined) return normaliseEntities(nested);
    return [];
  }
  if (!Array.isArray(value)) return [];
  const out: LooseEntity[] = [];
  for (const item of value) {
    if (!item || typeof item !== 'object') continue;
    const record = item as Record<string, unknown>;
    if (typeof record.kind === 'string' && record.properties && typeof record.properties === 'object') {
      out.push({ kind: record.kind, properties: record.properties as Record<string, unknown> });
    } else if (typeof record.Type === 'string') {
      const { Type, $id: _id, ...rest } = record;
      out.push({ kind: kindFromAlertType(Type), properties: rest });
    }
  }
  return out;
}

function kindFromAlertType(type: string): string {
  const lower = type.toLowerCase();
  const entry = Object.entries(alertEntityTypes).find(([, alertType]) => alertType.toLowerCase() === lower);
  return entry ? entry[0] : lower;
}

/** An entity in the PascalCase form of connector outputs and the entity trigger (`Name`, `UPNSuffix`, …, `Type`). */
export function pascalEntity(entity: { kind: string; properties: Record<string, unknown> }): Record<string, unknown> {
  return withPascalProperties({}, entity, pascalEntitySkipped);
}
