import { z } from 'zod';
import { caseInsensitiveEnum, parseWith } from '../validation.ts';

// Names and limits follow Microsoft.SecurityInsights/automationRules (API 2024-09-01).
export const propertyConditionOperators = [
  'Equals',
  'NotEquals',
  'Contains',
  'NotContains',
  'StartsWith',
  'NotStartsWith',
  'EndsWith',
  'NotEndsWith',
] as const;
export type PropertyConditionOperator = (typeof propertyConditionOperators)[number];

export const conditionPropertyNames = [
  'IncidentTitle', 'IncidentDescription', 'IncidentSeverity', 'IncidentStatus', 'IncidentOwner', 'IncidentLabel',
  'IncidentTactics', 'IncidentRelatedAnalyticRuleIds', 'IncidentProviderName', 'IncidentUpdatedBySource',
  'IncidentCustomDetailsKey', 'IncidentCustomDetailsValue', 'AlertProductNames', 'AlertAnalyticRuleIds',
  'AccountAadTenantId', 'AccountAadUserId', 'AccountNTDomain', 'AccountName', 'AccountObjectGuid', 'AccountPUID',
  'AccountSid', 'AccountUPNSuffix', 'AzureResourceResourceId', 'AzureResourceSubscriptionId', 'CloudApplicationAppId',
  'CloudApplicationAppName', 'DNSDomainName', 'FileDirectory', 'FileHashValue', 'FileName', 'HostAzureID',
  'HostNTDomain', 'HostName', 'HostNetBiosName', 'HostOSVersion', 'IPAddress', 'IoTDeviceId', 'IoTDeviceModel',
  'IoTDeviceName', 'IoTDeviceOperatingSystem', 'IoTDeviceType', 'IoTDeviceVendor', 'MailMessageDeliveryAction',
  'MailMessageDeliveryLocation', 'MailMessageP1Sender', 'MailMessageP2Sender', 'MailMessageRecipient',
  'MailMessageSenderIP', 'MailMessageSubject', 'MailboxDisplayName', 'MailboxPrimaryAddress', 'MailboxUPN',
  'MalwareCategory', 'MalwareName', 'ProcessCommandLine', 'ProcessId', 'RegistryKey', 'RegistryValueData', 'Url',
] as const;
export type ConditionPropertyName = (typeof conditionPropertyNames)[number];

export const changedPropertyNames = ['IncidentOwner', 'IncidentSeverity', 'IncidentStatus'] as const;
export const changedArrayTypes = ['Alerts', 'Comments', 'Labels', 'Tactics'] as const;

export type AutomationRuleCondition =
  | {
      conditionType: 'Property';
      conditionProperties: { propertyName: ConditionPropertyName; operator: PropertyConditionOperator; propertyValues: string[] };
    }
  | {
      conditionType: 'PropertyArray';
      conditionProperties: {
        arrayType: 'CustomDetails' | 'CustomDetailValues';
        arrayConditionType: 'AnyItem' | 'AllItems';
        itemConditions: AutomationRuleCondition[];
      };
    }
  | {
      conditionType: 'PropertyChanged';
      conditionProperties: {
        propertyName: (typeof changedPropertyNames)[number];
        changeType: 'ChangedFrom' | 'ChangedTo';
        operator: PropertyConditionOperator;
        propertyValues: string[];
      };
    }
  | {
      conditionType: 'PropertyArrayChanged';
      conditionProperties: { arrayType: (typeof changedArrayTypes)[number]; changeType: 'Added' };
    }
  | {
      conditionType: 'Boolean';
      conditionProperties: { operator: 'And' | 'Or'; innerConditions: AutomationRuleCondition[] };
    };

const conditionSchema: z.ZodType<AutomationRuleCondition> = z.lazy(() =>
  z.discriminatedUnion('conditionType', [
    z.object({
      conditionType: z.literal('Property'),
      conditionProperties: z.object({
        propertyName: caseInsensitiveEnum(conditionPropertyNames),
        operator: caseInsensitiveEnum(propertyConditionOperators),
        propertyValues: z.array(z.string()).min(1, 'needs at least one value'),
      }),
    }),
    z.object({
      conditionType: z.literal('PropertyArray'),
      conditionProperties: z.object({
        arrayType: caseInsensitiveEnum(['CustomDetails', 'CustomDetailValues'] as const),
        arrayConditionType: caseInsensitiveEnum(['AnyItem', 'AllItems'] as const).default('AnyItem'),
        itemConditions: z.array(conditionSchema).min(1).max(10),
      }),
    }),
    z.object({
      conditionType: z.literal('PropertyChanged'),
      conditionProperties: z.object({
        propertyName: caseInsensitiveEnum(changedPropertyNames),
        changeType: caseInsensitiveEnum(['ChangedFrom', 'ChangedTo'] as const),
        operator: caseInsensitiveEnum(propertyConditionOperators),
        propertyValues: z.array(z.string()).min(1, 'needs at least one value'),
      }),
    }),
    z.object({
      conditionType: z.literal('PropertyArrayChanged'),
      conditionProperties: z.object({
        arrayType: caseInsensitiveEnum(changedArrayTypes),
        changeType: caseInsensitiveEnum(['Added'] as const),
      }),
    }),
    z.object({
      conditionType: z.literal('Boolean'),
      conditionProperties: z.object({
        operator: caseInsensitiveEnum(['And', 'Or'] as const),
        innerConditions: z.array(conditionSchema).min(2, 'needs at least two inner conditions').max(10),
      }),
    }),
  ]),
) as z.ZodType<AutomationRuleCondition>;

