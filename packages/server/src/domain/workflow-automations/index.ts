export {
  eventSources,
  parseWorkflowAutomation,
  propertyTypes,
  ruleOperators,
  triggeringRuleSchema,
  workflowAutomationPropertiesSchema,
  type AutomationAction,
  type EventSource,
  type RuleOperator,
  type TriggeringRule,
  type WorkflowAutomationDocument,
  type WorkflowAutomationProperties,
} from './automation-schema.ts';
export { matchAutomation, matchRule, type SecurityEvent } from './match-automation.ts';
