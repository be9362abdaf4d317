/**
 * The `slack` "Post message" operation (POST /chat.postMessage, parameters in the query as the
 * Logic Apps Slack connector sends them, or in the body), posted to an incoming webhook as
 * {text, blocks}.
 */
import { z } from 'zod';
import { defineOperation, ok, type DescribedOperation } from '../sdk/define-operation.ts';
import { chatConnection } from './connection.ts';
import { CHAT_POST_PERMISSION } from './teams-operations.ts';
import { postToWebhook, webhookFor, type ChatTransport } from './webhook-post.ts';
import { ConnectorError } from '../sdk/connector-error.ts';

const blocks = z.union([z.array(z.record(z.string(), z.unknown())), z.string()]).transform((v, ctx) => {
  if (typeof v !== 'string') return v;
  try {
    const parsed: unknown = JSON.parse(v);
    if (Array.isArray(parsed)) return parsed as Array<Record<string, unknown>>;
  } catch {
    // fall through to the issue
  }
  ctx.addIssue({ code: 'custom', message: 'expected a JSON array of Slack blocks' });
  return z.NEVER;
});

const message = z
  .object({
    channel: z.string().optional(),
    text: z.string().optional(),
    blocks: blocks.optional(),
    username: z.string().optional(),
    icon_emoji: z.string().optional(),
    icon_url: z.string().optional(),
    thread_ts: z.string().optional(),
  })
  .loose();

/** The Slack operations, posting through `transport`. */
export function slackOperations(transport: ChatTransport): DescribedOperation[] {
  return [
    defineOperation({
      id: 'slack.postMessage',
      summary: 'Post a message to a channel (incoming webhook)',
      method: 'post',
      path: '/chat.postMessage',
      permission: CHAT_POST_PERMISSION,
      effect: 'notify',
      connection: chatConnection,
      queries: message,
      body: message.nullish(),
      output: z.object({ ok: z.boolean(), channel: z.string().optional(), ts: z.string() }),
      async execute({ queries, body, settings, req }) {
        const m = { ...queries, ...(body ?? {}) };
        if (!m.text && !m.blocks?.length) throw new ConnectorError('InvalidInput', '/queries/text: expected text or blocks', { field: '/queries/text' });
        const payload = {
          ...(m.text !== undefined ? { text: m.text } : {}),
          ...(m.blocks ? { blocks: m.blocks } : {}),
          ...(m.channel ? { channel: m.channel } : {}),
          ...(m.username ? { username: m.username } : {}),
          ...(m.icon_emoji ? { icon_emoji: m.icon_emoji } : {}),
          ...(m.icon_url ? { icon_url: m.icon_url } : {}),
          ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
        };
        const channel = m.channel?.replace(/^#/, '');
        await postToWebhook(transport, settings, webhookFor(settings, [m.channel, channel]), payload, req);
        return ok({ ok: true, ...(m.channel ? { channel: m.channel } : {}), ts: (Date.now() / 1000).toFixed(6) });
      },
    }),
  ];
}
