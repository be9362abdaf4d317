/**
 * One JSON call to an outside service's REST API under the egress policy, with its failures mapped
 * the same way for every connector: unreachable, 429 and 5xx → UpstreamFailure (the default retry
 * policy retries them), 401/403 → Unauthorized, 404 → NotFound, 409 → Conflict, any other 4xx →
 * InvalidInput (the request was wrong; retrying cannot help). Messages name the service and carry at
 * most 300 characters of its answer.
 */
import { ConnectorError } from '../sdk/connector-error.ts';
import type { EgressLookup } from '../http-egress/egress-dispatcher.ts';
import { narrowEgressPolicy, type EgressPolicy, type EgressPolicyInput } from '../http-egress/egress-policy.ts';
import { sendWithEgress } from '../http-egress/egress-request.ts';

/** How a connector reaches the outside: the installation's policy (a connection may narrow it). */
export interface UpstreamTransport {
  egress: EgressPolicy;
  lookup?: EgressLookup;
}

export interface UpstreamRequest {
  /** Who is called, for messages: "Microsoft Defender for Endpoint", "Jira", … */
  service: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Sent as JSON unless `form` is set. */
  body?: unknown;
  /** Sent as application/x-www-form-urlencoded instead of `body`. */
  form?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** The connection's own egress entries, narrowing the transport's policy. */
  egress?: EgressPolicyInput;
  /** Non-2xx statuses answered instead of thrown (a 404 or 410 that says to try another endpoint). */
  answerStatuses?: readonly number[];
}

export interface UpstreamResponse {
  statusCode: number;
  headers: Record<string, string>;
  /** The parsed JSON answer; the text when it is not JSON; undefined when empty. */
  body: unknown;
}

/** Sends the request; answers a 2xx response (or one of `answerStatuses`), throws a ConnectorError for anything else. */
export async function callUpstream(transport: UpstreamTransport, req: UpstreamRequest): Promise<UpstreamResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  let payload: string | undefined;
  if (req.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = new URLSearchParams(req.form).toString();
  } else if (req.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    payload = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
  }
  const policy = req.egress ? narrowEgressPolicy(transport.egress, req.egress) : transport.egress;
  const res = await sendWithEgress(
    { method: req.method, url: req.url, headers, ...(payload !== undefined ? { body: payload } : {}), timeoutMs: req.timeoutMs, ...(req.signal ? { signal: req.signal } : {}) },
    { policy, ...(transport.lookup ? { lookup: transport.lookup } : {}) },
  ).catch((err: unknown) => {
    if (err instanceof ConnectorError) throw err;
    throw new ConnectorError('UpstreamFailure', `${req.service} could not be reached: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  });
  if ((res.statusCode >= 200 && res.statusCode < 300) || req.answerStatuses?.includes(res.statusCode)) {
    return { statusCode: res.statusCode, headers: res.headers, body: parseBody(res.body) };
  }
  throw upstreamError(req.service, res.statusCode, res.body);
}

/** The ConnectorError for a non-2xx answer of `service`. */
export function upstreamError(service: string, statusCode: number, text: string): ConnectorError {
  const answer = text.slice(0, 300);
  if (statusCode === 429) return new ConnectorError('UpstreamFailure', `${service} asked to slow down (429): ${answer}`, { statusCode: 429 });
  if (statusCode >= 500) return new ConnectorError('UpstreamFailure', `${service} failed (${statusCode}): ${answer}`);
  if (statusCode === 401 || statusCode === 403) return new ConnectorError('Unauthorized', `${service} refused the credentials (${statusCode}): ${answer}`, { statusCode });
  if (statusCode === 404) return new ConnectorError('NotFound', `${service} has no such resource (404): ${answer}`);
  if (statusCode === 409) return new ConnectorError('Conflict', `${service} refused a conflicting change (409): ${answer}`);
  return new ConnectorError('InvalidInput', `${service} refused the request (${statusCode}): ${answer}`, { statusCode: 400 });
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
