/**
 * Calls to Microsoft Graph's identityProtection riskyUsers API (v1.0) with the connection's app
 * token, under the egress policy. One token cache per connector, renewed after a 401.
 */
import type { ConnectorRequest } from '@riposte/engine';
import { parseWith } from '../sdk/validate-input.ts';
import { callWithBearer } from '../upstream/bearer-call.ts';
import { ClientCredentialsTokens } from '../upstream/client-credentials.ts';
import { microsoftAppCredentials } from '../upstream/microsoft-app.ts';
import type { UpstreamTransport } from '../upstream/upstream-call.ts';
import { azureAdIpConnection, GRAPH_SCOPE, type AzureAdIpSettings } from './connection.ts';
import { connectionLimits } from '../upstream/upstream-settings.ts';

export const IDENTITY_PROTECTION = 'Microsoft Entra ID Protection';
const RISKY_USERS = '/v1.0/identityProtection/riskyUsers';

export interface RiskyUsersApi {
  get(settings: AzureAdIpSettings, userId: string, signal?: AbortSignal): Promise<unknown>;
  /** POST riskyUsers/confirmCompromised or riskyUsers/dismiss with `{ userIds }` (204). */
  act(settings: AzureAdIpSettings, action: 'confirmCompromised' | 'dismiss', userIds: readonly string[], signal?: AbortSignal): Promise<void>;
  settingsOf(req: ConnectorRequest): AzureAdIpSettings;
}

export function riskyUsersApi(transport: UpstreamTransport, now: () => number = Date.now): RiskyUsersApi {
  const tokens = new ClientCredentialsTokens(transport, now);
  const call = (settings: AzureAdIpSettings, method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal) =>
    callWithBearer(transport, tokens, microsoftAppCredentials(settings, GRAPH_SCOPE), {
      service: IDENTITY_PROTECTION,
      method,
      url: `${settings.baseUrl}${RISKY_USERS}${path}`,
      ...(body !== undefined ? { body } : {}),
      ...(signal ? { signal } : {}),
      ...connectionLimits(settings),
    });
  return {
    get: async (settings, userId, signal) => (await call(settings, 'GET', `/${encodeURIComponent(userId)}`, undefined, signal)).body,
    async act(settings, action, userIds, signal) {
      await call(settings, 'POST', `/${action}`, { userIds }, signal);
    },
    settingsOf: (req) => parseWith(azureAdIpConnection.schema, req.connection.settings ?? {}, '/connection/settings', 'InvalidConnection'),
  };
}
