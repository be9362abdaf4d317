/**
 * Http: one outbound request through the injected HttpClient, under the action's retry policy.
 * Sends `Idempotency-Key` (run id + action path + iteration indexes) so a retried or resumed call
 * can be recognised by the server. A final non-2xx response fails the action.
 */
import { STATUS_CODES } from 'node:http';
import { durationToMs } from '../runtime-support/iso-duration.ts';
import type { RetryPolicy } from '../definition/types.ts';
import type { ActionHandler } from '../runtime/action-handler.ts';
import type { InboundResponse } from '../runtime/http-client.ts';
import { ActionFailure, describeType } from './errors.ts';
import { retryAfterMs, withRetries } from './retrying.ts';

interface HttpInputs {
  method?: unknown;
  uri?: unknown;
  headers?: Record<string, unknown>;
  queries?: Record<string, unknown>;
  body?: unknown;
  authentication?: { type?: unknown; username?: unknown; password?: unknown; value?: unknown };
  retryPolicy?: RetryPolicy;
}

function authorization(auth: HttpInputs['authentication']): string | undefined {
  if (!auth) return undefined;
  const type = String(auth.type ?? '').toLowerCase();
  if (type === 'basic') return `Basic ${Buffer.from(`${String(auth.username ?? '')}:${String(auth.password ?? '')}`).toString('base64')}`;
  if (type === 'raw') return String(auth.value ?? '');
  if (type === 'none' || type === '') return undefined;
  throw new ActionFailure('UnsupportedAuthentication', `authentication type not supported here: ${String(auth.type)}`);
}

const CREDENTIAL_HEADER = /authorization|api[-_]?key|token|secret|password|cookie|subscription-key/i;

/** Headers as history shows them: values of credential-like headers replaced. */
export function redactCredentials(headers: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = CREDENTIAL_HEADER.test(k) ? '*****' : v;
  return out;
}

/** Status name as history shows it: 404 → "NotFound". */
export function statusName(code: number): string {
  return (STATUS_CODES[code] ?? String(code)).replace(/[^A-Za-z0-9]/g, '');
}

/** Parses a JSON body when the content type says JSON; other bodies stay text. */
export function parseBody(res: InboundResponse): unknown {
  const type = (res.headers['content-type'] ?? '').toLowerCase();
  if (res.body === '') return undefined;
  if (type.includes('json')) {
    try {
      return JSON.parse(res.body);
    } catch {
      return res.body;
    }
  }
  return res.body;
}

export const httpAction: ActionHandler = {
  sideEffect: true,
  async run(ctx) {
    const inputs = ctx.evaluate(ctx.def, 'inputs', ctx.def.inputs) as HttpInputs;
    if (!inputs || typeof inputs !== 'object') throw new ActionFailure('InvalidActionInput', `inputs: expected an object, got ${describeType(inputs)}`);
    const method = String(inputs.method ?? 'GET').toUpperCase();
    if (typeof inputs.uri !== 'string') throw new ActionFailure('InvalidActionInput', `inputs.uri: expected a string, got ${describeType(inputs.uri)}`);
    let url: URL;
    try {
      url = new URL(inputs.uri);
    } catch {
      throw new ActionFailure('InvalidActionInput', `inputs.uri: expected an absolute http(s) URL, got '${inputs.uri}'`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ActionFailure('InvalidActionInput', `inputs.uri: expected an http or https URL, got '${url.protocol}'`);
    for (const [k, v] of Object.entries(inputs.queries ?? {})) url.searchParams.append(k, typeof v === 'string' ? v : JSON.stringify(v));
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(inputs.headers ?? {})) headers[k.toLowerCase()] = typeof v === 'string' ? v : JSON.stringify(v);
    const auth = authorization(inputs.authentication);
    if (auth !== undefined) headers.authorization = auth;
    headers['idempotency-key'] ??= ctx.idempotencyKey;
    let body: string | Buffer | undefined;
    const content = inputs.body as { $content?: unknown; '$content-type'?: unknown } | undefined;
    if (content && typeof content === 'object' && typeof content.$content === 'string') {
      // Logic Apps' binary form: { "$content-type": "...", "$content": "<base64>" }.
      body = Buffer.from(content.$content, 'base64');
      if (typeof content['$content-type'] === 'string') headers['content-type'] ??= content['$content-type'];
    } else if (inputs.body !== undefined && inputs.body !== null) {
      if (typeof inputs.body === 'string') body = inputs.body;
      else {
        body = JSON.stringify(inputs.body);
        headers['content-type'] ??= 'application/json';
      }
    }
    const timeoutMs = typeof ctx.def.limit?.timeout === 'string' ? durationToMs(ctx.def.limit.timeout) : ctx.run.env.limits.httpTimeoutMs;
    // History never shows credentials: authentication is reduced to its type.
    const recorded = {
      method,
      uri: url.toString(),
      ...(inputs.headers ? { headers: redactCredentials(inputs.headers) } : {}),
      ...(inputs.body !== undefined ? { body: inputs.body } : {}),
      ...(inputs.authentication ? { authentication: { type: inputs.authentication.type } } : {}),
    };
    const { result, attempts } = await withRetries(ctx, inputs.retryPolicy, recorded, async () => {
      try {
        const res = await ctx.run.env.http.send({ method, url: url.toString(), headers, body, timeoutMs, signal: ctx.run.signal });
        return { outcome: { statusCode: res.statusCode, retryAfterMs: retryAfterMs(res.headers, ctx.run.env.clock.now()) }, value: res };
      } catch (err) {
        if (ctx.run.signal.aborted) throw err;
        return { outcome: { connectionError: true }, error: err };
      }
    });
    if (!result.value) {
      const message = result.error instanceof Error ? result.error.message : String(result.error);
      const code = (result.error as { code?: unknown } | undefined)?.code;
      if (typeof code === 'string' && code.startsWith('UND_ERR_') && code.includes('TIMEOUT')) {
        return { status: 'TimedOut', inputs: recorded, attempts, error: { code: 'ActionTimedOut', message: `${method} ${url.origin}${url.pathname}: no answer within ${timeoutMs} ms` } };
      }
      return { status: 'Failed', inputs: recorded, attempts, error: { code: 'ConnectionFailed', message: `${method} ${url.origin}${url.pathname}: no response (${message})` } };
    }
    const res = result.value;
    const outputs = { statusCode: res.statusCode, headers: res.headers, body: parseBody(res) };
    const ok = res.statusCode >= 200 && res.statusCode < 300;
    return {
      status: ok ? 'Succeeded' : 'Failed',
      inputs: recorded,
      outputs,
      attempts,
      code: statusName(res.statusCode),
      error: ok ? null : { code: statusName(res.statusCode), message: `${method} ${url.origin}${url.pathname} answered ${res.statusCode}` },
    };
  },
};
