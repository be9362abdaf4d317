import { z } from 'zod';
import { defineOperation, ok } from '../sdk/define-operation.ts';
import { callUpstream, upstreamError, type UpstreamTransport } from '../upstream/upstream-call.ts';
import { connectionLimits, upstreamUrl } from '../upstream/upstream-settings.ts';
import { idempotencyMark } from '../upstream/idempotency-mark.ts';
import { jiraAuthorization, jiraConnection } from './connection.ts';
import { findIssueByLabel } from './issue-search.ts';

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
    // Jira refuses a label with a space; Riposte adds its own mark to these.
    labels: z.array(z.string().min(1).max(255).regex(/^\S+$/, 'expected a Jira label (no spaces)')).max(100).optional(),
  }),
});

const createIssueQueries = z.looseObject({ projectKey: z.string().trim().min(1).max(255) });

const createdIssue = z.looseObject({ id: z.string(), key: z.string(), self: z.string() });

/**
 * `POST /issue?projectKey=…` → Jira `POST {baseUrl}/rest/api/2/issue` with `fields.project.key`.
 * Once per idempotency key: the issue carries a label derived from the key beside the playbook's
 * own, and an issue already carrying it is answered instead of a second one (a retry after a lost
 * answer). A ticket is a record of the response, not containment: nothing to restore, so recovery
 * leaves it.
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
    async execute({ body, queries, settings, req, signal }) {
      const mark = idempotencyMark(req.idempotencyKey);
      // The engine does not tell a connector which attempt this is, so every call searches first
      // (a first attempt after a crash is a repeat too): one GET more per create.
      const existing = await findIssueByLabel(transport, settings, mark, signal);
      if (existing) return ok(existing, 200);
      const labels = [...new Set([...(body.fields.labels ?? []), mark])];
      const send = (fields: Record<string, unknown>) =>
        callUpstream(transport, {
          service: 'Jira',
          method: 'POST',
          url: upstreamUrl(settings.baseUrl, '/rest/api/2/issue'),
          headers: { authorization: jiraAuthorization(settings) },
          body: { fields: { ...fields, project: { key: queries.projectKey } } },
          signal,
          answerStatuses: [400],
          ...connectionLimits(settings),
        });
      let res = await send({ ...body.fields, labels });
      // A project whose create screen has no Labels field refuses them ("cannot be set"). When the
      // playbook sent none, the issue is created without the mark: as before, not once per key.
      if (res.statusCode === 400 && refusesLabels(res.body) && body.fields.labels === undefined) res = await send(body.fields);
      if (res.statusCode === 400) throw upstreamError('Jira', 400, typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? ''));
      return ok(res.body, res.statusCode);
    },
  });
}

/** Jira's 400 names each refused field under `errors`; `labels` there means the field cannot be set. */
function refusesLabels(body: unknown): boolean {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  return errors !== null && typeof errors === 'object' && 'labels' in errors;
}
