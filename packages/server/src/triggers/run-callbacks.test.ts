import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConnector } from '@riposte/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../app/test-app.ts';
import { securityAutomationModule } from '../automation/automation-module.ts';
import { defaultConnectorRegistry } from '../connectors/index.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';

const waitsForApproval = {
  parameters: { $connections: { type: 'Object', defaultValue: {} } },
  triggers: { manual: { type: 'Request', kind: 'Http' } },
  actions: {
    Wait_for_approval: {
      type: 'ApiConnectionWebhook',
      runAfter: {},
      inputs: { host: { connection: { name: "@parameters('$connections')['test']['connectionId']" } }, method: 'post', path: '/subscribe', body: { callbackUrl: '@{listCallbackUrl()}' } },
    },
    Decision: { type: 'Compose', runAfter: { Wait_for_approval: ['Succeeded'] }, inputs: "@body('Wait_for_approval')?['approved']" },
  },
};

describe('runs across a restart, finished by a webhook callback', () => {
  const dir = mkdtempSync(join(tmpdir(), 'riposte-resume-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const open = async () => {
    const store = openSqliteSecurityStore({ path: join(dir, 'riposte.db'), durability: 'normal' });
    // The engine's echo connector stands in for a connector whose webhook a run waits on.
    return buildTestApp({ store, modules: [securityAutomationModule({ dataDir: dir, connectors: defaultConnectorRegistry().register(testConnector) })] });
  };

  it('a waiting run survives the server’s restart and ends when its callback arrives', async () => {
    const first = await open();
    const pb = await first.app.inject({
      method: 'POST',
      url: '/api/playbooks',
      headers: first.as('automation-author'),
      payload: { name: 'approval', definition: waitsForApproval, parameters: { $connections: { test: { connectionId: 'c', id: '/x/managedApis/riposte-test' } } } },
    });
    expect(pb.statusCode).toBe(201);
    const started = await first.app.inject({ method: 'POST', url: `/api/playbooks/${pb.json().id}/runs`, headers: first.as('responder'), payload: { triggerBody: {} } });
    const { runId } = started.json();
    for (let i = 0; i < 200; i++) {
      await first.app.riposteAutomation.playbooks.runtime.flush();
      const run = (await first.app.inject({ method: 'GET', url: `/api/runs/${runId}`, headers: first.as('reader') })).json();
      if (run.actions?.some((a: { name: string; status: string }) => a.name === 'Wait_for_approval' && a.status === 'Waiting')) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    await first.close();

    const second = await open();
    try {
      const before = (await second.app.inject({ method: 'GET', url: `/api/runs/${runId}`, headers: second.as('reader') })).json();
      expect(before.status).not.toBe('Succeeded');
      const denied = await second.app.inject({ method: 'POST', url: `/api/runs/${runId}/callbacks/Wait_for_approval`, headers: second.as('reader'), payload: { approved: true } });
      expect(denied.statusCode).toBe(403);
      let delivered = 0;
      for (let i = 0; i < 200 && delivered !== 202; i++) {
        delivered = (await second.app.inject({ method: 'POST', url: `/api/runs/${runId}/callbacks/Wait_for_approval`, headers: second.as('responder'), payload: { approved: true } })).statusCode;
        if (delivered !== 202) await new Promise((r) => setTimeout(r, 5));
      }
      expect(delivered).toBe(202);
      let run: { status: string; actions: Array<{ name: string; outputs: unknown }> } = before;
      for (let i = 0; i < 400 && run.status !== 'Succeeded'; i++) {
        await new Promise((r) => setTimeout(r, 5));
        await second.app.riposteAutomation.playbooks.runtime.flush();
        run = (await second.app.inject({ method: 'GET', url: `/api/runs/${runId}`, headers: second.as('reader') })).json();
      }
      expect(run.status).toBe('Succeeded');
      expect(run.actions.find((a) => a.name === 'Decision')?.outputs).toBe(true);
      const unknown = await second.app.inject({ method: 'POST', url: `/api/runs/${runId}/callbacks/Wait_for_approval`, headers: second.as('responder'), payload: {} });
      expect(unknown.statusCode).toBe(404);
    } finally {
      await second.close();
    }
  });
});
