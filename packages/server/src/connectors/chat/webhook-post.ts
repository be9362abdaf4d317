/** Posts a JSON payload to an incoming webhook under the egress policy, mapping failures. */
import { ConnectorError } from '../sdk/connector-error.ts';
import type { EgressLookup } from '../http-egress/egress-dispatcher.ts';
import { narrowEgressPolicy, type EgressPolicy } from '../http-egress/egress-policy.ts';
import { sendWithEgress } from '../http-egress/egress-request.ts';
import type { ChatSettings } from './connection.ts';

export interface ChatTransport {
  /** The installation's egress policy; a connection's `egress` entries narrow it. */
  egress: EgressPolicy;
  lookup?: EgressLookup;
}

/** The webhook URL for the first key that has one in `channels`, else the default. */
export function webhookFor(settings: ChatSettings, keys: Array<string | undefined>): string {
  for (const k of keys) if (k && settings.channels?.[k]) return settings.channels[k];
  if (settings.webhookUrl) return settings.webhookUrl;
  const named = keys.filter(Boolean).join("' or '");
  throw new ConnectorError('InvalidConnection', `the connection has no webhook for '${named}' and no default webhookUrl`, { field: '/connection/settings/channels' });
}

/** POSTs JSON; a non-2xx answer becomes a ConnectorError (429 and 5xx retryable, other 4xx not). */
export async function postToWebhook(transport: ChatTransport, settings: ChatSettings, url: string, payload: unknown, req: { idempotencyKey: string; signal: AbortSignal }): Promise<{ statusCode: number; body: string }> {
  const policy = narrowEgressPolicy(transport.egress, settings.egress);
  const res = await sendWithEgress(
    {
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', 'idempotency-key': req.idempotencyKey },
      body: JSON.stringify(payload),
      timeoutMs: settings.timeoutSeconds * 1000,
      signal: req.signal,
    },
    { policy, ...(transport.lookup ? { lookup: transport.lookup } : {}) },
  ).catch((err: unknown) => {
    if (err instanceof ConnectorError) throw err;
    throw new ConnectorError('UpstreamFailure', `the webhook could not be reached: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  });
  if (res.statusCode >= 200 && res.statusCode < 300) return res;
  const answer = res.body.slice(0, 300);
  if (res.statusCode === 429) throw new ConnectorError('UpstreamFailure', `the webhook asked to slow down (429): ${answer}`, { statusCode: 429 });
  if (res.statusCode >= 500) throw new ConnectorError('UpstreamFailure', `the webhook failed (${res.statusCode}): ${answer}`);
  throw new ConnectorError('InvalidInput', `the webhook refused the message (${res.statusCode}): ${answer}`, { statusCode: 400 });
}
