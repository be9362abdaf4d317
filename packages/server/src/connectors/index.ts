import { ConnectorRegistry, testConnector } from '@riposte/engine';

/**
 * The connectors this installation provides, as one registry. The CLI and the server take their
 * registry from here; built-in connectors are added to this list as they are written.
 */
export function defaultConnectorRegistry(): ConnectorRegistry {
  return new ConnectorRegistry().register(testConnector);
}
