import { z } from 'zod';
import { timestampSchema } from '../common/timestamp.ts';

// Graph alert_v2 evidence: every entity carries the common fields below plus its own; the
// `@odata.type` names which kind it is. Unknown kinds (registryKeyEvidence, …) are kept as sent.
const ns = '#microsoft.graph.security.';

const str = z.string().nullish();
const strList = z.array(z.string()).nullish();

const commonEvidence = {
  createdDateTime: timestampSchema.nullish(),
  verdict: str,
  remediationStatus: str,
  remediationStatusDetails: str,
  roles: strList,
  detailedRoles: strList,
  tags: strList,
};

export const userAccountSchema = z.looseObject({
  accountName: str,
  domainName: str,
  userSid: str,
  azureAdUserId: str,
  userPrincipalName: str,
  displayName: str,
});

export const fileDetailsSchema = z.looseObject({
  fileName: str,
  filePath: str,
  fileSize: z.number().nullish(),
  filePublisher: str,
  sha1: str,
  sha256: str,
  md5: str,
  signer: str,
  issuer: str,
});

function evidence<const K extends string, S extends z.ZodRawShape>(kind: K, shape: S) {
  return z.looseObject({ '@odata.type': z.literal(`${ns}${kind}`), ...commonEvidence, ...shape }).meta({ id: kind });
}

export const userEvidenceSchema = evidence('userEvidence', { userAccount: userAccountSchema.nullish() });

export const deviceEvidenceSchema = evidence('deviceEvidence', {
  mdeDeviceId: str,
  azureAdDeviceId: str,
  deviceDnsName: str,
  hostName: str,
  osPlatform: str,
  osBuild: z.union([z.number(), z.string()]).nullish(),
  version: str,
  healthStatus: str,
  riskScore: str,
  rbacGroupId: z.union([z.number(), z.string()]).nullish(),
  rbacGroupName: str,
  onboardingStatus: str,
  defenderAvStatus: str,
  ipInterfaces: strList,
  loggedOnUsers: z.array(z.looseObject({ accountName: str, domainName: str })).nullish(),
  firstSeenDateTime: timestampSchema.nullish(),
  vmMetadata: z.looseObject({}).nullish(),
});

export const ipEvidenceSchema = evidence('ipEvidence', {
  ipAddress: z.string(),
  countryLetterCode: str,
});

export const urlEvidenceSchema = evidence('urlEvidence', { url: z.string() });

export const fileEvidenceSchema = evidence('fileEvidence', {
  detectionStatus: str,
  mdeDeviceId: str,
  fileDetails: fileDetailsSchema,
});

export const processEvidenceSchema = evidence('processEvidence', {
  processId: z.number().nullish(),
  parentProcessId: z.number().nullish(),
  processCommandLine: str,
  processCreationDateTime: timestampSchema.nullish(),
  parentProcessCreationDateTime: timestampSchema.nullish(),
  detectionStatus: str,
  mdeDeviceId: str,
  imageFile: fileDetailsSchema.nullish(),
  parentProcessImageFile: fileDetailsSchema.nullish(),
  userAccount: userAccountSchema.nullish(),
});

export const mailboxEvidenceSchema = evidence('mailboxEvidence', {
  primaryAddress: str,
  displayName: str,
  userAccount: userAccountSchema.nullish(),
});

export const azureResourceEvidenceSchema = evidence('azureResourceEvidence', {
  resourceId: z.string(),
  resourceName: str,
  resourceType: str,
});

export const cloudResourceEvidenceSchema = evidence('cloudResourceEvidence', {
  resourceId: str,
  resourceName: str,
  resourceType: str,
  cloudProvider: str,
});

const knownEvidence = [
  userEvidenceSchema,
  deviceEvidenceSchema,
  ipEvidenceSchema,
  urlEvidenceSchema,
  fileEvidenceSchema,
  processEvidenceSchema,
  mailboxEvidenceSchema,
  azureResourceEvidenceSchema,
  cloudResourceEvidenceSchema,
] as const;

const knownTypes = new Set<string>(knownEvidence.map((s) => s.shape['@odata.type'].value));

// Any other evidence kind Graph defines; kept whole so nothing a sender wrote is lost. A known kind
// never falls through to here: its own fields must be right.
export const otherEvidenceSchema = z
  .looseObject({
    '@odata.type': z
      .string()
      .regex(/^#microsoft\.graph\.security\.\w+$/, 'expected "#microsoft.graph.security.<kind>"')
      .refine((t) => !knownTypes.has(t), { message: 'an evidence kind with its own fields', abort: true }),
    ...commonEvidence,
  })
  .meta({ id: 'otherEvidence' });


/** One evidence entity; a known `@odata.type` is checked against its kind's fields. */
export const evidenceSchema = z
  .looseObject({ '@odata.type': z.string() })
  .pipe(
    z.union([
      ...knownEvidence,
      otherEvidenceSchema,
    ]),
  );

export type UserAccount = z.output<typeof userAccountSchema>;
export type FileDetails = z.output<typeof fileDetailsSchema>;
export type Evidence = z.output<typeof evidenceSchema>;
export type UserEvidence = z.output<typeof userEvidenceSchema>;
export type DeviceEvidence = z.output<typeof deviceEvidenceSchema>;

/** The short kind of an evidence entity: "#microsoft.graph.security.ipEvidence" → "ipEvidence". */
export function evidenceKind(e: { '@odata.type': string }): string {
  return e['@odata.type'].startsWith(ns) ? e['@odata.type'].slice(ns.length) : e['@odata.type'];
}

/** Full `@odata.type` for a short evidence kind. */
export function evidenceType(kind: string): string {
  return ns + kind;
}
