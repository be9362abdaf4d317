import { normalizeType } from './types.ts';

/** Action types the engine runs (lower-case, as normalizeType gives them). */
export const runnableActionTypes: ReadonlySet<string> = new Set(
  [
    'Compose', 'InitializeVariable', 'SetVariable', 'IncrementVariable', 'DecrementVariable', 'AppendToArrayVariable',
    'AppendToStringVariable', 'If', 'Switch', 'Foreach', 'Until', 'Scope', 'Terminate', 'Wait', 'Http', 'HttpWebhook',
    'Response', 'ParseJson', 'Query', 'Select', 'Join', 'Table', 'Workflow', 'ApiConnection', 'ApiConnectionWebhook',
  ].map(normalizeType),
);

/** Logic Apps action types we recognise but cannot run (integration account, code, AI, Azure-only). */
export const unavailableActionTypes: ReadonlySet<string> = new Set(
  [
    'JavaScriptCode', 'CSharpScriptCode', 'PowershellCode', 'ServiceProvider', 'Xslt', 'XmlValidation', 'XmlParse', 'XmlCompose',
    'FlatFileDecoding', 'FlatFileEncoding', 'Liquid', 'Agent', 'Function', 'InvokeFunction', 'ApiManagement', 'Batch',
    'SendToBatch', 'Expression', 'IntegrationAccountArtifactLookup', 'RosettaNetEncode', 'RosettaNetDecode',
    'RosettaNetWaitForResponse', 'SwiftMTEncode', 'SwiftMTDecode', 'ApiConnectionNotification', 'OpenApiConnection',
    'OpenApiConnectionWebhook', 'Changeset', 'NestedWorkflow', 'Manual', 'ChunkText', 'ParseDocument',
  ].map(normalizeType),
);

/** Trigger types the engine runs. */
export const runnableTriggerTypes: ReadonlySet<string> = new Set(
  ['Request', 'Recurrence', 'Http', 'HttpWebhook', 'ApiConnection', 'ApiConnectionWebhook'].map(normalizeType),
);

/** Trigger types we recognise but cannot run. */
export const unavailableTriggerTypes: ReadonlySet<string> = new Set(
  ['ServiceProvider', 'Batch', 'SlidingWindow', 'ApiManagement', 'OpenApiConnection', 'OpenApiConnectionWebhook', 'OpenApiConnectionNotification', 'Manual'].map(normalizeType),
);

export type TypeAvailability = 'runnable' | 'unavailable' | 'unknown';

/** Whether an action or trigger type runs here, is a known Logic Apps type we lack, or is unknown. */
export function typeAvailability(type: string, role: 'action' | 'trigger'): TypeAvailability {
  const t = normalizeType(type);
  const [runnable, unavailable] = role === 'action' ? [runnableActionTypes, unavailableActionTypes] : [runnableTriggerTypes, unavailableTriggerTypes];
  if (runnable.has(t)) return 'runnable';
  if (unavailable.has(t)) return 'unavailable';
  return 'unknown';
}
