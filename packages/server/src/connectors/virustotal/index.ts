import { defineConnector, type DescribedConnector } from '../sdk/define-connector.ts';
import { defaultEgressPolicy } from '../http-egress/egress-policy.ts';
import type { UpstreamTransport } from '../upstream/upstream-call.ts';
import { virusTotalConnection } from './connection.ts';
import { ipReportOperations } from './ip-report.ts';

export { virusTotalConnection, type VirusTotalSettings } from './connection.ts';
export { VIRUSTOTAL_READ_PERMISSION } from './ip-report.ts';

/** The `virustotal` connector (VirusTotal API v3) under `transport.egress`. */
export function createVirusTotalConnector(transport: Partial<UpstreamTransport> = {}): DescribedConnector {
  const t: UpstreamTransport = { egress: transport.egress ?? defaultEgressPolicy, ...(transport.lookup ? { lookup: transport.lookup } : {}) };
  return defineConnector({ api: 'virustotal', displayName: 'VirusTotal', connection: virusTotalConnection, operations: ipReportOperations(t) });
}
