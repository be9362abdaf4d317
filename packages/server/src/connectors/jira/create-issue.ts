import { z } from 'zod';
import { defineOperation, ok } from '../sdk/define-operation.ts';
import { callUpstream, type UpstreamTransport } from '../upstream/upstream-call.ts';
import { upstreamUrl } from '../upstream/upstream-settings.ts';
import { jiraAuthorization, jiraConnection } from './connection.ts';

export const JIRA_CREATE_PERMISSION = 'connectors.jira.createIssue';

const issueType = z
  .looseObject({
    id: z.union([z.string().min(1), z.number().int().transform(String)]).optional(),
    name: z.string().min(1).optional(),
  })
  .refine((t) => t.id !== undefined || t.name !== undefined, { message: 'expected the issue type id or name' });

/** The Logic Apps Jira connector's "Create a new issue": Jira's own `fields`, the project from `?projectKey`. */
const createIssueBody = z.looseObject({
  fields: z.looseObject({
    summary: z.string().trim().min(1).max(255),
    issuetype: issueType,
    // REST API v2 takes plain text; v3's Atlassian Document Format is not what playbooks send.
    description: z.string().max(32_767).optional(),
  }),
});

const createIssueQueries = z.looseObject({ projectKey: z.string().trim().min(1).max(255) });

const createdIssue = z.looseObject({ id: z.string(), key: z.string(), self: z.string() });

/**
 * `POST /issue?projectKey=…` → Jira `POST {baseUrl}/rest/api/2/issue` with `fields.project.key`.
 * A ticket is a record of the response, not containment: nothing to restore, so recovery leaves it.
 */
export function createIssueOperation(transport: UpstreamTransport) {
  return defineOperation({
    id: 'jira.createIssue',
    summary: 'Create a new issue',
    method: 'post',
    path: '/issue',
    permission: JIRA_CREATE_PERMISSION,
    effect: 'notify',
    connection: jiraConnection,
    body: createIssueBody,
    queries: createIssueQueries,
    output: createdIssue,
    async execute({ body, queries, settings, signal }) {
      const res = await callUpstream(transport, {
        service: 'Jira',
        method: 'POST',
        url: upstreamUrl(settings.baseUrl, '/rest/api/2/issue'),
        headers: { authorization: jiraAuthorization(settings) },
        body: { fields: { ...body.fields, project: { key: queries.projectKey } } },
        timeoutMs: settings.timeoutSeconds * 1000,
        signal,
        ...(settings.egress ? { egress: settings.egress } : {}),
      });
      return ok(res.body, res.statusCode);
    },
  });
}
