import { z } from 'zod';
import { caseInsensitiveEnum } from '../common/case-insensitive-enum.ts';
import { timestampSchema } from '../common/timestamp.ts';
import type { Alert, AlertInput } from './alert-schema.ts';
import { evidenceKind, evidenceType } from './evidence.ts';

// The legacy Graph v1 `alert` (…/security/alerts): accepted on POST /api/alerts and served by the
// Graph v1 endpoint. Conversion goes both ways; fields alert_v2 has no place for ride in
// `additionalData.legacy` so a v1 → v2 → v1 round trip keeps them.

const str = z.string().nullish();
const loose = z.looseObject({});

export const legacyAlertStatuses = ['unknown', 'newAlert', 'inProgress', 'resolved', 'dismissed', 'unknownFutureValue'] as const;
export const legacyAlertSeverities = ['unknown', 'informational', 'low', 'medium', 'high', 'unknownFutureValue'] as const;
export const legacyAlertFeedback = ['unknown', 'truePositive', 'falsePositive', 'benignPositive', 'unknownFutureValue'] as const;

const fileHashSchema = z.looseObject({ hashType: str, hashValue: str });

export const legacyAlertSchema = z
  .looseObject({
    id: str,
    activityGroupName: str,
    assignedTo: str,
    azureSubscriptionId: str,
    azureTenantId: str,
    category: str,
    closedDateTime: timestampSchema.nullish(),
    cloudAppStates: z.array(loose).nullish(),
    comments: z.array(z.string()).nullish(),
    confidence: z.number().nullish(),
    createdDateTime: timestampSchema.nullish(),
    description: str,
    detectionIds: z.array(z.string()).nullish(),
    eventDateTime: timestampSchema.nullish(),
    feedback: caseInsensitiveEnum(legacyAlertFeedback).nullish(),
    fileStates: z.array(z.looseObject({ name: str, path: str, fileHash: fileHashSchema.nullish(), riskScore: str })).nullish(),
    hostStates: z
      .array(z.looseObject({ fqdn: str, netBiosName: str, os: str, privateIpAddress: str, publicIpAddress: str, riskScore: str }))
      .nullish(),
    incidentIds: z.array(z.string()).nullish(),
    lastModifiedDateTime: timestampSchema.nullish(),
    malwareStates: z.array(z.looseObject({ name: str, family: str, category: str, severity: str })).nullish(),
    networkConnections: z
      .array(
        z.looseObject({
          destinationAddress: str,
          destinationDomain: str,
          destinationUrl: str,
          sourceAddress: str,
          destinationPort: str,
          sourcePort: str,
          protocol: str,
        }),
      )
      .nullish(),
    processes: z
      .array(
        z.looseObject({
          name: str,
          path: str,
          processId: z.number().nullish(),
          parentProcessId: z.number().nullish(),
          parentProcessName: str,
          commandLine: str,
          accountName: str,
          createdDateTime: timestampSchema.nullish(),
          fileHash: fileHashSchema.nullish(),
        }),
      )
      .nullish(),
    recommendedActions: z.array(z.string()).nullish(),
    registryKeyStates: z.array(z.looseObject({ hive: str, key: str, valueName: str, valueData: str })).nullish(),
    securityResources: z.array(z.looseObject({ resource: str, resourceType: str })).nullish(),
    severity: caseInsensitiveEnum(legacyAlertSeverities).nullish(),
    sourceMaterials: z.array(z.string()).nullish(),
    status: caseInsensitiveEnum(legacyAlertStatuses).nullish(),
    tags: z.array(z.string()).nullish(),
    title: z.string().min(1).max(1024),
    triggers: z.array(loose).nullish(),
    userStates: z
      .array(
        z.looseObject({
          aadUserId: str,
          accountName: str,
          domainName: str,
          userPrincipalName: str,
          logonIp: str,
          emailRole: str,
          isVpn: z.boolean().nullish(),
          logonDateTime: timestampSchema.nullish(),
          logonType: str,
          riskScore: str,
          userAccountType: str,
        }),
      )
      .nullish(),
    vendorInformation: z.looseObject({ provider: z.string(), vendor: str, providerVersion: str, subProvider: str }),
    vulnerabilityStates: z.array(loose).nullish(),
  })
  .meta({ id: 'LegacyAlert', description: 'A Graph v1 security alert (security/alerts, legacy).' });

