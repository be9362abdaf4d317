import type { ConnectorRegistry } from '@riposte/engine';
import { securityContext } from '../app/security-context.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import { defaultWorkspace } from '../triggers/payloads.ts';
import { registerIncidentConnectors } from './incident-connectors.ts';
import { defaultConnectorRegistry } from './index.ts';

/**
 * Every connector operation the Riposte server offers, including those that act on its own incident
 * store (azuresentinel, microsoftgraphsecurity, the Sentinel and Defender triggers). `riposte validate`
 * judges definitions against it, so "connector not available" means what the product cannot run.
 * The incident-bound connectors are built over an empty in-memory store: only their descriptions
 * are used here; they act on real incidents inside `riposte serve`.
 */
export function productConnectorCatalogue(): ConnectorRegistry {
  const registry = defaultConnectorRegistry();
  const ctx = securityContext({ store: openSqliteSecurityStore({ path: ':memory:' }) });
  registerIncidentConnectors(registry, { ctx, workspace: defaultWorkspace, actorOf: () => 'riposte-cli', graphCall: () => undefined });
  return registry;
}
