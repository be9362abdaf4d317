import type { AutomationIncident, IncidentEntity } from './incident.ts';
import type { ConditionPropertyName } from './rule-schema.ts';

/** Where a PropertyArray condition is looking: a custom-detail key, and possibly one of its values. */
export interface ItemScope {
  customDetail?: { key: string; values: string[] };
  customDetailValue?: string;
}

// Entity property names vary in case between sources (accountName / AccountName), so read them loosely.
function entityValues(incident: AutomationIncident, kinds: string[], names: string[]): string[] {
  const wantedKinds = kinds.map((k) => k.toLowerCase());
  const wantedNames = names.map((n) => n.toLowerCase());
  const values: string[] = [];
  for (const entity of incident.entities ?? []) {
    if (!wantedKinds.includes(entity.kind.toLowerCase())) continue;
    for (const [key, value] of Object.entries(entity.properties ?? {})) {
      if (!wantedNames.includes(key.toLowerCase())) continue;
      if (typeof value === 'string' || typeof value === 'number') values.push(String(value));
    }
  }
  return values;
}

const entity =
  (kinds: string[], ...names: string[]) =>
  (incident: AutomationIncident): string[] =>
    entityValues(incident, kinds, names);

function ownerValues(incident: AutomationIncident): string[] {
  const owner = incident.owner;
  if (!owner) return [];
  return [owner.objectId, owner.email, owner.userPrincipalName, owner.assignedTo].filter((v): v is string => typeof v === 'string' && v !== '');
}

function customDetails(incident: AutomationIncident): Array<{ key: string; values: string[] }> {
  return Object.entries(incident.customDetails ?? {}).map(([key, value]) => ({ key, values: Array.isArray(value) ? value : [value] }));
}

const readers: Record<ConditionPropertyName, (incident: AutomationIncident, scope: ItemScope) => string[]> = {
  IncidentTitle: (i) => [i.title],
  IncidentDescription: (i) => (i.description ? [i.description] : []),
  IncidentSeverity: (i) => [i.severity],
  IncidentStatus: (i) => [i.status],
  IncidentOwner: ownerValues,
  IncidentLabel: (i) => (i.labels ?? []).map((l) => l.labelName),
  IncidentTactics: (i) => i.tactics ?? [],
  IncidentRelatedAnalyticRuleIds: (i) => i.relatedAnalyticRuleIds ?? [],
  IncidentProviderName: (i) => (i.providerName ? [i.providerName] : []),
  IncidentUpdatedBySource: (i) => (i.updatedBySource ? [i.updatedBySource] : []),
  IncidentCustomDetailsKey: (i, s) => (s.customDetail ? [s.customDetail.key] : customDetails(i).map((d) => d.key)),
  IncidentCustomDetailsValue: (i, s) =>
    s.customDetailValue !== undefined ? [s.customDetailValue] : s.customDetail ? s.customDetail.values : customDetails(i).flatMap((d) => d.values),
  AlertProductNames: (i) => [...new Set([...(i.alertProductNames ?? []), ...(i.alerts ?? []).flatMap((a) => (a.productName ? [a.productName] : []))])],
  AlertAnalyticRuleIds: (i) => (i.alerts ?? []).flatMap((a) => [...(a.analyticRuleIds ?? []), ...(a.analyticRuleId ? [a.analyticRuleId] : [])]),
  AccountAadTenantId: entity(['Account'], 'aadTenantId'),
  AccountAadUserId: entity(['Account'], 'aadUserId'),
  AccountNTDomain: entity(['Account'], 'ntDomain'),
  AccountName: entity(['Account'], 'accountName', 'name'),
  AccountObjectGuid: entity(['Account'], 'objectGuid'),
  AccountPUID: entity(['Account'], 'puid'),
  AccountSid: entity(['Account'], 'sid'),
  AccountUPNSuffix: entity(['Account'], 'upnSuffix'),
  AzureResourceResourceId: entity(['AzureResource'], 'resourceId'),
  AzureResourceSubscriptionId: entity(['AzureResource'], 'subscriptionId'),
  CloudApplicationAppId: entity(['CloudApplication'], 'appId'),
  CloudApplicationAppName: entity(['CloudApplication'], 'appName', 'name'),
  DNSDomainName: entity(['DnsResolution', 'Dns'], 'domainName'),
  FileDirectory: entity(['File'], 'directory'),
  FileHashValue: entity(['FileHash'], 'hashValue', 'value'),
  FileName: entity(['File'], 'fileName', 'name'),
  HostAzureID: entity(['Host'], 'azureID'),
  HostNTDomain: entity(['Host'], 'ntDomain'),
  HostName: entity(['Host'], 'hostName'),
  HostNetBiosName: entity(['Host'], 'netBiosName'),
  HostOSVersion: entity(['Host'], 'osVersion', 'oSVersion'),
  IPAddress: entity(['Ip'], 'address'),
  IoTDeviceId: entity(['IoTDevice'], 'deviceId'),
  IoTDeviceModel: entity(['IoTDevice'], 'model'),
  IoTDeviceName: entity(['IoTDevice'], 'deviceName'),
  IoTDeviceOperatingSystem: entity(['IoTDevice'], 'operatingSystem'),
  IoTDeviceType: entity(['IoTDevice'], 'deviceType'),
  IoTDeviceVendor: entity(['IoTDevice'], 'vendor'),
  MailMessageDeliveryAction: entity(['MailMessage'], 'deliveryAction'),
  MailMessageDeliveryLocation: entity(['MailMessage'], 'deliveryLocation'),
  MailMessageP1Sender: entity(['MailMessage'], 'p1Sender'),
  MailMessageP2Sender: entity(['MailMessage'], 'p2Sender'),
  MailMessageRecipient: entity(['MailMessage'], 'recipient'),
  MailMessageSenderIP: entity(['MailMessage'], 'senderIP'),
  MailMessageSubject: entity(['MailMessage'], 'subject'),
  MailboxDisplayName: entity(['Mailbox'], 'displayName'),
  MailboxPrimaryAddress: entity(['Mailbox'], 'primaryAddress'),
  MailboxUPN: entity(['Mailbox'], 'upn'),
  MalwareCategory: entity(['Malware'], 'category'),
  MalwareName: entity(['Malware'], 'malwareName', 'name'),
  ProcessCommandLine: entity(['Process'], 'commandLine'),
  ProcessId: entity(['Process'], 'processId'),
  RegistryKey: entity(['RegistryKey'], 'key'),
  RegistryValueData: entity(['RegistryValue'], 'valueData'),
  Url: entity(['Url'], 'url'),
};

/** The values an incident has for a condition property (several for entities, tactics, labels …). */
export function conditionPropertyValues(incident: AutomationIncident, name: ConditionPropertyName, scope: ItemScope = {}): string[] {
  return readers[name](incident, scope);
}

/** Custom details as items for PropertyArray conditions. */
export function customDetailItems(incident: AutomationIncident): Array<{ key: string; values: string[] }> {
  return customDetails(incident);
}

export type { IncidentEntity };
