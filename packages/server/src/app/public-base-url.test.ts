// The configured public address (`--config` response.publicBaseUrl) is where every link the server
// hands out points: Request-trigger URLs as well as approval links.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareServer } from './start-server.ts';

const adminKey = 'rk_public_base_admin_0123456789abcdef0123';
const requestPlaybook = {
  $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
  contentVersion: '1.0.0.0',
  triggers: { manual: { type: 'Request', kind: 'Http' } },
  actions: { Answer: { type: 'Response', inputs: { statusCode: 200, body: 'ok' } } },
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function callbackUrlWith(response: { publicBaseUrl?: string }): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'riposte-public-base-'));
  dirs.push(dataDir);
  const { app, store } = await prepareServer({ dataDir, adminKey, response });
  try {
    await app.ready();
    const created = await app.inject({ method: 'POST', url: '/api/playbooks', headers: { authorization: `Bearer ${adminKey}` }, payload: { name: 'by-request', definition: requestPlaybook } });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().callbackUrl as string;
  } finally {
    await app.close();
    await store.close();
  }
}

describe('response.publicBaseUrl', () => {
  it('is the origin of Request-trigger URLs', async () => {
    const url = new URL(await callbackUrlWith({ publicBaseUrl: 'https://riposte.example:8443' }));
    expect(url.origin).toBe('https://riposte.example:8443');
    expect(url.pathname).toMatch(/^\/api\/triggers\/[^/]+\/invoke$/);
    expect(url.searchParams.get('sig')).toBeTruthy();
  });

  it('leaves them as before when it is not set', async () => {
    const url = new URL(await callbackUrlWith({}));
    expect(url.origin).not.toBe('https://riposte.example:8443');
  });
});
