/** What a run needs from outside the state machine: ports and settings, fixed per runtime. */
import type { ConnectionRef, ConnectorOperation, ConnectorWebhookOperation } from '../connectors/types.ts';
import type { WorkflowDefinition } from '../definition/types.ts';
import type { RunResponse, RunStore } from '../store/run-store.ts';
import type { ActionHandler } from './action-handler.ts';
import type { Clock } from './clock.ts';
import type { HttpClient } from './http-client.ts';
import type { JournalWriter } from './journal.ts';
import type { RunLimits } from './limits.ts';

/** How the runtime finds connector operations (ConnectorRegistry satisfies it). */
export interface ConnectorResolver {
  resolve(api: string, method: string, path: string): { operation: ConnectorOperation; pathParams: Record<string, string> } | undefined;
  resolveWebhook?(api: string, method: string, path: string): { operation: ConnectorWebhookOperation; pathParams: Record<string, string> } | undefined;
}

/** Completes a connection named by a run's $connections (settings, credentials) before a connector call. */
export type ConnectionResolver = (connection: ConnectionRef) => Promise<ConnectionRef>;

/** Finds the definition a Workflow action calls (`inputs.host.workflow.id`). */
export type WorkflowResolver = (workflowId: string) => Promise<{ name: string; definition: WorkflowDefinition } | undefined>;

export interface RunEnvironment {
  store: RunStore;
  journal: JournalWriter;
  clock: Clock;
  limits: RunLimits;
  http: HttpClient;
  connectors?: ConnectorResolver;
  resolveConnection?: ConnectionResolver;
  resolveWorkflow?: WorkflowResolver;
  handlers: ReadonlyMap<string, ActionHandler>;
  random(): number;
  guid(): string;
  /** URL a webhook calls back (listCallbackUrl, ApiConnectionWebhook). */
  callbackUrl(runId: string, actionPath: string, iteration: readonly number[]): string;
  /** Called once per run when its Response action answered. */
  onResponse?(runId: string, response: RunResponse): void;
  /** Waits for deliverCallback(runId, path, payload) (see WorkflowRuntime). */
  awaitCallback(runId: string, key: string, signal: AbortSignal): Promise<unknown>;
  /** Runs a child workflow to completion (Workflow action); id is deterministic so a resume continues it. */
  runChild(childRunId: string, parentRunId: string, workflowName: string, definition: WorkflowDefinition, triggerOutputs: { headers?: Record<string, string>; body?: unknown }): Promise<{ status: string; response?: RunResponse; error?: { code: string; message: string } | null }>;
}
