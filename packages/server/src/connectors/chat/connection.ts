import { z } from 'zod';
import { defineConnection } from '../sdk/connection-spec.ts';
import { upstreamEgressSetting } from '../upstream/upstream-settings.ts';

const webhookUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) webhook URL' });


/**
 * A chat connection (`teams` or `slack`): incoming-webhook URLs, which are bearer secrets (anyone
 * holding one can post). `webhookUrl` is the default; `channels` maps a channel id (or
 * "<teamId>/<channelId>", or a chat recipient) to its own webhook.
 */
export const chatConnection = defineConnection({
  schema: z
    .object({
      webhookUrl: webhookUrl.optional(),
      channels: z.record(z.string(), webhookUrl).optional(),
      /** Teams only: how plain messages are posted (Workflows webhooks need adaptive cards). */
      format: z.enum(['adaptivecard', 'messagecard']).default('adaptivecard'),
      /** Egress entries for this connection, narrowing the installation's policy. */
      egress: upstreamEgressSetting,
      timeoutSeconds: z.number().positive().max(300).default(30),
    })
    .refine((s) => s.webhookUrl !== undefined || (s.channels && Object.keys(s.channels).length > 0), {
      message: 'expected webhookUrl or at least one entry in channels',
      path: ['webhookUrl'],
    }),
  secrets: ['webhookUrl', 'channels'],
});

export type ChatSettings = z.output<typeof chatConnection.schema>;
