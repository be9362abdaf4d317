/**
 * OAuth 2.0 client-credentials tokens (RFC 6749 §4.4), as Microsoft's identity platform issues them
 * to an app registration: POST <tokenUrl> with client_id, client_secret, grant_type and scope
 * (`https://api.securitycenter.microsoft.com/.default`, `https://graph.microsoft.com/.default`, …),
 * answered `{token_type, expires_in, access_token}`. Tokens are kept until a minute before they
 * expire; callers asking at the same time share one request; a failed request is not kept.
 */
import { createHash } from 'node:crypto';
import { ConnectorError } from '../sdk/connector-error.ts';
import { callUpstream, type UpstreamTransport } from './upstream-call.ts';

export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
}

/** Microsoft's token endpoint for a tenant (id or domain). */
export function microsoftTokenUrl(tenant: string, authority = 'https://login.microsoftonline.com'): string {
  return `${authority.replace(/\/+$/, '')}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
}

interface Kept {
  token: Promise<string>;
  /** Epoch ms from which a new token is asked for; Infinity while the request is in flight. */
  renewAt: number;
}

/** How long before its expiry a token is renewed. */
const EARLY_MS = 60_000;

export class ClientCredentialsTokens {
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly transport: UpstreamTransport,
    private readonly now: () => number = Date.now,
  ) {}

  /** A bearer token for these credentials, from memory while it is fresh. */
  token(credentials: ClientCredentials, options: { timeoutMs: number; signal?: AbortSignal }): Promise<string> {
    // The key includes a digest of the secret: a rotated secret gets its own token at once.
    const key = [credentials.tokenUrl, credentials.clientId, credentials.scope, createHash('sha256').update(credentials.clientSecret).digest('hex')].join('\n');
    const kept = this.kept.get(key);
    if (kept && this.now() < kept.renewAt) return kept.token;
    const entry: Kept = { token: Promise.resolve(''), renewAt: Infinity };
    entry.token = this.fetch(credentials, options).then(
      ({ token, lifetimeMs }) => {
        entry.renewAt = this.now() + Math.max(0, lifetimeMs - EARLY_MS);
        return token;
      },
      (err: unknown) => {
        if (this.kept.get(key) === entry) this.kept.delete(key);
        throw err;
      },
    );
    this.kept.set(key, entry);
    return entry.token;
  }

  /** Forgets every token (e.g. after the upstream refused one with 401). */
  clear(): void {
    this.kept.clear();
  }

  private async fetch(credentials: ClientCredentials, options: { timeoutMs: number; signal?: AbortSignal }): Promise<{ token: string; lifetimeMs: number }> {
    const res = await callUpstream(this.transport, {
      service: 'the token endpoint',
      method: 'POST',
      url: credentials.tokenUrl,
      form: { client_id: credentials.clientId, client_secret: credentials.clientSecret, grant_type: 'client_credentials', scope: credentials.scope },
      timeoutMs: options.timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const body = res.body as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (typeof body?.access_token !== 'string' || body.access_token === '') {
      throw new ConnectorError('UpstreamFailure', 'the token endpoint answered without an access_token');
    }
    const seconds = Number(body.expires_in ?? 3600);
    return { token: body.access_token, lifetimeMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 3_600_000 };
  }
}
