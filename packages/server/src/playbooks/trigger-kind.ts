import { connectionNameOf, normalizeType, type ConnectionRef, type WorkflowDefinition } from '@riposte/engine';

/**
 * What starts a playbook, read from its (first) trigger:
 * - `sentinel-incident`: ApiConnectionWebhook on azuresentinel, path `/incident-creation`
 * - `sentinel-alert`: ApiConnectionWebhook on azuresentinel, path `/subscribe`
 * - `sentinel-entity`: ApiConnectionWebhook on azuresentinel, path `/entity/…` (started by hand)
 * - `defender-alert`: the Defender for Cloud alert trigger (api `ascalert`)
 * - `graph-alert`: Graph security "On all new alerts" (api `microsoftgraphsecurity`)
 * - `request`, `recurrence`, or `manual` for anything else (started by hand only).
 */
export type TriggerKind = 'sentinel-incident' | 'sentinel-alert' | 'sentinel-entity' | 'defender-alert' | 'graph-alert' | 'request' | 'recurrence' | 'manual';

export const triggerKinds: readonly TriggerKind[] = ['sentinel-incident', 'sentinel-alert', 'sentinel-entity', 'defender-alert', 'graph-alert', 'request', 'recurrence', 'manual'];

/** The first trigger of a definition: its name and body. */
export function firstTrigger(definition: WorkflowDefinition): { name: string; trigger: Record<string, unknown> } | undefined {
  const entries = Object.entries((definition.triggers ?? {}) as Record<string, Record<string, unknown>>);
  const first = entries[0];
  return first ? { name: first[0], trigger: first[1] } : undefined;
}

/** Classifies a definition's trigger; connections give the managed API its connection key points to. */
export function triggerKindOf(definition: WorkflowDefinition, connections: readonly ConnectionRef[]): TriggerKind {
  const found = firstTrigger(definition);
  if (!found) return 'manual';
  const { trigger } = found;
  const type = normalizeType(String(trigger.type ?? ''));
  if (type === 'request') return 'request';
  if (type === 'recurrence') return 'recurrence';
  if (type !== 'apiconnectionwebhook' && type !== 'apiconnection') return 'manual';
  const inputs = (trigger.inputs ?? {}) as Record<string, unknown>;
  const path = String(inputs.path ?? '').toLowerCase();
  const ref = connectionNameOf(inputs.host);
  const key = ref.kind === 'static' ? ref.name : '';
  const api = connections.find((c) => c.name === key)?.api ?? key.replace(/[-_]\d+$/, '').toLowerCase();
  if (api === 'ascalert' || path.includes('microsoft.security/alert')) return 'defender-alert';
  if (api === 'microsoftgraphsecurity' && path.includes('alerts')) return 'graph-alert';
  if (api === 'azuresentinel' || api === 'microsoftsentinel') {
    if (path === '/incident-creation') return 'sentinel-incident';
    if (path === '/subscribe') return 'sentinel-alert';
    if (path.startsWith('/entity/')) return 'sentinel-entity';
  }
  return 'manual';
}