export type LegacyAlert = z.output<typeof legacyAlertSchema>;

/** True when a posted object looks like a legacy v1 alert rather than an alert_v2. */
export function isLegacyAlert(input: unknown): boolean {
  if (typeof input !== 'object' || input === null) return false;
  const o = input as Record<string, unknown>;
  return 'vendorInformation' in o || 'azureTenantId' in o || 'userStates' in o || 'hostStates' in o || 'eventDateTime' in o;
}

const statusToV2: Record<string, Alert['status']> = {
  unknown: 'new',
  newAlert: 'new',
  inProgress: 'inProgress',
  resolved: 'resolved',
  dismissed: 'resolved',
  unknownFutureValue: 'unknownFutureValue',
};
const statusToV1: Record<Alert['status'], string> = {
  new: 'newAlert',
  inProgress: 'inProgress',
  resolved: 'resolved',
  unknownFutureValue: 'unknownFutureValue',
};
const feedbackToClassification: Record<string, Alert['classification']> = {
  unknown: 'unknown',
  truePositive: 'truePositive',
  falsePositive: 'falsePositive',
  benignPositive: 'informationalExpectedActivity',
  unknownFutureValue: 'unknownFutureValue',
};
const classificationToFeedback: Record<string, string> = {
  unknown: 'unknown',
  truePositive: 'truePositive',
  falsePositive: 'falsePositive',
  informationalExpectedActivity: 'benignPositive',
  unknownFutureValue: 'unknownFutureValue',
};

function hashes(fileHash: { hashType?: string | null; hashValue?: string | null } | null | undefined): Record<string, string> {
  if (!fileHash?.hashValue) return {};
  const t = (fileHash.hashType ?? '').toLowerCase();
  if (t === 'sha1' || t === 'sha256' || t === 'md5') return { [t]: fileHash.hashValue };
  return {};
}

function firstHash(d: Record<string, unknown> | null | undefined): { hashType: string; hashValue: string } | null {
  for (const t of ['sha256', 'sha1', 'md5'] as const) {
    const v = d?.[t];
    if (typeof v === 'string' && v) return { hashType: t, hashValue: v };
  }
  return null;
}

function splitPath(full: string | null | undefined): { fileName: string | null; filePath: string | null } {
  if (!full) return { fileName: null, filePath: null };
  const i = Math.max(full.lastIndexOf('\\'), full.lastIndexOf('/'));
  return i < 0 ? { fileName: full, filePath: null } : { fileName: full.slice(i + 1), filePath: full.slice(0, i) };
}

/**
 * Converts a validated legacy v1 alert into an alert_v2 input (before server-owned fields are
 * stamped). Analyst-owned fields the sender left out stay undefined, so a re-sent alert keeps them.
 */