const nullableString = z.string().nullish();
const timestamp = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'expected an ISO 8601 date-time');

const modifyPropertiesSchema = z
  .object({
    severity: caseInsensitiveEnum(['High', 'Medium', 'Low', 'Informational'] as const).nullish(),
    status: caseInsensitiveEnum(['New', 'Active', 'Closed'] as const).nullish(),
    classification: caseInsensitiveEnum(['Undetermined', 'TruePositive', 'BenignPositive', 'FalsePositive'] as const).nullish(),
    classificationReason: caseInsensitiveEnum(['SuspiciousActivity', 'SuspiciousButExpected', 'IncorrectAlertLogic', 'InaccurateData'] as const).nullish(),
    classificationComment: nullableString,
    owner: z
      .object({ objectId: nullableString, email: nullableString, assignedTo: nullableString, userPrincipalName: nullableString, ownerType: nullableString })
      .nullish(),
    labels: z.array(z.object({ labelName: z.string().min(1), labelType: nullableString })).nullish(),
  })
  .refine((c) => c.status !== 'Closed' || !!c.classification, {
    message: 'closing an incident needs a classification',
    path: ['classification'],
  });

const actionSchema = z.discriminatedUnion('actionType', [
  z.object({
    order: z.number().int().min(1),
    actionType: z.literal('ModifyProperties'),
    actionConfiguration: modifyPropertiesSchema,
  }),
  z.object({
    order: z.number().int().min(1),
    actionType: z.literal('RunPlaybook'),
    actionConfiguration: z.object({ logicAppResourceId: z.string().min(1), tenantId: nullableString }),
  }),
  z.object({
    order: z.number().int().min(1),
    actionType: z.literal('AddIncidentTask'),
    actionConfiguration: z.object({ title: z.string().min(1).max(150), description: z.string().max(3000).nullish() }),
  }),
]);

export const automationRulePropertiesSchema = z
  .object({
    displayName: z.string().min(1).max(500),
    order: z.number().int().min(1).max(1000),
    triggeringLogic: z.object({
      isEnabled: z.boolean(),
      expirationTimeUtc: timestamp.nullish(),
      triggersOn: caseInsensitiveEnum(['Incidents', 'Alerts'] as const),
      triggersWhen: caseInsensitiveEnum(['Created', 'Updated'] as const),
      conditions: z.array(conditionSchema).max(50).default([]),
    }),
    actions: z.array(actionSchema).min(1, 'needs at least one action').max(20),
    createdTimeUtc: timestamp.optional(),
    lastModifiedTimeUtc: timestamp.optional(),
  })
  .superRefine((rule, ctx) => {
    // Sentinel runs only playbooks on alert-triggered rules, and alerts are never "updated".
    if (rule.triggeringLogic.triggersOn !== 'Alerts') return;
    if (rule.triggeringLogic.triggersWhen !== 'Created') {
      ctx.addIssue({ code: 'custom', path: ['triggeringLogic', 'triggersWhen'], message: "rules on Alerts can only trigger when 'Created'" });
    }
    rule.actions.forEach((action, index) => {
      if (action.actionType !== 'RunPlaybook') {
        ctx.addIssue({ code: 'custom', path: ['actions', index, 'actionType'], message: "rules on Alerts can only run playbooks ('RunPlaybook')" });
      }
    });
  });

export type AutomationRuleProperties = z.output<typeof automationRulePropertiesSchema>;
export type AutomationRuleAction = AutomationRuleProperties['actions'][number];
export type ModifyPropertiesConfiguration = Extract<AutomationRuleAction, { actionType: 'ModifyProperties' }>['actionConfiguration'];

/** A parsed rule: the properties, plus the resource's id and name when the whole resource was given. */
export interface AutomationRuleDocument {
  id?: string;
  name?: string;
  properties: AutomationRuleProperties;
}

/**
 * Validates an automation rule given as the `properties` object or as the whole ARM resource
 * (`{id?, name?, properties}`); throws DomainValidationError with JSON pointers into the input.
 */
export function parseAutomationRule(input: unknown): AutomationRuleDocument {
  if (input !== null && typeof input === 'object' && !Array.isArray(input) && 'properties' in input) {
    const resource = input as { id?: unknown; name?: unknown; properties: unknown };
    const properties = parseWith(automationRulePropertiesSchema, resource.properties, 'automation rule', '/properties');
    return {
      ...(typeof resource.id === 'string' ? { id: resource.id } : {}),
      ...(typeof resource.name === 'string' ? { name: resource.name } : {}),
      properties,
    };
  }
  return { properties: parseWith(automationRulePropertiesSchema, input, 'automation rule') };
}
