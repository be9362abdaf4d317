/**
 * Reading form posts out of trigger/action outputs, as Logic Apps stores them:
 * - application/x-www-form-urlencoded: body `{ "$content-type", "$content" (base64), "$formdata": [{ key, value }] }`,
 *   or the raw encoded string when only headers say it is a form;
 * - multipart/form-data: body `{ "$content-type", "$multipart": [{ headers, body }] }`, each part
 *   named by its Content-Disposition header.
 */
import { isPlainObject } from './args.ts';

export interface FormField {
  key: string;
  value: unknown;
}

/** Every field of a form body, in order; empty when the outputs hold no form. */
export function formFields(outputs: unknown): FormField[] {
  if (!isPlainObject(outputs)) return [];
  const body = outputs['body'];
  if (isPlainObject(body)) {
    const formdata = body['$formdata'];
    if (Array.isArray(formdata)) {
      return formdata.filter(isPlainObject).map((f) => ({ key: String(f['key'] ?? ''), value: f['value'] ?? null }));
    }
    const parts = body['$multipart'];
    if (Array.isArray(parts)) {
      return parts.filter(isPlainObject).map((part) => ({ key: partName(part) ?? '', value: partText(part['body']) }));
    }
    const content = body['$content'];
    if (typeof content === 'string' && String(body['$content-type']).includes('x-www-form-urlencoded')) {
      return urlEncodedFields(Buffer.from(content, 'base64').toString('utf8'));
    }
    return [];
  }
  if (typeof body === 'string') return urlEncodedFields(body);
  return [];
}

/** The parts of a multipart body, or undefined when it is not multipart. */
export function multipartParts(outputs: unknown): unknown[] | undefined {
  if (!isPlainObject(outputs) || !isPlainObject(outputs['body'])) return undefined;
  const parts = outputs['body']['$multipart'];
  return Array.isArray(parts) ? parts : undefined;
}

function urlEncodedFields(text: string): FormField[] {
  return [...new URLSearchParams(text)].map(([key, value]) => ({ key, value }));
}

function partName(part: Record<string, unknown>): string | undefined {
  const headers = part['headers'];
  if (!isPlainObject(headers)) return undefined;
  const disposition = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-disposition')?.[1];
  if (typeof disposition !== 'string') return undefined;
  return /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? /\bname=([^;\s]+)/i.exec(disposition)?.[1];
}

/** A part body stored as `{ "$content-type", "$content" }` is text for form purposes. */
function partText(body: unknown): unknown {
  if (isPlainObject(body) && typeof body['$content'] === 'string') {
    return Buffer.from(body['$content'], 'base64').toString('utf8');
  }
  return body ?? null;
}
