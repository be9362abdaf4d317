import { defineConnector, type DescribedConnector } from '../sdk/define-connector.ts';
import { defaultEgressPolicy } from '../http-egress/egress-policy.ts';
import type { UpstreamTransport } from '../upstream/upstream-call.ts';
import { jiraConnection } from './connection.ts';
import { createIssueOperation } from './create-issue.ts';

export { jiraConnection, jiraAuthorization, type JiraSettings } from './connection.ts';
export { JIRA_CREATE_PERMISSION } from './create-issue.ts';

/** The `jira` connector (Jira Cloud / Server REST API v2) under `transport.egress`. */
export function createJiraConnector(transport: Partial<UpstreamTransport> = {}): DescribedConnector {
  const t: UpstreamTransport = { egress: transport.egress ?? defaultEgressPolicy, ...(transport.lookup ? { lookup: transport.lookup } : {}) };
  return defineConnector({ api: 'jira', displayName: 'Jira', connection: jiraConnection, operations: [createIssueOperation(t)] });
}
