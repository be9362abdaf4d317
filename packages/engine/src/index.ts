// Definitions and import: load, resolve and validate workflow files; the connector registry.
export type * from './definition/types.ts';
export { normalizeType } from './definition/types.ts';
export { childPointer, isNotRunnableHere, type Problem, type ProblemCode } from './definition/problem.ts';
export { validateDefinition } from './definition/validate.ts';
export { defaultLimits, type DefinitionLimits, type ValidationOptions } from './definition/validation-context.ts';
export { typeAvailability, type TypeAvailability } from './definition/action-types.ts';
export {
  importWorkflowJson,
  importWorkflowText,
  loadWorkflowFile,
  type ImportedWorkflow,
  type LoadedWorkflowFile,
  type LoadWorkflowOptions,
  type WorkflowFileFormat,
} from './import/workflow-file.ts';
export { apiFromId, connectionNameOf, connectionsFromParameter, type ConnectionName } from './import/connections.ts';
export {
  ArmExpressionError,
  defaultDeploymentTarget,
  evaluateArmString,
  parseArmExpression,
  type ArmDeploymentTarget,
} from './import/arm-expressions/index.ts';
export type * from './connectors/types.ts';
export { ConnectorRegistry, type ResolvedOperation } from './connectors/registry.ts';
export { matchPath } from './connectors/path-template.ts';
export { testConnector } from './connectors/test-connector.ts';

// Action building blocks: the typed action failure and the pure data operations (Query, Select,
// Join, Table, ParseJson, variables).
export { ActionFailure, describeType, type ActionFailureStatus } from './actions/errors.ts';
export * from './actions/data/index.ts';
// Runtime support: ISO durations, retry policies, condition trees, recurrence schedules.
export * from './runtime-support/index.ts';
