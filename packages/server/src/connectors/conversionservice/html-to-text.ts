/**
 * The Content Conversion connector's "Html to text" (POST /html2text): the action's body is the HTML
 * (a string, or a `{"$content-type", "$content": base64}` object as Logic Apps passes binary content),
 * the answer's body the plain text, which playbooks then split and trim (CreateIncident-SharedMailbox).
 */
import { z } from 'zod';
import { htmlToText } from '../html-text/html-text.ts';
import { defineOperation, ok } from '../sdk/define-operation.ts';

export const CONVERSION_PERMISSION = 'connectors.conversionservice.convert';

const content = z.object({ '$content-type': z.string().optional(), $content: z.string() }).transform((c, ctx) => {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(c.$content)) {
    ctx.addIssue({ code: 'custom', message: 'expected base64 in $content', path: ['$content'] });
    return z.NEVER;
  }
  return Buffer.from(c.$content, 'base64').toString('utf8');
});

/** The HTML to convert: a string (null/absent as empty), or base64 content. */
const htmlBody = z.union([z.string(), content, z.null(), z.undefined()]).transform((v) => v ?? '');

export const htmlToTextOperation = defineOperation({
  id: 'conversionservice.htmlToText',
  summary: 'Html to text',
  method: 'post',
  path: '/html2text',
  permission: CONVERSION_PERMISSION,
  effect: 'read',
  body: htmlBody,
  output: z.string(),
  async execute({ body }) {
    return ok(htmlToText(body, 'plain'), 200, { 'content-type': 'text/plain; charset=utf-8' });
  },
});
