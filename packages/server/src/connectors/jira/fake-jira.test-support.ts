/**
 * For tests: Jira's REST API v2 for issues, played by `testing/fake-api.ts` (Jira cannot run
 * here). `POST /rest/api/2/issue` stores the issue (`SOC-<n>`, id `10000+n`) and answers 201
 * `{id, key, self}`; the label search answers `{issues: [{id, key, self}]}` for the issues
 * carrying the label of a `labels = "…"` JQL — on `/rest/api/2/search` as Server and Data Center
 * do, on `/rest/api/2/search/jql` as Cloud does when `cloud` is set (the other answers 410 Gone,
 * or 404 on Server). `loseAnswers` makes the next creates store the issue and then answer 504;
 * `delayMs` holds every create's answer back that long (a client timeout).
 */
import { startFakeApi, type FakeApi, type FakeApiRequest } from '../../testing/fake-api.ts';

export interface FakeJiraIssue {
  id: string;
  key: string;
  self: string;
  fields: Record<string, unknown>;
}

export interface FakeJira {
  api: FakeApi;
  issues: FakeJiraIssue[];
  loseAnswers: number;
  delayMs: number;
  stop(): Promise<void>;
}

export async function startFakeJira(options: { cloud?: boolean } = {}): Promise<FakeJira> {
  const api = await startFakeApi();
  const fake: FakeJira = { api, issues: [], loseAnswers: 0, delayMs: 0, stop: () => api.stop() };
  api.on('POST', '/rest/api/2/issue', async (req) => {
    const n = fake.issues.length + 1;
    const id = String(10_000 + n);
    const issue = { id, key: `SOC-${n}`, self: `${api.url}/rest/api/2/issue/${id}`, fields: (req.body as { fields: Record<string, unknown> }).fields };
    fake.issues.push(issue);
    if (fake.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fake.delayMs));
    if (fake.loseAnswers > 0) {
      fake.loseAnswers--;
      return { status: 504, body: '<html>Gateway Time-out</html>' };
    }
    return { status: 201, body: { id, key: issue.key, self: issue.self } };
  });
  const search = (req: FakeApiRequest) => {
    const label = /^labels = "([^"]*)"$/.exec(req.query.get('jql') ?? '')?.[1];
    if (label === undefined) return { status: 400, body: { errorMessages: ['Error in the JQL Query'] } };
    const found = fake.issues.filter((i) => (i.fields.labels as string[] | undefined)?.includes(label));
    return { status: 200, body: { issues: found.slice(0, Number(req.query.get('maxResults') ?? 50)).map(({ id, key, self }) => ({ id, key, self })) } };
  };
  const gone = { status: 410, body: { errorMessages: ['The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.'] } };
  api.on('GET', '/rest/api/2/search', options.cloud ? gone : search);
  api.on('GET', '/rest/api/2/search/jql', options.cloud ? search : { status: 404, body: '' });
  return fake;
}
