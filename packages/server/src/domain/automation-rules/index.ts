export { evaluateCondition, matchesOperator, type ConditionContext } from './conditions.ts';
export { conditionPropertyValues } from './condition-properties.ts';
export {
  evaluateRules,
  modifyProperties,
  sortRules,
  type AutomationEvent,
  type AutomationRule,
  type ChangedProperty,
  type PropertyChange,
  type RuleOutcome,
  type RulesEvaluation,
} from './evaluate-rules.ts';
export {
  incidentViewOfAlert,
  type AutomationIncident,
  type IncidentAlert,
  type IncidentEntity,
  type IncidentLabel,
  type IncidentOwner,
} from './incident.ts';
export {
  automationRulePropertiesSchema,
  conditionPropertyNames,
  parseAutomationRule,
  propertyConditionOperators,
  type AutomationRuleAction,
  type AutomationRuleCondition,
  type AutomationRuleDocument,
  type AutomationRuleProperties,
  type ConditionPropertyName,
  type ModifyPropertiesConfiguration,
  type PropertyConditionOperator,
} from './rule-schema.ts';
