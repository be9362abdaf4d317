import type { ConnectionRef } from '../connectors/types.ts';
import type { ConnectorRegistry } from '../connectors/registry.ts';
import type { Problem } from './problem.ts';
import type { WorkflowDefinition } from './types.ts';
import type { ActionSite } from './walk.ts';

/** Limits as Logic Apps documents them; each can be changed per installation. */
export interface DefinitionLimits {
  maxForeachRepetitions: number;
  maxUntilCount: number;
  maxExpressionLength: number;
  maxNestingDepth: number;
}

export const defaultLimits: DefinitionLimits = {
  maxForeachRepetitions: 50,
  maxUntilCount: 5000,
  maxExpressionLength: 8192,
  maxNestingDepth: 8,
};

export interface ValidationOptions {
  /** JSON pointer of the definition inside the file (e.g. /resources/1/properties/definition). */
  pointer?: string;
  /** When given, ApiConnection operations must resolve to a registered connector operation. */
  connectors?: ConnectorRegistry;
  /** Connections from `$connections`, to map a connection name to its managed API. */
  connections?: ConnectionRef[];
  /** Logic Apps Standard reads parameters from parameters.json, so undeclared ones are not errors there. */
  checkParameterDeclarations?: boolean;
  limits?: Partial<DefinitionLimits>;
}

/** What every check reads. */
export interface CheckInput {
  definition: WorkflowDefinition;
  root: string;
  sites: ActionSite[];
  triggers: Array<{ name: string; trigger: Record<string, unknown>; pointer: string }>;
  options: ValidationOptions;
  limits: DefinitionLimits;
  report(problem: Problem): void;
}
