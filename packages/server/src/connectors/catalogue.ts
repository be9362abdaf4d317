import type { ConnectorRegistry } from '@riposte/engine';
import { securityContext } from '../app/security-context.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import { azureSentinelConnector } from './azuresentinel/azuresentinel-connector.ts';
import { graphSecurityConnector } from './microsoftgraphsecurity/graph-security-connector.ts';
import { graphSubscriptionOperations } from './microsoftgraphsecurity/subscription-operations.ts';
import { defaultConnectorRegistry } from './index.ts';
import { defaultWorkspace } from '../triggers/payloads.ts';
import { defenderAlertTriggerConnector, defenderAssessmentTriggerConnectors } from '../triggers/trigger-webhooks.ts';

/**
 * Every connector operation the Riposte server offers, including those that act on its own incident
 * store (azuresentinel, microsoftgraphsecurity, the Sentinel and Defender triggers). `riposte validate`
 * judges definitions against it, so "connector not available" means what the product cannot run.
 * The incident-bound connectors are built over an empty in-memory store: only their descriptions
 * are used here; they act on real incidents inside `riposte serve`.
 */
export function productConnectorCatalogue(): ConnectorRegistry {
  const registry = defaultConnectorRegistry();
  const serverOnly = securityContext({ store: openSqliteSecurityStore({ path: ':memory:' }) });
  const actorOf = () => 'riposte-cli';
  registry.register(azureSentinelConnector({ ctx: serverOnly, workspace: defaultWorkspace, actorOf }));
  if (!registry.get('ascalert')) registry.register(defenderAlertTriggerConnector());
  for (const trigger of defenderAssessmentTriggerConnectors()) if (!registry.get(trigger.api)) registry.register(trigger);
  const indicatorOps = registry.get('microsoftgraphsecurity')?.operations ?? [];
  registry.register(graphSecurityConnector({ ctx: serverOnly, actorOf, extraOperations: [...(indicatorOps as never[]), ...graphSubscriptionOperations(() => undefined)] }));
  return registry;
}
