import { ConnectorRegistry } from '@riposte/engine';
import { createEmailConnector } from './email/index.ts';
import { createChatConnectors } from './chat/index.ts';
import type { EgressPolicy } from './http-egress/egress-policy.ts';
import { azureAdDirectoryConnector, directoryConnector } from './directory/index.ts';
import { riposteConnector, type IncidentRecoveryPort } from './riposte/index.ts';
import { conversionServiceConnector } from './conversionservice/index.ts';
import { keyVaultConnector } from './keyvault/index.ts';
import { office365UsersConnector } from './office365users/index.ts';
import { graphSecurityIndicatorsConnector, indicatorsConnector, openSqliteIndicatorStore, type IndicatorStore } from './indicators/index.ts';
import { createJiraConnector } from './jira/index.ts';
import { createServiceNowConnector } from './service-now/index.ts';
import { createVirusTotalConnector } from './virustotal/index.ts';
import { createAbuseIpDbConnector } from './abuseipdb/index.ts';
import { createWdatpConnector } from './wdatp/index.ts';
import { createAzureAdIpConnector } from './azureadip/index.ts';

export interface DefaultConnectorOptions {
  /** Where `indicators` (and Graph tiIndicators) keep indicators; the server passes the store its routes serve. Default: in memory. */
  indicatorStore?: IndicatorStore;
  /** Clock for indicator expiry. */
  now?: () => Date;
  /** Egress policy chat webhooks and SMTP are sent under (default: built-in link-local/metadata refusals, loopback allowed). */
  egress?: EgressPolicy;
  /** The recovery service behind the `riposte` connector's "Recover incident" (bound late: it needs this registry). */
  recovery?: () => IncidentRecoveryPort | undefined;
}

/**
 * The connectors this installation provides, as one registry. The CLI and the server take their
 * registry from here; built-in connectors are added to this list as they are written.
 */
export function defaultConnectorRegistry(options: DefaultConnectorOptions = {}): ConnectorRegistry {
  const chat = createChatConnectors(options.egress ? { egress: options.egress } : {});
  const upstream = options.egress ? { egress: options.egress } : {};
  const indicatorServices = { store: options.indicatorStore ?? openSqliteIndicatorStore({ path: ':memory:' }), ...(options.now ? { now: options.now } : {}) };
  return new ConnectorRegistry()
    .register(createEmailConnector(options.egress ? { egress: options.egress } : {}))
    .register(chat.teams)
    .register(chat.slack)
    .register(directoryConnector)
    .register(azureAdDirectoryConnector)
    .register(conversionServiceConnector)
    .register(keyVaultConnector)
    .register(office365UsersConnector)
    .register(riposteConnector(options.recovery ?? (() => undefined)))
    .register(indicatorsConnector(indicatorServices))
    // Only tiIndicators for now: whoever adds the rest of microsoftgraphsecurity should include
    // graphSecurityTiIndicatorOperations(indicatorServices) in that connector instead of this one.
    .register(graphSecurityIndicatorsConnector(indicatorServices))
    .register(createJiraConnector(upstream))
    .register(createServiceNowConnector(upstream))
    .register(createVirusTotalConnector(upstream))
    .register(createAbuseIpDbConnector(upstream))
    .register(createWdatpConnector(upstream))
    .register(createAzureAdIpConnector(upstream));
}
