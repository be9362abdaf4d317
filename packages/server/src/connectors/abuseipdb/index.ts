import { defineConnector, type DescribedConnector } from '../sdk/define-connector.ts';
import { defaultEgressPolicy } from '../http-egress/egress-policy.ts';
import type { UpstreamTransport } from '../upstream/upstream-call.ts';
import { abuseIpDbConnection } from './connection.ts';
import { checkOperation } from './check.ts';

export { abuseIpDbConnection, type AbuseIpDbSettings } from './connection.ts';
export { ABUSEIPDB_READ_PERMISSION } from './check.ts';

/**
 * The `abuseipdbapi` connector (AbuseIPDB API v2) under `transport.egress`. The corpus playbook
 * reaches it through a custom API named `AbuseIPDBAPI` (`…/customApis/AbuseIPDBAPI`), so the
 * connection key gives the api name.
 */
export function createAbuseIpDbConnector(transport: Partial<UpstreamTransport> = {}): DescribedConnector {
  const t: UpstreamTransport = { egress: transport.egress ?? defaultEgressPolicy, ...(transport.lookup ? { lookup: transport.lookup } : {}) };
  return defineConnector({ api: 'abuseipdbapi', displayName: 'AbuseIPDB', connection: abuseIpDbConnection, operations: [checkOperation(t)] });
}
