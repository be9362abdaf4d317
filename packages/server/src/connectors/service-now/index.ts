import { defineConnector, type DescribedConnector } from '../sdk/define-connector.ts';
import { defaultEgressPolicy } from '../http-egress/egress-policy.ts';
import type { UpstreamTransport } from '../upstream/upstream-call.ts';
import { serviceNowConnection } from './connection.ts';
import { createRecordOperation } from './create-record.ts';

export { serviceNowConnection, serviceNowAuthorization, type ServiceNowSettings } from './connection.ts';
export { SERVICENOW_CREATE_PERMISSION } from './create-record.ts';

/** The `service-now` connector (ServiceNow Table API) under `transport.egress`. */
export function createServiceNowConnector(transport: Partial<UpstreamTransport> = {}): DescribedConnector {
  const t: UpstreamTransport = { egress: transport.egress ?? defaultEgressPolicy, ...(transport.lookup ? { lookup: transport.lookup } : {}) };
  return defineConnector({ api: 'service-now', displayName: 'ServiceNow', connection: serviceNowConnection, operations: [createRecordOperation(t)] });
}
