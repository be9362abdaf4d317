import type { FunctionRegistry } from './registry.ts';

/** Workflow functions: trigger, actions, body, items, variables, parameters… (filled in below). */
export function registerWorkflowFunctions(_registry: FunctionRegistry): void {}
