import { randomBytes } from 'node:crypto';
import type { HttpClient } from '@riposte/engine';
import { GraphError } from '../graph-error.ts';

/**
 * Graph's endpoint validation: POST `<url>?validationToken=<token>` and expect, within the timeout,
 * 200 with a text/plain body that is exactly the token. Anything else is a 400 for the subscriber.
 */
export async function validateNotificationUrl(http: HttpClient, url: string, timeoutMs: number, field: string): Promise<void> {
  const token = `Validation: Riposte ${randomBytes(16).toString('hex')}`;
  const target = new URL(url);
  target.searchParams.set('validationToken', token);
  const fail = (why: string) =>
    new GraphError(400, 'ValidationError', `Subscription validation request failed for ${field} '${target.origin}${target.pathname}': ${why}.`);
  let response;
  try {
    response = await Promise.race([
      http.send({ method: 'POST', url: target.toString(), headers: { 'content-type': 'text/plain; charset=utf-8' }, body: '', timeoutMs }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
  } catch (err) {
    throw fail((err as Error).message === 'timeout' ? `no response within ${timeoutMs} ms` : 'the endpoint could not be reached');
  }
  if (response.statusCode !== 200) throw fail(`the endpoint answered ${response.statusCode}, expected 200`);
  const type = Object.entries(response.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  if (!/^text\/plain/i.test(type)) throw fail(`the response must be text/plain, got '${type || 'no content type'}'`);
  if (response.body !== token) throw fail('the response body must echo the validationToken exactly');
}
