import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Test support: a local Graph webhook endpoint that records what it is sent. */
export interface WebhookReceiver {
  url: string;
  /** Notification bodies received (validation requests excluded), per path. */
  received: { path: string; body: any }[];
  validations: string[];
  /** How to answer validation: echo the token, answer something else, or never answer. */
  validation: 'echo' | 'wrong' | 'hang';
  /** Statuses for the next notification POSTs, consumed in order; then `defaultStatus`. */
  script: number[];
  defaultStatus: number;
  /** Paths that always answer 500. */
  failing: Set<string>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const hanging: ServerResponse[] = [];
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    validations: [],
    validation: 'echo',
    script: [],
    defaultStatus: 202,
    failing: new Set(),
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const token = url.searchParams.get('validationToken');
      if (token !== null) {
        receiver.validations.push(token);
        if (receiver.validation === 'hang') return void hanging.push(res);
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.end(receiver.validation === 'echo' ? token : 'not the token');
      }
      const text = Buffer.concat(chunks).toString('utf8');
      receiver.received.push({ path: url.pathname, body: text ? JSON.parse(text) : undefined });
      const status = receiver.failing.has(url.pathname) ? 500 : (receiver.script.shift() ?? receiver.defaultStatus);
      res.writeHead(status);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}
