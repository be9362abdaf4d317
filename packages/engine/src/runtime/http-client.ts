/**
 * The outbound HTTP seam of Http actions. Injected into the runtime so an egress policy can wrap it
 * and tests can point it anywhere; the default sends with undici.
 */
import { request } from 'undici';

export interface OutboundRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface InboundResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface HttpClient {
  /** Sends one request; rejects (connection error, timeout) only when no response arrived. */
  send(req: OutboundRequest): Promise<InboundResponse>;
}

/** Sends with undici; header values that arrive as arrays are joined with ", ". */
export const undiciHttpClient: HttpClient = {
  async send(req) {
    const res = await request(req.url, {
      method: req.method.toUpperCase() as 'GET',
      headers: req.headers,
      body: req.body,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
      signal: req.signal,
    });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) {
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
    }
    return { statusCode: res.statusCode, headers, body: await res.body.text() };
  },
};
