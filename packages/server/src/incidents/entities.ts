import type { Alert } from '../alerts/alert-schema.ts';
import { evidenceKind } from '../alerts/evidence.ts';
import type { IncidentEntity } from './incident-schema.ts';

type Ev = Record<string, any>;

const lower = (s: unknown): string => (typeof s === 'string' ? s.trim().toLowerCase() : '');

function account(a: Ev | null | undefined): IncidentEntity | undefined {
  if (!a) return undefined;
  const upn = lower(a.userPrincipalName);
  const name = lower(a.accountName);
  const domain = lower(a.domainName);
  const id = lower(a.azureAdUserId);
  const key = upn || (name && (domain ? `${domain}\\${name}` : name)) || id || lower(a.userSid);
  if (!key) return undefined;
  const [upnName, upnSuffix] = upn ? String(a.userPrincipalName).split('@') : [undefined, undefined];
  return {
    kind: 'Account',
    key: `account:${key}`,
    friendlyName: a.displayName ?? a.accountName ?? a.userPrincipalName ?? key,
    properties: {
      accountName: a.accountName ?? upnName ?? null,
      ntDomain: a.domainName ?? null,
      upnSuffix: upnSuffix ?? null,
      aadUserId: a.azureAdUserId ?? null,
      sid: a.userSid ?? null,
      displayName: a.displayName ?? null,
      userPrincipalName: a.userPrincipalName ?? null,
    },
  };
}

function fileHashes(d: Ev | null | undefined): IncidentEntity[] {
  const out: IncidentEntity[] = [];
  for (const algorithm of ['sha256', 'sha1', 'md5'] as const) {
    const v = d?.[algorithm];
    if (typeof v === 'string' && v) {
      out.push({ kind: 'FileHash', key: `filehash:${algorithm}:${v.toLowerCase()}`, friendlyName: v, properties: { algorithm: algorithm.toUpperCase(), hashValue: v } });
    }
  }
  return out;
}

function file(d: Ev | null | undefined): IncidentEntity | undefined {
  if (!d?.fileName) return undefined;
  const directory = d.filePath ?? null;
  return {
    kind: 'File',
    key: `file:${lower(directory ?? '')}\\${lower(d.fileName)}`,
    friendlyName: d.fileName,
    properties: { fileName: d.fileName, directory },
  };
}

/**
 * The Sentinel-style entities an alert's evidence names (Account, Host, Ip, Url, File, FileHash,
 * Process, Mailbox, AzureResource). Deduplicated by key, in evidence order.
 */
export function entitiesOfAlert(alert: Pick<Alert, 'evidence'>): IncidentEntity[] {
  const found: IncidentEntity[] = [];
  const add = (e: IncidentEntity | undefined) => {
    if (e) found.push(e);
  };
  for (const raw of alert.evidence as Ev[]) {
    const e = raw as Ev;
    switch (evidenceKind(e as { '@odata.type': string })) {
      case 'userEvidence':
        add(account(e.userAccount));
        break;
      case 'deviceEvidence': {
        const dns = lower(e.deviceDnsName);
        const host = lower(e.hostName) || dns.split('.')[0] || '';
        const key = host || lower(e.mdeDeviceId) || lower(e.azureAdDeviceId);
        if (key) {
          add({
            kind: 'Host',
            key: `host:${key}`,
            friendlyName: e.hostName ?? e.deviceDnsName ?? key,
            properties: {
              hostName: e.hostName ?? (e.deviceDnsName ? String(e.deviceDnsName).split('.')[0] : null),
              dnsDomain: e.deviceDnsName && String(e.deviceDnsName).includes('.') ? String(e.deviceDnsName).split('.').slice(1).join('.') : null,
              azureID: e.vmMetadata?.resourceId ?? null,
              mdatpDeviceId: e.mdeDeviceId ?? null,
              aadDeviceId: e.azureAdDeviceId ?? null,
              osFamily: e.osPlatform ?? null,
            },
          });
        }
        break;
      }
      case 'ipEvidence':
        add({ kind: 'Ip', key: `ip:${lower(e.ipAddress)}`, friendlyName: e.ipAddress, properties: { address: e.ipAddress, countryLetterCode: e.countryLetterCode ?? null } });
        break;
      case 'urlEvidence':
        add({ kind: 'Url', key: `url:${lower(e.url)}`, friendlyName: e.url, properties: { url: e.url } });
        break;
      case 'fileEvidence':
        add(file(e.fileDetails));
        for (const h of fileHashes(e.fileDetails)) add(h);
        break;
      case 'processEvidence': {
        const image = e.imageFile ?? {};
        const key = `process:${lower(e.mdeDeviceId ?? '')}:${e.processId ?? ''}:${lower(e.processCreationDateTime ?? '')}`;
        add({
          kind: 'Process',
          key,
          friendlyName: image.fileName ?? String(e.processId ?? 'process'),
          properties: {
            processId: e.processId != null ? String(e.processId) : null,
            commandLine: e.processCommandLine ?? null,
            creationTimeUtc: e.processCreationDateTime ?? null,
            imageFileName: image.fileName ?? null,
          },
        });
        add(file(image));
        for (const h of fileHashes(image)) add(h);
        add(account(e.userAccount));
        break;
      }
      case 'mailboxEvidence': {
        const address = lower(e.primaryAddress);
        if (address) {
          add({ kind: 'Mailbox', key: `mailbox:${address}`, friendlyName: e.displayName ?? e.primaryAddress, properties: { mailboxPrimaryAddress: e.primaryAddress, displayName: e.displayName ?? null } });
        }
        add(account(e.userAccount));
        break;
      }
      case 'azureResourceEvidence':
      case 'cloudResourceEvidence':
        if (e.resourceId) {
          add({ kind: 'AzureResource', key: `azureresource:${lower(e.resourceId)}`, friendlyName: e.resourceName ?? e.resourceId, properties: { resourceId: e.resourceId } });
        }
        break;
      case 'registryKeyEvidence':
        if (e.registryKey) {
          add({ kind: 'RegistryKey', key: `registrykey:${lower(e.registryHive ?? '')}\\${lower(e.registryKey)}`, friendlyName: e.registryKey, properties: { hive: e.registryHive ?? null, key: e.registryKey } });
        }
        break;
    }
  }
  return mergeEntities([], found);
}

/** Adds entities not yet present (by key) to a list, keeping the existing order. */
export function mergeEntities(existing: readonly IncidentEntity[], added: readonly IncidentEntity[]): IncidentEntity[] {
  const seen = new Set(existing.map((e) => e.key));
  const out = [...existing];
  for (const e of added) {
    if (seen.has(e.key)) continue;
    seen.add(e.key);
    out.push(e);
  }
  return out;
}
