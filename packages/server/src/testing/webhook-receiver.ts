/**
 * A local HTTP server that records the webhook posts it receives (chat messages, notifications), so
 * tests can assert the JSON a Teams or Slack channel would have been sent. Listens on 127.0.0.1.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPost {
  method: string;
  /** Path and query as requested. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON when the body is JSON, else the raw text. */
  body: unknown;
}

export interface TestWebhookReceiver {
  /** Base URL, e.g. "http://127.0.0.1:41234"; any path under it is accepted. */
  url: string;
  received: ReceivedPost[];
  /** Resolves once at least `count` posts have arrived (bounded by `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedPost[]>;
  stop(): Promise<void>;
}

export interface WebhookReceiverOptions {
  /** Status to answer (default 200), or a function of the received post. */
  status?: number | ((post: ReceivedPost) => number);
  /** Body to answer (default "1", as Teams webhooks do). */
  responseBody?: string;
}

/** Starts a webhook receiver on a free loopback port. */
export async function startTestWebhookReceiver(options: WebhookReceiverOptions = {}): Promise<TestWebhookReceiver> {
  const received: ReceivedPost[] = [];
  const waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text === '' ? text : JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      const post: ReceivedPost = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body };
      received.push(post);
      for (const w of waiters.splice(0)) w();
      const status = typeof options.status === 'function' ? options.status(post) : (options.status ?? 200);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(options.responseBody ?? '1');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} webhook post(s), received ${received.length}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return received;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
