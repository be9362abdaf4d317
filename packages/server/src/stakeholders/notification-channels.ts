/**
 * How the response process reaches people: email over SMTP (nodemailer, the email connector's
 * transport) and chat through incoming webhooks (Teams or Slack format, under the egress policy).
 * Approvals and stakeholder notifications both send through a NotificationChannels.
 */
import { randomUUID } from 'node:crypto';
import { teamsTextMessage } from '../connectors/chat/teams-payload.ts';
import type { ChatSettings } from '../connectors/chat/connection.ts';
import { postToWebhook } from '../connectors/chat/webhook-post.ts';
import { smtpConnection, type SmtpSettings } from '../connectors/email/connection.ts';
import { sendMail } from '../connectors/email/smtp-transport.ts';
import { defaultEgressPolicy, type EgressPolicy } from '../connectors/http-egress/egress-policy.ts';

export interface EmailNotice {
  to: string[];
  subject: string;
  html: string;
  text: string;
  importance?: 'Low' | 'Normal' | 'High';
}

export type ChatFormat = 'teams' | 'slack';

export interface ChatNotice {
  webhookUrl: string;
  format: ChatFormat;
  title: string;
  /** Plain text (Slack mrkdwn-safe); Teams gets it as an adaptive card text block. */
  text: string;
  /** Buttons (adaptive card Action.OpenUrl / Slack links), e.g. approve/reject links. */
  links?: Array<{ title: string; url: string }>;
}

/** Where notices go; the server builds one from its settings, tests may fake it. */
export interface NotificationChannels {
  /** Sends one email; resolves with its Message-ID. */
  email(notice: EmailNotice, smtp?: SmtpSettings): Promise<{ messageId: string }>;
  chat(notice: ChatNotice): Promise<void>;
}

export interface ChannelSettings {
  /** SMTP relay used when a caller gives none (e.g. `office365` approvals without a connection). */
  smtp?: unknown;
  egress?: EgressPolicy;
}

/** Email through SMTP and chat through webhooks. */
export function smtpAndWebhookChannels(settings: ChannelSettings = {}): NotificationChannels {
  const defaultSmtp = settings.smtp === undefined ? undefined : smtpConnection.schema.parse(settings.smtp);
  const egress = settings.egress ?? defaultEgressPolicy;
  return {
    async email(notice, smtp) {
      const relay = smtp ?? defaultSmtp;
      if (!relay) throw new Error('no SMTP relay is configured for notifications (notifications.smtp)');
      const priority = notice.importance === 'High' ? 'high' : notice.importance === 'Low' ? 'low' : 'normal';
      const sent = await sendMail(relay, { from: relay.from, to: notice.to, subject: notice.subject, html: notice.html, text: notice.text, priority });
      return { messageId: sent.messageId };
    },
    async chat(notice) {
      const payload = notice.format === 'slack' ? slackPayload(notice) : teamsPayload(notice);
      await postToWebhook({ egress }, chatSettings, notice.webhookUrl, payload, {
        idempotencyKey: randomUUID(),
        signal: AbortSignal.timeout(30_000),
      });
    },
  };
}

const chatSettings: ChatSettings = { format: 'adaptivecard', timeoutSeconds: 30 };

function slackPayload(notice: ChatNotice): Record<string, unknown> {
  const links = (notice.links ?? []).map((l) => `<${l.url}|${l.title}>`).join('  ');
  return { text: `*${notice.title}*\n${notice.text}${links ? `\n${links}` : ''}` };
}

function teamsPayload(notice: ChatNotice): Record<string, unknown> {
  if (!notice.links?.length) return teamsTextMessage('adaptivecard', { title: notice.title, html: escapeHtml(notice.text) });
  const message = teamsTextMessage('adaptivecard', { title: notice.title, html: escapeHtml(notice.text) });
  const card = (message.attachments as Array<{ content: Record<string, unknown> }>)[0]!.content;
  card.actions = notice.links.map((l) => ({ type: 'Action.OpenUrl', title: l.title, url: l.url }));
  return message;
}

/** Escapes text for an HTML body. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
