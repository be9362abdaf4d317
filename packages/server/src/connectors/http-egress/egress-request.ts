/**
 * Sends one outbound HTTP request under an egress policy, following redirects by hand so that each
 * hop is checked before anything connects to it.
 */
import { request, type Dispatcher } from 'undici';
import type { HttpClient, InboundResponse, OutboundRequest } from '@riposte/engine';
import { ConnectorError } from '../sdk/connector-error.ts';
import { createEgressDispatcher, type EgressLookup } from './egress-dispatcher.ts';
import { checkHost, defaultEgressPolicy, EgressRefusedError, type EgressPolicy } from './egress-policy.ts';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Credentials meant for one origin must not follow a redirect to another.
const ORIGIN_BOUND = ['authorization', 'cookie', 'proxy-authorization', 'host'];

export interface EgressOptions {
  policy?: EgressPolicy;
  lookup?: EgressLookup;
  /** Reuse a dispatcher made by createEgressDispatcher for the same policy. */
  dispatcher?: Dispatcher;
  /** Follow 3xx redirects (default true); when false a 3xx is returned as it is. */
  followRedirects?: boolean;
}

/** Sends a request; throws EgressRefusedError before connecting to a refused hop. */
export async function sendWithEgress(req: OutboundRequest, options: EgressOptions = {}): Promise<InboundResponse> {
  const policy = options.policy ?? defaultEgressPolicy;
  const own = options.dispatcher ? undefined : createEgressDispatcher(policy, options.lookup ? { lookup: options.lookup } : {});
  const dispatcher = options.dispatcher ?? own!;
  try {
    let url = parseHttpUrl(req.url);
    let method = req.method.toUpperCase();
    let body = req.body;
    const headers = { ...req.headers };
    for (let hop = 0; ; hop++) {
      checkHost(url.hostname, policy);
      const res = await request(url, { method: method as 'GET', headers, body, dispatcher, headersTimeout: req.timeoutMs, bodyTimeout: req.timeoutMs, signal: req.signal });
      const location = headerValue(res.headers.location);
      if (options.followRedirects === false || !REDIRECTS.has(res.statusCode) || location === undefined) {
        return { statusCode: res.statusCode, headers: flatten(res.headers), body: await res.body.text() };
      }
      await res.body.dump();
      if (hop >= policy.maxRedirects) throw new ConnectorError('UpstreamFailure', `${req.method.toUpperCase()} ${redactedUrl(req.url)}: more than ${policy.maxRedirects} redirects`);
      const next = parseHttpUrl(location, url);
      if (next.origin !== url.origin) for (const h of Object.keys(headers)) if (ORIGIN_BOUND.includes(h.toLowerCase())) delete headers[h];
      if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        for (const h of Object.keys(headers)) if (/^content-(type|length)$/i.test(h)) delete headers[h];
      }
      url = next;
    }
  } finally {
    await own?.close();
  }
}

/**
 * The engine's HttpClient under an egress policy (pass as WorkflowRuntime's `http` option). A refused
 * destination is answered as 403 with an EgressRefused error body, so the Http action fails at once
 * instead of retrying what will never be allowed.
 */
export function createEgressHttpClient(options: Omit<EgressOptions, 'dispatcher'> = {}): HttpClient & { close(): Promise<void> } {
  const policy = options.policy ?? defaultEgressPolicy;
  const dispatcher = createEgressDispatcher(policy, options.lookup ? { lookup: options.lookup } : {});
  return {
    async send(req) {
      try {
        return await sendWithEgress(req, { ...options, policy, dispatcher });
      } catch (err) {
        const refused = findRefusal(err);
        if (!refused) throw err;
        return { statusCode: 403, headers: { 'content-type': 'application/json', 'x-riposte-egress': 'refused' }, body: JSON.stringify(refused.toBody()) };
      }
    },
    close: () => dispatcher.close(),
  };
}

/** The EgressRefusedError behind a failure, also when undici wrapped it as a connect error's cause. */
export function findRefusal(err: unknown): EgressRefusedError | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) if (e instanceof EgressRefusedError) return e;
  return undefined;
}

function parseHttpUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new ConnectorError('InvalidInput', `'${redactedUrl(text)}' is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EgressRefusedError(url.host || url.protocol, undefined, `only http and https may be reached, not ${url.protocol}`);
  return url;
}

// A URL's query and credentials may hold secrets (webhook tokens); messages show origin and path only.
function redactedUrl(text: string): string {
  try {
    const u = new URL(text);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function flatten(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : String(v);
  return out;
}
