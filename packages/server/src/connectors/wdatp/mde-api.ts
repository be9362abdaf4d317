/**
 * Calls to the Defender for Endpoint API with the connection's app token, under the egress policy.
 * One token cache per connector: tokens are kept until near expiry and renewed after a 401.
 */
import type { ConnectorRequest } from '@riposte/engine';
import { parseWith } from '../sdk/validate-input.ts';
import { callWithBearer } from '../upstream/bearer-call.ts';
import { ClientCredentialsTokens } from '../upstream/client-credentials.ts';
import { microsoftAppCredentials } from '../upstream/microsoft-app.ts';
import type { UpstreamTransport } from '../upstream/upstream-call.ts';
import { wdatpConnection, type WdatpSettings } from './connection.ts';
import { connectionLimits } from '../upstream/upstream-settings.ts';

export const MDE = 'Microsoft Defender for Endpoint';

export interface MdeCall {
  method: 'GET' | 'POST';
  /** Path under the base URL, e.g. "/api/machines", or an absolute URL on the same origin (a nextLink). */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal;
}

export interface MdeApi {
  call(settings: WdatpSettings, call: MdeCall): Promise<unknown>;
  /** The request's connection settings, validated (state reads and restores get the raw request). */
  settingsOf(req: ConnectorRequest): WdatpSettings;
}

/** The MDE API over `transport`; `now` is the token cache's clock. */
export function mdeApi(transport: UpstreamTransport, now: () => number = Date.now): MdeApi {
  const tokens = new ClientCredentialsTokens(transport, now);
  return {
    async call(settings, { method, path, query, body, signal }) {
      const url = new URL(path.startsWith('/') ? `${settings.baseUrl}${path}` : path);
      for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
      const res = await callWithBearer(transport, tokens, microsoftAppCredentials(settings), {
        service: MDE,
        method,
        url: url.toString(),
        ...(body !== undefined ? { body } : {}),
        ...(signal ? { signal } : {}),
        ...connectionLimits(settings),
      });
      return res.body;
    },
    settingsOf: (req) => parseWith(wdatpConnection.schema, req.connection.settings ?? {}, '/connection/settings', 'InvalidConnection'),
  };
}