export function legacyToAlertV2(v1: LegacyAlert): AlertInput {
  const evidence: Record<string, unknown>[] = [];
  const at = v1.createdDateTime ?? null;
  const base = (kind: string, extra: Record<string, unknown>) =>
    evidence.push({ '@odata.type': evidenceType(kind), createdDateTime: at, verdict: 'unknown', remediationStatus: 'none', roles: [], tags: [], ...extra });

  for (const u of v1.userStates ?? []) {
    base('userEvidence', {
      userAccount: {
        accountName: u.accountName ?? null,
        domainName: u.domainName ?? null,
        azureAdUserId: u.aadUserId ?? null,
        userPrincipalName: u.userPrincipalName ?? null,
        userSid: null,
        displayName: null,
      },
    });
    if (u.logonIp) base('ipEvidence', { ipAddress: u.logonIp });
  }
  for (const h of v1.hostStates ?? []) {
    const ips = [h.privateIpAddress, h.publicIpAddress].filter((x): x is string => !!x);
    base('deviceEvidence', { deviceDnsName: h.fqdn ?? null, hostName: h.netBiosName ?? null, osPlatform: h.os ?? null, riskScore: h.riskScore ?? null, ipInterfaces: ips });
  }
  for (const n of v1.networkConnections ?? []) {
    if (n.destinationAddress) base('ipEvidence', { ipAddress: n.destinationAddress });
    if (n.destinationUrl) base('urlEvidence', { url: n.destinationUrl });
    else if (n.destinationDomain) base('urlEvidence', { url: n.destinationDomain });
  }
  for (const f of v1.fileStates ?? []) {
    const name = f.name ?? splitPath(f.path).fileName;
    base('fileEvidence', { fileDetails: { fileName: name, filePath: f.path ?? null, ...hashes(f.fileHash) } });
  }
  for (const p of v1.processes ?? []) {
    base('processEvidence', {
      processId: p.processId ?? null,
      parentProcessId: p.parentProcessId ?? null,
      processCommandLine: p.commandLine ?? null,
      processCreationDateTime: p.createdDateTime ?? null,
      imageFile: { fileName: p.name ?? null, filePath: p.path ?? null, ...hashes(p.fileHash) },
      parentProcessImageFile: p.parentProcessName ? { fileName: p.parentProcessName } : null,
      userAccount: p.accountName ? { accountName: p.accountName } : null,
    });
  }
  for (const r of v1.registryKeyStates ?? []) {
    base('registryKeyEvidence', { registryHive: r.hive ?? null, registryKey: r.key ?? null, registryValueName: r.valueName ?? null, registryValue: r.valueData ?? null });
  }
  for (const s of v1.securityResources ?? []) {
    if (s.resource) base('azureResourceEvidence', { resourceId: s.resource, resourceType: s.resourceType ?? null });
  }

  const malware = v1.malwareStates?.[0];
  // Everything alert_v2 has no field for, kept for the way back.
  const legacy: Record<string, unknown> = {};
  for (const key of ['activityGroupName', 'azureSubscriptionId', 'confidence', 'sourceMaterials', 'triggers', 'cloudAppStates', 'vulnerabilityStates', 'incidentIds', 'detectionIds'] as const) {
    const v = v1[key];
    if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) legacy[key] = v;
  }
  legacy.vendorInformation = v1.vendorInformation;

  return {
    providerAlertId: v1.id ?? null,
    title: v1.title,
    description: v1.description ?? null,
    category: v1.category ?? null,
    assignedTo: v1.assignedTo ?? undefined,
    tenantId: v1.azureTenantId ?? null,
    severity: (v1.severity ?? undefined) as Alert['severity'] | undefined,
    status: v1.status ? statusToV2[v1.status] : undefined,
    classification: v1.feedback ? feedbackToClassification[v1.feedback] : undefined,
    serviceSource: v1.vendorInformation.provider,
    detectionSource: v1.vendorInformation.subProvider ?? null,
    detectorId: v1.detectionIds?.[0] ?? null,
    recommendedActions: v1.recommendedActions?.length ? v1.recommendedActions.join('\n') : null,
    actorDisplayName: v1.activityGroupName ?? null,
    threatDisplayName: malware?.name ?? null,
    threatFamilyName: malware?.family ?? null,
    createdDateTime: v1.createdDateTime ?? null,
    lastUpdateDateTime: v1.lastModifiedDateTime ?? null,
    resolvedDateTime: v1.closedDateTime ?? null,
    firstActivityDateTime: v1.eventDateTime ?? null,
    lastActivityDateTime: v1.eventDateTime ?? null,
    comments: v1.comments?.map((comment) => ({ comment, createdByDisplayName: null, createdDateTime: null })),
    evidence: evidence as AlertInput['evidence'],
    systemTags: v1.tags ?? [],
    mitreTechniques: [],
    additionalData: { legacy },
  };
}

