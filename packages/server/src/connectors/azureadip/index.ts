import { defaultEgressPolicy } from '../http-egress/egress-policy.ts';
import { defineConnector, type DescribedConnector } from '../sdk/define-connector.ts';
import type { UpstreamTransport } from '../upstream/upstream-call.ts';
import { azureAdIpConnection } from './connection.ts';
import { riskyUsersApi } from './graph-api.ts';
import { azureAdIpOperations } from './operations.ts';

export { azureAdIpConnection, type AzureAdIpSettings } from './connection.ts';
export { AZUREADIP_PERMISSION } from './operations.ts';
export type { RiskState, UserRisk } from './risk-state.ts';

/** The `azureadip` connector (Azure AD Identity Protection), calling Microsoft Graph under `transport.egress`. */
export function createAzureAdIpConnector(transport: Partial<UpstreamTransport> & { now?: () => number } = {}): DescribedConnector {
  const api = riskyUsersApi({ egress: transport.egress ?? defaultEgressPolicy, ...(transport.lookup ? { lookup: transport.lookup } : {}) }, transport.now);
  return defineConnector({ api: 'azureadip', displayName: 'Azure AD Identity Protection', connection: azureAdIpConnection, operations: azureAdIpOperations(api) });
}
