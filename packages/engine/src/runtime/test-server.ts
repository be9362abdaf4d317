/** A local HTTP server for tests: answers from a script, records requests with their Idempotency-Key. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface TestServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1; `answer` decides each response (status, headers, body). */
export async function startTestServer(
  answer: (req: SeenRequest, index: number) => { status: number; headers?: Record<string, string>; body?: unknown } | Promise<{ status: number; headers?: Record<string, string>; body?: unknown }>,
): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const seen: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(seen);
      const a = await answer(seen, requests.length - 1);
      const isText = typeof a.body === 'string';
      res.writeHead(a.status, { 'content-type': isText ? 'text/plain' : 'application/json', ...a.headers });
      res.end(a.body === undefined ? '' : isText ? (a.body as string) : JSON.stringify(a.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
