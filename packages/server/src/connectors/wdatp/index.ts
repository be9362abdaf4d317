import { defaultEgressPolicy } from '../http-egress/egress-policy.ts';
import { defineConnector, type DescribedConnector } from '../sdk/define-connector.ts';
import type { UpstreamTransport } from '../upstream/upstream-call.ts';
import { wdatpConnection } from './connection.ts';
import { mdeApi } from './mde-api.ts';
import { wdatpOperations } from './operations.ts';

export { wdatpConnection, type WdatpSettings } from './connection.ts';
export { WDATP_CONTAIN_PERMISSION, WDATP_READ_PERMISSION } from './operations.ts';
export type { CodeExecutionState, IsolationState } from './machine-state.ts';

/** The `wdatp` connector ("Microsoft Defender ATP"), calling Defender for Endpoint under `transport.egress`. */
export function createWdatpConnector(transport: Partial<UpstreamTransport> & { now?: () => number } = {}): DescribedConnector {
  const api = mdeApi({ egress: transport.egress ?? defaultEgressPolicy, ...(transport.lookup ? { lookup: transport.lookup } : {}) }, transport.now);
  return defineConnector({ api: 'wdatp', displayName: 'Microsoft Defender ATP (Defender for Endpoint)', connection: wdatpConnection, operations: wdatpOperations(api) });
}
