import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKey, listeningServer } from './response-fixture.ts';

describe("the server's playbook runs send Http actions through the egress policy", () => {
  let env: Awaited<ReturnType<typeof listeningServer>>;
  let redirector: Server;
  let redirectUrl: string;
  beforeAll(async () => {
    env = await listeningServer();
    // A harmless-looking local endpoint that redirects into the cloud metadata service.
    redirector = createServer((_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' }).end());
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    redirectUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/innocent`;
  });
  afterAll(async () => {
    await env?.close();
    await new Promise((resolve) => redirector?.close(resolve));
  });

  it('refuses the metadata address directly and through a redirect, at once (no retries), naming the refusal', async () => {
    const definition = {
      $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
      contentVersion: '1.0.0.0',
      triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } },
      actions: {
        Metadata: { type: 'Http', runAfter: {}, inputs: { method: 'GET', uri: 'http://169.254.169.254/latest/meta-data/' } },
        Redirected: { type: 'Http', runAfter: { Metadata: ['Failed'] }, inputs: { method: 'GET', uri: redirectUrl } },
      },
      outputs: {},
    };
    const created = await env.call(adminKey, 'POST', '/api/playbooks', { name: 'Egress-Probe', definition });
    expect(created.status, created.text).toBe(201);
    const started = await env.call(adminKey, 'POST', `/api/playbooks/${created.json.id}/runs`, { triggerBody: {}, wait: true });
    expect(started.status, started.text).toBeLessThan(300);
    const run = (await env.call(adminKey, 'GET', `/api/runs/${started.json.runId}`)).json;
    const byName = Object.fromEntries((run.actions as Array<{ name: string; status: string; attempts?: number; outputs?: { statusCode: number; headers: Record<string, string>; body: unknown } }>).map((a) => [a.name, a]));
    for (const name of ['Metadata', 'Redirected']) {
      expect(byName[name]!.status).toBe('Failed');
      expect(byName[name]!.outputs?.statusCode).toBe(403);
      expect(byName[name]!.outputs?.headers['x-riposte-egress']).toBe('refused');
      expect(JSON.stringify(byName[name]!.outputs?.body)).toContain('EgressRefused');
      expect(byName[name]!.attempts ?? 1).toBe(1);
    }
  });
});
