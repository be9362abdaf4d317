// Definitions and import: load, resolve and validate workflow files; the connector registry.
export type * from './definition/types.ts';
export { normalizeType } from './definition/types.ts';
export { childPointer, isNotRunnableHere, type Problem, type ProblemCode } from './definition/problem.ts';
export { validateDefinition } from './definition/validate.ts';
export { walkActions, type ActionSite } from './definition/walk.ts';
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

// Time-ordered ids (run ids; the server's entity ids): rows append to their B-trees.
export { uuidV7, uuidV7Generator } from './ids/uuid-v7.ts';

// Runs: the durable run journal port and the run state machine.
export * from './store/run-store.ts';
export { MemoryRunStore } from './store/memory-run-store.ts';
export {
  WorkflowRuntime,
  type RunHandle,
  type RunHistory,
  type StartRunInput,
  type WorkflowRuntimeOptions,
} from './runtime/workflow-runtime.ts';
export type { RunResult } from './runtime/run-execution.ts';
export type { ConnectionResolver, ConnectorResolver, WorkflowResolver } from './runtime/environment.ts';
export { WorkflowError, type WorkflowErrorCode } from './runtime/errors.ts';
export { systemClock, ManualClock, type Clock } from './runtime/clock.ts';
export { undiciHttpClient, type HttpClient, type OutboundRequest, type InboundResponse } from './runtime/http-client.ts';
export { DEFAULT_LIMITS, type RunLimits } from './runtime/limits.ts';
export { parseParameterText, resolveParameters } from './runtime/parameters.ts';
