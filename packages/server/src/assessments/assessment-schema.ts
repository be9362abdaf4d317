import { z } from 'zod';
import { caseInsensitiveEnum } from '../common/case-insensitive-enum.ts';

// Defender for Cloud assessments in their ARM resource shape, because workflow automations address
// them by paths such as `properties.metadata.severity`.
export const assessmentKinds = ['securityAssessment', 'regulatoryComplianceAssessment'] as const;
export type AssessmentKind = (typeof assessmentKinds)[number];

export const securityAssessmentType = 'Microsoft.Security/assessments';
export const regulatoryAssessmentType =
  'Microsoft.Security/regulatoryComplianceStandards/regulatoryComplianceControls/regulatoryComplianceAssessments';

const str = z.string().nullish();

const securityAssessmentProperties = z.looseObject({
  displayName: str,
  status: z.looseObject({
    code: caseInsensitiveEnum(['Healthy', 'Unhealthy', 'NotApplicable'] as const),
    cause: str,
    description: str,
    firstEvaluationDate: str,
    statusChangeDate: str,
  }),
  resourceDetails: z.looseObject({ source: caseInsensitiveEnum(['Azure', 'OnPremise', 'OnPremiseSql', 'Aws', 'Gcp'] as const).default('Azure'), id: str }),
  metadata: z
    .looseObject({
      displayName: str,
      severity: caseInsensitiveEnum(['Low', 'Medium', 'High'] as const).default('Medium'),
      assessmentType: caseInsensitiveEnum(['BuiltIn', 'CustomPolicy', 'CustomerManaged', 'VerifiedPartner'] as const).nullish(),
      categories: z.array(z.string()).nullish(),
      description: str,
      remediationDescription: str,
      userImpact: str,
      implementationEffort: str,
      threats: z.array(z.string()).nullish(),
      policyDefinitionId: str,
    })
    .optional(),
  additionalData: z.record(z.string(), z.unknown()).nullish(),
  links: z.looseObject({ azurePortalUri: str }).nullish(),
});

const regulatoryAssessmentProperties = z.looseObject({
  description: str,
  assessmentType: str,
  assessmentDetailsLink: str,
  state: caseInsensitiveEnum(['Passed', 'Failed', 'Skipped', 'Unsupported'] as const),
  passedResources: z.number().int().nullish(),
  failedResources: z.number().int().nullish(),
  skippedResources: z.number().int().nullish(),
  unsupportedResources: z.number().int().nullish(),
  standardName: str,
  controlName: str,
});

/** A security recommendation as posted: the ARM resource (or just its properties plus a name). */
export const securityAssessmentInputSchema = z
  .looseObject({
    kind: z.literal('securityAssessment').default('securityAssessment'),
    id: str,
    name: z.string().min(1).max(256).regex(/^[^/]+$/, 'a name without "/"'),
    type: str,
    properties: securityAssessmentProperties,
  })
  .meta({ id: 'SecurityAssessmentInput' });

export const regulatoryAssessmentInputSchema = z
  .looseObject({
    kind: z.literal('regulatoryComplianceAssessment'),
    id: str,
    name: z.string().min(1).max(256).regex(/^[^/]+$/, 'a name without "/"'),
    type: str,
    properties: regulatoryAssessmentProperties,
  })
  .meta({ id: 'RegulatoryComplianceAssessmentInput' });

/** POST /api/assessments: one assessment; `kind` defaults to securityAssessment. */
export const assessmentInputSchema = z
  .union([regulatoryAssessmentInputSchema, securityAssessmentInputSchema])
  .meta({ id: 'AssessmentInput' });

export type AssessmentInput = z.output<typeof assessmentInputSchema>;

/** A stored assessment. `id` is the ARM-style resource id; `name` is unique per kind. */
export const assessmentSchema = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    type: z.string(),
    kind: z.enum(assessmentKinds),
    properties: z.record(z.string(), z.unknown()),
    createdDateTime: z.string(),
    lastUpdateDateTime: z.string(),
  })
  .meta({ id: 'Assessment' });

export type Assessment = z.output<typeof assessmentSchema>;

/** The status summary used to list and filter: Healthy/Unhealthy/NotApplicable or Passed/Failed/… */
export function assessmentState(a: Pick<Assessment, 'kind' | 'properties'>): string {
  const p = a.properties as Record<string, any>;
  return a.kind === 'securityAssessment' ? String(p.status?.code ?? '') : String(p.state ?? '');
}

/** The severity of a security assessment (High/Medium/Low), or null for compliance ones. */
export function assessmentSeverity(a: Pick<Assessment, 'kind' | 'properties'>): string | null {
  const p = a.properties as Record<string, any>;
  return a.kind === 'securityAssessment' ? (p.metadata?.severity ?? null) : null;
}
