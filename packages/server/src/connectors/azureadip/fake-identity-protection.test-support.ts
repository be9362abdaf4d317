/**
 * For tests: Microsoft Graph's identityProtection riskyUsers API as documented, played by
 * `testing/fake-api.ts` (the real service cannot run here). The token endpoint issues
 * client-credentials tokens; GET riskyUsers/{id} answers the user's risk or 404 for a user never
 * assessed; confirmCompromised sets confirmedCompromised/high, dismiss sets dismissed/none (204),
 * at most 60 users per call. Every API call needs a token the endpoint issued and has not revoked.
 */
import { startFakeApi, type FakeApi, type FakeApiRequest } from '../../testing/fake-api.ts';

export interface FakeRiskyUser {
  id: string;
  riskState: string;
  riskLevel: string;
  riskDetail: string;
  userPrincipalName?: string;
}

export interface FakeIdentityProtection {
  api: FakeApi;
  tenant: string;
  clientId: string;
  clientSecret: string;
  users: Map<string, FakeRiskyUser>;
  issued: string[];
  settings(): Record<string, unknown>;
  revokeTokens(): void;
  /** Graph calls (token requests left out). */
  calls(): FakeApiRequest[];
  stop(): Promise<void>;
}

const BASE = '/v1.0/identityProtection/riskyUsers';

export async function startFakeIdentityProtection(users: FakeRiskyUser[]): Promise<FakeIdentityProtection> {
  const api = await startFakeApi();
  const tenant = '11111111-2222-3333-4444-555555555555';
  const clientId = 'riposte-idp-app';
  const clientSecret = 'idp-client-secret-canary-5120';
  const issued: string[] = [];
  const valid = new Set<string>();
  const byId = new Map(users.map((u) => [u.id, u]));

  api.on('POST', `/${tenant}/oauth2/v2.0/token`, (req) => {
    const form = req.body as Record<string, string>;
    if (form.client_id !== clientId || form.client_secret !== clientSecret) return { status: 401, body: { error: 'invalid_client' } };
    const token = `graph-token-${issued.length + 1}`;
    issued.push(token);
    valid.add(token);
    return { body: { token_type: 'Bearer', expires_in: 3599, access_token: token } };
  });
  const authorized = (req: FakeApiRequest) => valid.has(String(req.headers.authorization ?? '').replace(/^Bearer /, ''));
  const unauthorized = { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' } } };

  api.on('GET', new RegExp(`^${BASE}/[^/]+$`), (req) => {
    if (!authorized(req)) return unauthorized;
    const user = byId.get(decodeURIComponent(req.path.slice(BASE.length + 1)));
    return user ? { body: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#identityProtection/riskyUsers/$entity', isDeleted: false, isProcessing: false, ...user } } : { status: 404, body: { error: { code: 'ResourceNotFound', message: 'Resource not found' } } };
  });

  const action = (state: Omit<FakeRiskyUser, 'id'>) => (req: FakeApiRequest) => {
    if (!authorized(req)) return unauthorized;
    const ids = (req.body as { userIds?: unknown })?.userIds;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 60) return { status: 400, body: { error: { code: 'BadRequest', message: 'userIds must list 1 to 60 users' } } };
    for (const id of ids as string[]) byId.set(id, { ...byId.get(id), id, ...state });
    return { status: 204 };
  };
  api.on('POST', `${BASE}/confirmCompromised`, action({ riskState: 'confirmedCompromised', riskLevel: 'high', riskDetail: 'adminConfirmedUserCompromised' }));
  api.on('POST', `${BASE}/dismiss`, action({ riskState: 'dismissed', riskLevel: 'none', riskDetail: 'adminDismissedAllRiskForUser' }));

  return {
    api,
    tenant,
    clientId,
    clientSecret,
    users: byId,
    issued,
    settings: () => ({ baseUrl: api.url, authority: api.url, tenant, clientId, clientSecret }),
    revokeTokens: () => valid.clear(),
    calls: () => api.requests.filter((r) => r.path.startsWith('/v1.0/')),
    stop: () => api.stop(),
  };
}