/** Renders a stored alert_v2 in the legacy Graph v1 alert shape. */
export function alertV2ToLegacy(alert: Alert): Record<string, unknown> {
  const legacy = ((alert.additionalData?.legacy ?? {}) as Record<string, unknown>) ?? {};
  const vendor = (legacy.vendorInformation ?? {}) as Record<string, unknown>;
  const userStates: Record<string, unknown>[] = [];
  const hostStates: Record<string, unknown>[] = [];
  const networkConnections: Record<string, unknown>[] = [];
  const fileStates: Record<string, unknown>[] = [];
  const processes: Record<string, unknown>[] = [];
  const registryKeyStates: Record<string, unknown>[] = [];
  const securityResources: Record<string, unknown>[] = [];

  for (const e of alert.evidence as Record<string, any>[]) {
    switch (evidenceKind(e as { '@odata.type': string })) {
      case 'userEvidence':
      case 'mailboxEvidence': {
        const a = e.userAccount ?? {};
        userStates.push({
          aadUserId: a.azureAdUserId ?? null,
          accountName: a.accountName ?? null,
          domainName: a.domainName ?? null,
          userPrincipalName: a.userPrincipalName ?? e.primaryAddress ?? null,
        });
        break;
      }
      case 'deviceEvidence': {
        const ips: string[] = e.ipInterfaces ?? [];
        hostStates.push({ fqdn: e.deviceDnsName ?? null, netBiosName: e.hostName ?? null, os: e.osPlatform ?? null, privateIpAddress: ips[0] ?? null, publicIpAddress: ips[1] ?? null, riskScore: e.riskScore ?? null });
        break;
      }
      case 'ipEvidence':
        networkConnections.push({ destinationAddress: e.ipAddress });
        break;
      case 'urlEvidence':
        networkConnections.push({ destinationUrl: e.url });
        break;
      case 'fileEvidence': {
        const d = e.fileDetails ?? {};
        fileStates.push({ name: d.fileName ?? null, path: d.filePath ?? null, fileHash: firstHash(d) });
        break;
      }
      case 'processEvidence': {
        const img = e.imageFile ?? {};
        processes.push({
          name: img.fileName ?? null,
          path: img.filePath ?? null,
          processId: e.processId ?? null,
          parentProcessId: e.parentProcessId ?? null,
          parentProcessName: e.parentProcessImageFile?.fileName ?? null,
          commandLine: e.processCommandLine ?? null,
          accountName: e.userAccount?.accountName ?? null,
          createdDateTime: e.processCreationDateTime ?? null,
          fileHash: firstHash(img),
        });
        break;
      }
      case 'registryKeyEvidence':
        registryKeyStates.push({ hive: e.registryHive ?? null, key: e.registryKey ?? null, valueName: e.registryValueName ?? null, valueData: e.registryValue ?? null });
        break;
      case 'azureResourceEvidence':
      case 'cloudResourceEvidence':
        securityResources.push({ resource: e.resourceId ?? null, resourceType: e.resourceType ?? null });
        break;
    }
  }

  return {
    id: alert.id,
    activityGroupName: alert.actorDisplayName ?? legacy.activityGroupName ?? null,
    assignedTo: alert.assignedTo,
    azureSubscriptionId: legacy.azureSubscriptionId ?? null,
    azureTenantId: alert.tenantId ?? '',
    category: alert.category,
    closedDateTime: alert.resolvedDateTime,
    cloudAppStates: legacy.cloudAppStates ?? [],
    comments: alert.comments.map((c) => c.comment),
    confidence: legacy.confidence ?? null,
    createdDateTime: alert.createdDateTime,
    description: alert.description,
    detectionIds: legacy.detectionIds ?? (alert.detectorId ? [alert.detectorId] : []),
    eventDateTime: alert.firstActivityDateTime ?? alert.createdDateTime,
    feedback: alert.classification ? (classificationToFeedback[alert.classification] ?? null) : null,
    fileStates,
    hostStates,
    incidentIds: alert.incidentId ? [alert.incidentId] : [],
    lastModifiedDateTime: alert.lastUpdateDateTime,
    malwareStates: alert.threatDisplayName ? [{ name: alert.threatDisplayName, family: alert.threatFamilyName ?? null }] : [],
    networkConnections,
    processes,
    recommendedActions: alert.recommendedActions ? alert.recommendedActions.split('\n') : [],
    registryKeyStates,
    securityResources,
    severity: alert.severity,
    sourceMaterials: legacy.sourceMaterials ?? (alert.alertWebUrl ? [alert.alertWebUrl] : []),
    status: statusToV1[alert.status],
    tags: alert.systemTags,
    title: alert.title,
    triggers: legacy.triggers ?? [],
    userStates,
    vendorInformation: {
      provider: vendor.provider ?? alert.serviceSource ?? 'Riposte',
      vendor: vendor.vendor ?? 'Riposte',
      providerVersion: vendor.providerVersion ?? null,
      subProvider: vendor.subProvider ?? alert.detectionSource ?? null,
    },
    vulnerabilityStates: legacy.vulnerabilityStates ?? [],
  };
}
