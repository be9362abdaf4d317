import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../app/test-app.ts';
import { automationTestApp } from './e2e.test-support.ts';

// Sentinel's automation rules and Defender's workflow automations have no "deleted" trigger: deleting
// an incident (and its alerts) must not run a rule or fire an automation, nor make them fail.
describe('deleting an incident, seen by automation', () => {
  let t: TestApp;
  let receiver: Server | undefined;
  afterEach(async () => {
    await t?.close();
    await new Promise((r) => (receiver ? receiver.close(r) : r(undefined)));
  });

  it('runs no automation rule and fires no workflow automation', async () => {
    t = await automationTestApp();
    const hits: unknown[] = [];
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        hits.push(req.url);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as { port: number }).port;

    for (const triggersWhen of ['Created', 'Updated']) {
      const rule = await t.app.inject({
        method: 'POST',
        url: '/api/automation-rules',
        headers: t.as('automation-author'),
        payload: {
          displayName: `Incidents ${triggersWhen}`,
          order: 1,
          triggeringLogic: { isEnabled: true, triggersOn: 'Incidents', triggersWhen, conditions: [] },
          actions: [{ order: 1, actionType: 'AddIncidentTask', actionConfiguration: { title: `${triggersWhen} task` } }],
        },
      });
      expect(rule.statusCode, rule.body).toBe(201);
    }
    const hook = await t.app.inject({
      method: 'POST',
      url: '/api/workflow-automations',
      headers: t.as('automation-author'),
      payload: { name: 'hook', properties: { isEnabled: true, sources: [{ eventSource: 'Alerts' }], actions: [{ actionType: 'Webhook', uri: `http://127.0.0.1:${port}/hook` }] } },
    });
    expect(hook.statusCode).toBe(201);

    const alert = (await t.app.inject({ method: 'POST', url: '/api/alerts', headers: t.as('responder'), payload: { title: 'to be deleted', severity: 'high' } })).json();
    await t.app.riposte.events.idle();
    await until(() => hits.length === 1);
    const evaluations = async () =>
      (await t.app.inject({ method: 'GET', url: '/metrics' })).body.split('\n').filter((l) => l.startsWith('riposte_automation_rule_evaluations_total'));
    const before = await evaluations();
    expect(before.length).toBeGreaterThan(0);

    const removed = await t.app.inject({ method: 'DELETE', url: `/api/incidents/${alert.incidentId}`, headers: t.as('admin') });
    expect(removed.statusCode).toBe(204);
    await t.app.riposte.events.idle();
    await new Promise((r) => setTimeout(r, 100));

    expect(await evaluations()).toEqual(before);
    expect(hits).toHaveLength(1);
    expect((await t.app.inject({ method: 'GET', url: `/api/incidents/${alert.incidentId}`, headers: t.as('reader') })).statusCode).toBe(404);
  });
});

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
