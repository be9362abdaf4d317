/**
 * One call to a service that takes a client-credentials bearer token (Defender for Endpoint,
 * Microsoft Graph, …). A 401 means the kept token was revoked or the app's grant changed before
 * the token expired: the kept tokens are forgotten and the call is made once more with a fresh one.
 * A second 401 (or any 403) is the answer.
 */
import { ConnectorError } from '../sdk/connector-error.ts';
import type { ClientCredentials, ClientCredentialsTokens } from './client-credentials.ts';
import { callUpstream, type UpstreamRequest, type UpstreamResponse, type UpstreamTransport } from './upstream-call.ts';

/** Sends `req` with `Authorization: Bearer <token>`; retries once with a new token after a 401. */
export async function callWithBearer(transport: UpstreamTransport, tokens: ClientCredentialsTokens, credentials: ClientCredentials, req: UpstreamRequest): Promise<UpstreamResponse> {
  const options = { timeoutMs: req.timeoutMs, ...(req.signal ? { signal: req.signal } : {}) };
  const send = (token: string) => callUpstream(transport, { ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } });
  // A refused token request fails at once; only the service's own 401 says a kept token went stale.
  const first = await tokens.token(credentials, options);
  try {
    return await send(first);
  } catch (err) {
    if (!(err instanceof ConnectorError) || err.statusCode !== 401) throw err;
    tokens.clear();
    return send(await tokens.token(credentials, options));
  }
}
