/** Posts a JSON payload to an incoming webhook under the egress policy, mapping failures. */
import { ConnectorError } from '../sdk/connector-error.ts';
import { callUpstream, type UpstreamTransport } from '../upstream/upstream-call.ts';
import type { ChatSettings } from './connection.ts';
import { connectionLimits } from '../upstream/upstream-settings.ts';

/** The installation's egress policy (a connection's `egress` entries narrow it). */
export type ChatTransport = UpstreamTransport;

/** The webhook URL for the first key that has one in `channels`, else the default. */
export function webhookFor(settings: ChatSettings, keys: Array<string | undefined>): string {
  for (const k of keys) if (k && settings.channels?.[k]) return settings.channels[k];
  if (settings.webhookUrl) return settings.webhookUrl;
  const named = keys.filter(Boolean).join("' or '");
  throw new ConnectorError('InvalidConnection', `the connection has no webhook for '${named}' and no default webhookUrl`, { field: '/connection/settings/channels' });
}

/** POSTs JSON; a non-2xx answer becomes a ConnectorError (callUpstream's mapping: 429 and 5xx retryable). */
export async function postToWebhook(transport: ChatTransport, settings: ChatSettings, url: string, payload: unknown, req: { idempotencyKey: string; signal: AbortSignal }): Promise<{ statusCode: number }> {
  const res = await callUpstream(transport, {
    service: 'the webhook',
    method: 'POST',
    url,
    headers: { 'idempotency-key': req.idempotencyKey },
    body: payload,
    signal: req.signal,
    ...connectionLimits(settings),
  });
  return { statusCode: res.statusCode };
}
