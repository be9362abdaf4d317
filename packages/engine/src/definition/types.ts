/**
 * Workflow Definition Language (schema 2016-06-01) as JSON. These types describe a definition
 * after import (ARM resolved, BOM stripped) and validation; action/trigger `type` values keep the
 * author's spelling and are compared case-insensitively (see normalizeType).
 */

export type RunAfterStatus = 'Succeeded' | 'Failed' | 'Skipped' | 'TimedOut';

export interface RetryPolicy {
  type: 'default' | 'none' | 'fixed' | 'exponential' | string;
  count?: number;
  interval?: string; // ISO 8601 duration
  minimumInterval?: string;
  maximumInterval?: string;
}

export interface WorkflowParameter {
  type: string; // String, Int, Float, Bool, Array, Object, SecureString, SecureObject
  defaultValue?: unknown;
  allowedValues?: unknown[];
  metadata?: Record<string, unknown>;
}

export interface WorkflowOperation {
  type: string;
  kind?: string;
  inputs?: unknown;
  runAfter?: Record<string, RunAfterStatus[]>;
  runtimeConfiguration?: {
    concurrency?: { repetitions?: number; runs?: number };
    secureData?: { properties?: Array<'inputs' | 'outputs'> };
    staticResult?: { name: string; staticResultOptions?: 'Enabled' | 'Disabled' };
    [k: string]: unknown;
  };
  operationOptions?: string;
  trackedProperties?: Record<string, unknown>;
  description?: string;
  metadata?: Record<string, unknown>;
  limit?: { count?: number | string; timeout?: string };
  [k: string]: unknown;
}

export interface WorkflowAction extends WorkflowOperation {
  actions?: Record<string, WorkflowAction>; // Scope, Foreach, Until, If (true branch)
  else?: { actions?: Record<string, WorkflowAction> };
  expression?: unknown; // If (predicate tree or string), Switch (value), Until (condition)
  cases?: Record<string, { case: unknown; actions?: Record<string, WorkflowAction> }>;
  default?: { actions?: Record<string, WorkflowAction> };
  foreach?: unknown;
}

export interface WorkflowTrigger extends WorkflowOperation {
  recurrence?: { frequency: string; interval: number; startTime?: string; timeZone?: string; schedule?: unknown };
  splitOn?: string;
  conditions?: Array<{ expression: string }>;
}

export interface WorkflowDefinition {
  $schema?: string;
  contentVersion?: string;
  parameters?: Record<string, WorkflowParameter>;
  triggers?: Record<string, WorkflowTrigger>;
  actions?: Record<string, WorkflowAction>;
  outputs?: Record<string, { type: string; value: unknown }>;
  staticResults?: Record<string, { status: string; outputs?: unknown; error?: unknown }>;
  [k: string]: unknown;
}

/** Canonical lower-case form used to look up action and trigger types. */
export function normalizeType(type: string): string {
  return type.toLowerCase();
}
