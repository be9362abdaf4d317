/**
 * Finding the issue an earlier attempt of the same action created, by the label that attempt put
 * on it (Jira takes no idempotency key). Jira Cloud removed `GET /rest/api/2/search` (it answers
 * 410 Gone) for `GET /rest/api/2/search/jql`; Server and Data Center have only the former. The site
 * picks which is tried first (`*.atlassian.net`, `api.atlassian.com` are Cloud); a 404 or 410 tries
 * the other.
 */
import { ConnectorError } from '../sdk/connector-error.ts';
import { callUpstream, type UpstreamTransport } from '../upstream/upstream-call.ts';
import { connectionLimits, upstreamUrl } from '../upstream/upstream-settings.ts';
import { jiraAuthorization, type JiraSettings } from './connection.ts';

export interface FoundIssue {
  id: string;
  key: string;
  self: string;
}

const CLOUD_SEARCH = '/rest/api/2/search/jql';
const SERVER_SEARCH = '/rest/api/2/search';

/** The issue labelled `label` (a mark without spaces or quotes), as `POST /issue` answers it, or undefined. */
export async function findIssueByLabel(transport: UpstreamTransport, settings: JiraSettings, label: string, signal: AbortSignal): Promise<FoundIssue | undefined> {
  const paths = isCloudSite(settings.baseUrl) ? [CLOUD_SEARCH, SERVER_SEARCH] : [SERVER_SEARCH, CLOUD_SEARCH];
  const query = `jql=${encodeURIComponent(`labels = "${label}"`)}&maxResults=1&fields=key`;
  for (const [i, path] of paths.entries()) {
    const res = await jiraGet(transport, settings, `${path}?${query}`, signal, i < paths.length - 1 ? [404, 410] : []);
    if (res.statusCode === 404 || res.statusCode === 410) continue;
    const issues = (res.body as { issues?: unknown } | undefined)?.issues;
    if (!Array.isArray(issues)) throw new ConnectorError('UpstreamFailure', 'Jira answered the label search without an issue list');
    const issue = issues[0] as { id?: unknown; key?: unknown; self?: unknown; fields?: { key?: unknown } } | undefined;
    if (!issue) return undefined;
    if (typeof issue.id !== 'string' && typeof issue.id !== 'number') throw new ConnectorError('UpstreamFailure', 'Jira answered the label search with an issue without id');
    const id = String(issue.id);
    const key = typeof issue.key === 'string' ? issue.key : typeof issue.fields?.key === 'string' ? issue.fields.key : undefined;
    if (key !== undefined && typeof issue.self === 'string') return { id, key, self: issue.self };
    // A search that answers ids only: the issue itself says key and self.
    const full = await jiraGet(transport, settings, `/rest/api/2/issue/${encodeURIComponent(id)}?fields=summary`, signal, []);
    const body = full.body as Partial<FoundIssue> | undefined;
    if (typeof body?.key !== 'string' || typeof body.self !== 'string') throw new ConnectorError('UpstreamFailure', `Jira answered issue ${id} without key or self`);
    return { id, key: body.key, self: body.self };
  }
  return undefined;
}

function jiraGet(transport: UpstreamTransport, settings: JiraSettings, path: string, signal: AbortSignal, answerStatuses: number[]) {
  return callUpstream(transport, {
    service: 'Jira',
    method: 'GET',
    url: upstreamUrl(settings.baseUrl, path),
    headers: { authorization: jiraAuthorization(settings) },
    signal,
    answerStatuses,
    ...connectionLimits(settings),
  });
}

function isCloudSite(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname.toLowerCase();
  return host.endsWith('.atlassian.net') || host === 'api.atlassian.com';
}
