/**
 * The body of the office365 "Send an email" operations as playbooks write it (To/Cc/Bcc as
 * semicolon-separated addresses, HTML Body, Importance, Attachments with base64 ContentBytes), and
 * its translation to a nodemailer message.
 */
import { z } from 'zod';
import type Mail from 'nodemailer/lib/mailer/index.js';

// Deliberately plain: a recipient the SMTP server will refuse is reported from its answer.
const ADDRESS = /^[^\s@<>;,"]+@[^\s@<>;,"]+$/;

/** "a@x; b@y, c@z" → addresses; each is checked, and the bad one named. */
export const recipientList = z
  .string()
  .transform((text, ctx) => {
    const parts = text.split(/[;,]/).map((p) => p.trim()).filter((p) => p !== '');
    for (const p of parts) {
      const bare = /<([^>]+)>\s*$/.exec(p)?.[1] ?? p;
      if (!ADDRESS.test(bare)) {
        ctx.addIssue({ code: 'custom', message: `'${p.slice(0, 80)}' is not an email address` });
        return z.NEVER;
      }
    }
    return parts;
  });

const base64 = z.string().refine((s) => /^[A-Za-z0-9+/\r\n]*={0,2}\s*$/.test(s) && s.replace(/\s/g, '').length % 4 === 0, {
  message: 'expected base64 content',
});

/** ContentBytes as text, or the {"$content-type", "$content"} object file actions produce. */
const contentBytes = z.union([base64, z.object({ $content: base64, '$content-type': z.string().optional() }).transform((o) => o.$content)]);

export const attachment = z.object({
  Name: z.string().min(1),
  ContentBytes: contentBytes,
  ContentType: z.string().optional(),
});

const importance = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(['low', 'normal', 'high']));

/** Fields shared by every send operation. */
export const mailFields = {
  To: recipientList.refine((l) => l.length > 0, { message: 'expected at least one recipient' }),
  Subject: z.string(),
  Body: z.string().default(''),
  Cc: recipientList.optional(),
  Bcc: recipientList.optional(),
  ReplyTo: recipientList.optional(),
  Importance: importance.optional(),
  Attachments: z.array(attachment).max(100).optional(),
  // Accepted for compatibility; SMTP has no sensitivity label.
  Sensitivity: z.string().optional(),
};

export type MailBody = z.output<z.ZodObject<typeof mailFields>>;

/** The nodemailer message for a mail body. */
export function toMailMessage(body: MailBody, options: { from: string; sender?: string; html: boolean; messageId: string }): Mail.Options {
  return {
    from: options.from,
    ...(options.sender ? { sender: options.sender } : {}),
    to: body.To,
    ...(body.Cc?.length ? { cc: body.Cc } : {}),
    ...(body.Bcc?.length ? { bcc: body.Bcc } : {}),
    ...(body.ReplyTo?.length ? { replyTo: body.ReplyTo } : {}),
    subject: body.Subject,
    ...(options.html ? { html: body.Body } : { text: body.Body }),
    ...(body.Importance ? { priority: body.Importance } : {}),
    messageId: options.messageId,
    attachments: (body.Attachments ?? []).map((a) => ({
      filename: a.Name,
      content: Buffer.from(a.ContentBytes, 'base64'),
      ...(a.ContentType ? { contentType: a.ContentType } : {}),
    })),
  };
}
