/**
 * A local stand-in for an outside REST API (Defender for Endpoint, Jira, ServiceNow, VirusTotal, a
 * token endpoint, …), for connector tests: those services cannot run here, so a test scripts the
 * answers the service documents and asserts what Riposte sent. Listens on 127.0.0.1; records every
 * request; a request no handler answers gets 404 `{"error": "no handler"}`.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeApiRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, a form as an object, else the raw text ('' when empty). */
  body: unknown;
}

export interface FakeApiAnswer {
  status?: number;
  /** Sent as JSON unless it is a string. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** Answers a request, or undefined to let the next handler (or the 404) answer. */
export type FakeApiHandler = (req: FakeApiRequest) => FakeApiAnswer | undefined | Promise<FakeApiAnswer | undefined>;

export interface FakeApi {
  /** Base URL, e.g. "http://127.0.0.1:41234". */
  url: string;
  requests: FakeApiRequest[];
  /** Adds a handler for METHOD + path (exact, or a RegExp); later handlers are tried first. */
  on(method: string, path: string | RegExp, answer: FakeApiAnswer | FakeApiHandler): void;
  stop(): Promise<void>;
}

export async function startFakeApi(): Promise<FakeApi> {
  const requests: FakeApiRequest[] = [];
  const handlers: Array<{ method: string; path: string | RegExp; answer: FakeApiAnswer | FakeApiHandler }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://fake');
        const text = Buffer.concat(chunks).toString('utf8');
        const type = String(req.headers['content-type'] ?? '');
        let body: unknown = text;
        if (type.includes('application/x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(text));
        else if (text !== '') {
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
        }
        const request: FakeApiRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
        requests.push(request);
        let answer: FakeApiAnswer | undefined;
        for (const h of [...handlers].reverse()) {
          if (h.method !== request.method) continue;
          if (typeof h.path === 'string' ? h.path !== request.path : !h.path.test(request.path)) continue;
          answer = typeof h.answer === 'function' ? await h.answer(request) : h.answer;
          if (answer) break;
        }
        answer ??= { status: 404, body: { error: 'no handler' } };
        const payload = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        const headers = { ...(typeof answer.body === 'string' || answer.body === undefined ? {} : { 'content-type': 'application/json' }), ...answer.headers };
        res.writeHead(answer.status ?? 200, headers).end(payload);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on(method, path, answer) {
      handlers.push({ method: method.toUpperCase(), path, answer });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
