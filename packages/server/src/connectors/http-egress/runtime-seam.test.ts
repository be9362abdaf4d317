import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRunStore, WorkflowRuntime } from '@riposte/engine';
import { createEgressHttpClient } from './egress-request.ts';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/to-metadata') return res.writeHead(302, { location: 'http://169.254.169.254/metadata/identity/oauth2/token' }).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

describe('Http action under the egress policy (WorkflowRuntime `http` option)', () => {
  it('fails at once with EgressRefused when a redirect leads to the metadata address, and still reaches allowed URLs', async () => {
    const http = createEgressHttpClient();
    try {
      const runtime = new WorkflowRuntime({ store: new MemoryRunStore(), http });
      const result = await runtime.run({
        definition: {
          actions: {
            Steal: { type: 'Http', inputs: { method: 'GET', uri: `${base}/to-metadata` } },
            Fine: { type: 'Http', inputs: { method: 'GET', uri: `${base}/ok` } },
          },
        },
      });
      const { actions } = await runtime.history(result.runId);
      const steal = actions.find((a) => a.name === 'Steal')!;
      expect(steal.status).toBe('Failed');
      expect(steal.attempts).toBe(1);
      expect(steal.outputs).toMatchObject({ statusCode: 403, body: { error: { code: 'EgressRefused' } } });
      expect(actions.find((a) => a.name === 'Fine')).toMatchObject({ status: 'Succeeded', outputs: { statusCode: 200, body: { ok: true } } });
    } finally {
      await http.close();
    }
  });
});
