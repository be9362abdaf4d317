/**
 * The `teams` operations Sentinel playbooks post with, mapped onto incoming webhooks: "Post adaptive
 * card in a chat or channel", "Post message in a chat or channel", the Flow bot channel notification,
 * and the older "Post a message (V3)" to /v3/beta/teams/{teamId}/channels/{channelId}/messages.
 */
import { z } from 'zod';
import type { ConnectorRequest } from '@riposte/engine';
import { ConnectorError } from '../sdk/connector-error.ts';
import { defineOperation, ok, type DescribedOperation } from '../sdk/define-operation.ts';
import { chatConnection, type ChatSettings } from './connection.ts';
import { adaptiveCardMessage, teamsTextMessage } from './teams-payload.ts';
import { postToWebhook, webhookFor, type ChatTransport } from './webhook-post.ts';

export const CHAT_POST_PERMISSION = 'connectors.chat.post';

/** {groupId, channelId} for a channel; a string (user, chat id) for a chat. */
const recipient = z.union([z.object({ groupId: z.string().optional(), channelId: z.string().min(1) }).loose(), z.string().min(1)]);

const postedOutput = z.object({ id: z.string(), webhookStatus: z.number() });

/** An adaptive card given as an object or as its JSON text (what a Compose output interpolates to). */
const adaptiveCard = z.union([z.record(z.string(), z.unknown()), z.string()]).transform((v, ctx) => {
  let card: unknown = v;
  if (typeof v === 'string') {
    try {
      card = JSON.parse(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected an adaptive card as JSON (the text does not parse)' });
      return z.NEVER;
    }
  }
  if (!card || typeof card !== 'object' || Array.isArray(card) || (card as { type?: unknown }).type !== 'AdaptiveCard') {
    ctx.addIssue({ code: 'custom', message: 'expected an adaptive card: an object with "type": "AdaptiveCard"' });
    return z.NEVER;
  }
  return card as Record<string, unknown>;
});

function recipientKeys(r: z.output<typeof recipient>, extraGroup?: string): Array<string | undefined> {
  if (typeof r === 'string') return [r];
  const group = r.groupId ?? extraGroup;
  return [group ? `${group}/${r.channelId}` : undefined, r.channelId];
}

async function post(transport: ChatTransport, settings: ChatSettings, keys: Array<string | undefined>, payload: unknown, req: ConnectorRequest) {
  const res = await postToWebhook(transport, settings, webhookFor(settings, keys), payload, req);
  // Webhooks do not return a message id; the run step's key identifies the post.
  return ok({ id: req.idempotencyKey, webhookStatus: res.statusCode });
}

function checkLocation(location: string): void {
  if (!/^(channel|chat with flow bot|group chat)$/i.test(location)) {
    throw new ConnectorError('InvalidInput', `location '${location}': expected "Channel", "Group chat" or "Chat with Flow bot"`, { field: '/path' });
  }
}

/** The Teams operations, posting through `transport`. */
export function teamsOperations(transport: ChatTransport): DescribedOperation[] {
  return [
    defineOperation({
      id: 'teams.postCardToConversation',
      summary: 'Post an adaptive card in a chat or channel',
      method: 'post',
      path: '/v1.0/teams/conversation/adaptivecard/poster/{poster}/location/{location}',
      permission: CHAT_POST_PERMISSION,
      effect: 'notify',
      connection: chatConnection,
      body: z.object({ recipient, messageBody: adaptiveCard }).loose(),
      output: postedOutput,
      async execute({ body, settings, pathParams, req }) {
        checkLocation(pathParams.location ?? '');
        return post(transport, settings, recipientKeys(body.recipient), adaptiveCardMessage(body.messageBody), req);
      },
    }),
    defineOperation({
      id: 'teams.postMessageToConversation',
      summary: 'Post a message in a chat or channel',
      method: 'post',
      path: '/beta/teams/conversation/message/poster/{poster}/location/{location}',
      permission: CHAT_POST_PERMISSION,
      effect: 'notify',
      connection: chatConnection,
      body: z.object({ recipient, messageBody: z.string(), subject: z.string().optional() }).loose(),
      output: postedOutput,
      async execute({ body, settings, pathParams, req }) {
        checkLocation(pathParams.location ?? '');
        return post(transport, settings, recipientKeys(body.recipient), teamsTextMessage(settings.format, { ...(body.subject ? { title: body.subject } : {}), html: body.messageBody }), req);
      },
    }),
    defineOperation({
      id: 'teams.postChannelNotification',
      summary: 'Post a Flow bot notification to a channel',
      method: 'post',
      path: '/flowbot/actions/notification/recipienttypes/channel',
      permission: CHAT_POST_PERMISSION,
      effect: 'notify',
      connection: chatConnection,
      body: z.object({ recipient: z.object({ channelId: z.string().min(1) }).loose(), messageBody: z.string(), messageTitle: z.string().optional() }).loose(),
      queries: z.object({ groupId: z.string().optional() }).loose(),
      output: postedOutput,
      async execute({ body, queries, settings, req }) {
        const keys = recipientKeys(body.recipient, queries.groupId);
        return post(transport, settings, keys, teamsTextMessage(settings.format, { ...(body.messageTitle ? { title: body.messageTitle } : {}), html: body.messageBody }), req);
      },
    }),
    defineOperation({
      id: 'teams.postChannelMessageV3',
      summary: 'Post a message to a channel (V3)',
      method: 'post',
      path: '/v3/beta/teams/{teamId}/channels/{channelId}/messages',
      permission: CHAT_POST_PERMISSION,
      effect: 'notify',
      connection: chatConnection,
      body: z
        .object({
          body: z.object({ content: z.string(), contentType: z.enum(['html', 'text']).default('html') }),
          subject: z.string().optional(),
        })
        .loose(),
      output: postedOutput,
      async execute({ body, settings, pathParams, req }) {
        const html = body.body.contentType === 'text' ? escapeHtml(body.body.content) : body.body.content;
        const keys = [`${pathParams.teamId}/${pathParams.channelId}`, pathParams.channelId];
        return post(transport, settings, keys, teamsTextMessage(settings.format, { ...(body.subject ? { title: body.subject } : {}), html }), req);
      },
    }),
  ];
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
