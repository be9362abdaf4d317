import type { ConnectorRegistry } from '@riposte/engine';
import type { SecurityContext } from '../app/security-context.ts';
import type { SentinelWorkspace } from '../domain/sentinel-payloads/index.ts';
import { defenderAlertTriggerConnector, defenderAssessmentTriggerConnectors } from '../triggers/trigger-webhooks.ts';
import { azureSentinelConnector } from './azuresentinel/index.ts';
import { graphSecurityTiIndicatorOperations, openSqliteIndicatorStore } from './indicators/index.ts';
import { graphSecurityConnector, graphSubscriptionOperations, type GraphCall } from './microsoftgraphsecurity/index.ts';

export interface IncidentConnectorServices {
  ctx: SecurityContext;
  workspace: SentinelWorkspace;
  /** Who a run acts as in audit and timeline entries. */
  actorOf(runId: string): string | Promise<string>;
  /** The server's own Graph API, once it listens (subscription operations call it). */
  graphCall: () => GraphCall | undefined;
}

/**
 * Registers the connectors that act on the server's own incidents and alerts (azuresentinel,
 * microsoftgraphsecurity) and the Sentinel/Defender trigger descriptions. The server and
 * `riposte validate`'s catalogue both call this, so validation knows exactly what the server runs.
 */
export function registerIncidentConnectors(registry: ConnectorRegistry, services: IncidentConnectorServices): void {
  const { ctx, workspace, actorOf } = services;
  registry.register(azureSentinelConnector({ ctx, workspace, actorOf }));
  if (!registry.get('ascalert')) registry.register(defenderAlertTriggerConnector());
  for (const trigger of defenderAssessmentTriggerConnectors()) if (!registry.get(trigger.api)) registry.register(trigger);
  // The tiIndicators operation is registered with the shared indicator store; keep it in the merged connector.
  const existing = registry.get('microsoftgraphsecurity');
  const indicatorOps = existing
    ? (existing.operations as ReturnType<typeof graphSecurityTiIndicatorOperations>)
    : graphSecurityTiIndicatorOperations({ store: openSqliteIndicatorStore({ path: ':memory:' }) });
  registry.register(graphSecurityConnector({ ctx, actorOf, extraOperations: [...indicatorOps, ...graphSubscriptionOperations(services.graphCall)] }));
}
