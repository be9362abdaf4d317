/**
 * The office365 operations playbooks use to notify: "Send an email (V2)", "Send an email from a
 * shared mailbox (V2)" and the older "Send an email". Sent over SMTP with the connection's settings.
 */
import { createHash } from 'node:crypto';
import type { ConnectorRequest } from '@riposte/engine';
import { z } from 'zod';
import { defineOperation, ok, type DescribedOperation } from '../sdk/define-operation.ts';
import { smtpConnection, type SmtpSettings } from './connection.ts';
import { mailFields, recipientList, toMailMessage, type MailBody } from './mail-input.ts';
import { sendMail, type MailTransportOptions } from './smtp-transport.ts';

export const EMAIL_SEND_PERMISSION = 'connectors.email.send';

const sentOutput = z.object({ messageId: z.string(), accepted: z.array(z.string()), rejected: z.array(z.string()) });

// The same run step always sends the same Message-ID, so a resend after a crash can be recognised.
function messageIdFor(req: ConnectorRequest): string {
  return `<${createHash('sha256').update(req.idempotencyKey).digest('hex').slice(0, 32)}@riposte.invalid>`;
}

async function send(transport: MailTransportOptions, req: ConnectorRequest, settings: SmtpSettings, body: MailBody, opts: { from?: string; sender?: string; html: boolean }) {
  const sent = await sendMail(settings, toMailMessage(body, { from: opts.from ?? settings.from, ...(opts.sender ? { sender: opts.sender } : {}), html: opts.html, messageId: messageIdFor(req) }), transport);
  return ok(sent);
}

const singleAddress = recipientList.refine((l) => l.length === 1, { message: 'expected exactly one email address' }).transform((l) => l[0]);

/** The office365 mail operations, sending under `transport.egress`. */
export function emailOperations(transport: MailTransportOptions): DescribedOperation[] {
  return [
    defineOperation({
      id: 'office365.sendEmailV2',
      summary: 'Send an email (V2): HTML body, Cc/Bcc, importance, attachments',
      method: 'post',
      path: '/v2/Mail',
      permission: EMAIL_SEND_PERMISSION,
      effect: 'notify',
      connection: smtpConnection,
      body: z.object({ ...mailFields, From: singleAddress.optional() }),
      output: sentOutput,
      async execute({ req, settings, body }) {
        return send(transport, req, settings, body, { ...(body.From ? { from: body.From, sender: settings.from } : {}), html: true });
      },
    }),
    defineOperation({
      id: 'office365.sharedMailboxSendEmailV2',
      summary: 'Send an email from a shared mailbox (V2)',
      method: 'post',
      path: '/v2/SharedMailbox/Mail',
      permission: EMAIL_SEND_PERMISSION,
      effect: 'notify',
      connection: smtpConnection,
      body: z.object({ ...mailFields, MailboxAddress: singleAddress }),
      output: sentOutput,
      async execute({ req, settings, body }) {
        // The shared mailbox is the author; the connection's own address is the one that sent it.
        return send(transport, req, settings, body, { from: body.MailboxAddress, sender: settings.from, html: true });
      },
    }),
    defineOperation({
      id: 'office365.sendEmail',
      summary: 'Send an email (older operation; plain text unless IsHtml)',
      method: 'post',
      path: '/Mail',
      permission: EMAIL_SEND_PERMISSION,
      effect: 'notify',
      connection: smtpConnection,
      body: z.object({ ...mailFields, IsHtml: z.boolean().default(false), From: singleAddress.optional(), MailboxAddress: singleAddress.optional() }),
      output: sentOutput,
      async execute({ req, settings, body }) {
        const author = body.MailboxAddress ?? body.From;
        return send(transport, req, settings, body, { ...(author ? { from: author, sender: settings.from } : {}), html: body.IsHtml });
      },
    }),
  ];
}
