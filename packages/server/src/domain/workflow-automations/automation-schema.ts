import { z } from 'zod';
import { caseInsensitiveEnum, parseWith } from '../validation.ts';

// Microsoft.Security/automations (API 2019-01-01-preview and later).
export const eventSources = [
  'Assessments',
  'AssessmentsSnapshot',
  'SubAssessments',
  'SubAssessmentsSnapshot',
  'Alerts',
  'SecureScores',
  'SecureScoresSnapshot',
  'SecureScoreControls',
  'SecureScoreControlsSnapshot',
  'RegulatoryComplianceAssessment',
  'RegulatoryComplianceAssessmentSnapshot',
  'AttackPaths',
  'AttackPathsSnapshot',
] as const;
export type EventSource = (typeof eventSources)[number];

export const ruleOperators = [
  'Equals',
  'NotEquals',
  'GreaterThan',
  'GreaterThanOrEqualTo',
  'LesserThan',
  'LesserThanOrEqualTo',
  'Contains',
  'StartsWith',
  'EndsWith',
] as const;
export type RuleOperator = (typeof ruleOperators)[number];
export const propertyTypes = ['String', 'Integer', 'Number', 'Boolean'] as const;

const orderingOperators = new Set<RuleOperator>(['GreaterThan', 'GreaterThanOrEqualTo', 'LesserThan', 'LesserThanOrEqualTo']);
const textOperators = new Set<RuleOperator>(['Contains', 'StartsWith', 'EndsWith']);

export const triggeringRuleSchema = z
  .object({
    propertyJPath: z.string().min(1),
    propertyType: caseInsensitiveEnum(propertyTypes),
    expectedValue: z.string(),
    operator: caseInsensitiveEnum(ruleOperators),
  })
  .superRefine((rule, ctx) => {
    // Defender documents ordering operators for numbers only and text operators for non-numbers.
    const numeric = rule.propertyType === 'Integer' || rule.propertyType === 'Number';
    if (orderingOperators.has(rule.operator) && !numeric) {
      ctx.addIssue({ code: 'custom', path: ['operator'], message: `'${rule.operator}' needs propertyType Integer or Number` });
    }
    if (textOperators.has(rule.operator) && rule.propertyType !== 'String') {
      ctx.addIssue({ code: 'custom', path: ['operator'], message: `'${rule.operator}' needs propertyType String` });
    }
    if (numeric && !Number.isFinite(Number(rule.expectedValue))) {
      ctx.addIssue({ code: 'custom', path: ['expectedValue'], message: `expected a number for propertyType ${rule.propertyType}` });
    }
    if (rule.propertyType === 'Integer' && !Number.isInteger(Number(rule.expectedValue))) {
      ctx.addIssue({ code: 'custom', path: ['expectedValue'], message: 'expected an integer for propertyType Integer' });
    }
    if (rule.propertyType === 'Boolean' && !/^(true|false)$/i.test(rule.expectedValue)) {
      ctx.addIssue({ code: 'custom', path: ['expectedValue'], message: "expected 'true' or 'false' for propertyType Boolean" });
    }
    if (rule.propertyType === 'Boolean' && rule.operator !== 'Equals' && rule.operator !== 'NotEquals') {
      ctx.addIssue({ code: 'custom', path: ['operator'], message: 'Boolean properties take only Equals or NotEquals' });
    }
  });
export type TriggeringRule = z.output<typeof triggeringRuleSchema>;

const actionSchema = z.discriminatedUnion('actionType', [
  z.object({ actionType: z.literal('LogicApp'), logicAppResourceId: z.string().min(1), uri: z.string().optional() }),
  z.object({ actionType: z.literal('Webhook'), uri: z.string().url() }),
  z.object({
    actionType: z.literal('EventHub'),
    eventHubResourceId: z.string().min(1),
    sasPolicyName: z.string().optional(),
    connectionString: z.string().optional(),
  }),
  z.object({ actionType: z.literal('Workspace'), workspaceResourceId: z.string().min(1) }),
]);
export type AutomationAction = z.output<typeof actionSchema>;

export const workflowAutomationPropertiesSchema = z.object({
  description: z.string().max(4000).optional(),
  isEnabled: z.boolean().default(true),
  scopes: z.array(z.object({ description: z.string().optional(), scopePath: z.string().min(1) })).default([]),
  sources: z
    .array(
      z.object({
        eventSource: caseInsensitiveEnum(eventSources),
        ruleSets: z.array(z.object({ rules: z.array(triggeringRuleSchema).min(1, 'a rule set needs at least one rule') })).default([]),
      }),
    )
    .min(1, 'needs at least one source'),
  actions: z.array(actionSchema).min(1, 'needs at least one action'),
});
export type WorkflowAutomationProperties = z.output<typeof workflowAutomationPropertiesSchema>;

export interface WorkflowAutomationDocument {
  id?: string;
  name?: string;
  location?: string;
  tags?: Record<string, string>;
  properties: WorkflowAutomationProperties;
}

/**
 * Validates a Defender for Cloud automation given as its `properties` or as the whole resource
 * (`{id?, name?, location?, tags?, properties}`); throws DomainValidationError with JSON pointers.
 */
export function parseWorkflowAutomation(input: unknown): WorkflowAutomationDocument {
  if (input !== null && typeof input === 'object' && !Array.isArray(input) && 'properties' in input) {
    const resource = input as Record<string, unknown>;
    const properties = parseWith(workflowAutomationPropertiesSchema, resource.properties, 'workflow automation', '/properties');
    const tags = resource.tags && typeof resource.tags === 'object' ? (resource.tags as Record<string, string>) : undefined;
    return {
      ...(typeof resource.id === 'string' ? { id: resource.id } : {}),
      ...(typeof resource.name === 'string' ? { name: resource.name } : {}),
      ...(typeof resource.location === 'string' ? { location: resource.location } : {}),
      ...(tags ? { tags } : {}),
      properties,
    };
  }
  return { properties: parseWith(workflowAutomationPropertiesSchema, input, 'workflow automation') };
}
