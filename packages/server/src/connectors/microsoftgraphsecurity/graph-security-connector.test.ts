import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorRequest } from '@riposte/engine';
import type { TestApp } from '../../app/test-app.ts';
import { automationTestApp } from '../../automation/e2e.test-support.ts';
import { graphModule } from '../../graph/graph-module.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../graph/subscriptions/webhook-receiver.test-support.ts';

describe('microsoftgraphsecurity connector on Riposte alerts and Graph subscriptions', () => {
  let t: TestApp;
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => {
    await t?.close();
    await receiver?.close();
    receiver = undefined;
  });

  async function call(method: string, path: string, body?: unknown, queries: Record<string, unknown> = {}) {
    const found = t.app.riposteAutomation.playbooks.options.connectors.resolve('microsoftgraphsecurity', method, path);
    if (!found) throw new Error(`no operation ${method} ${path}`);
    const req: ConnectorRequest = {
      connection: { name: 'microsoftgraphsecurity', api: 'microsoftgraphsecurity' },
      method: method as ConnectorRequest['method'],
      path,
      pathParams: found.pathParams,
      queries,
      headers: {},
      body,
      idempotencyKey: 'k',
      runId: 'run-1',
      actionName: 'A',
      signal: new AbortController().signal,
    };
    return { op: found.operation, req, res: await found.operation.execute(req) };
  }

  it('lists alerts with an OData filter, reads one and updates it (legacy v1 shape)', async () => {
    t = await automationTestApp();
    for (const [id, severity] of [['g1', 'high'], ['g2', 'low'], ['g3', 'high']] as const) {
      await t.app.inject({ method: 'POST', url: '/api/alerts', headers: t.as('responder'), payload: { providerAlertId: id, title: `alert ${id}`, severity } });
    }
    const high = await call('get', '/v1.0/security/alerts', undefined, { $filter: "severity eq 'high'", $top: 10 });
    const value = (high.res.body as { value: Array<{ id: string; severity: string; status: string }> }).value;
    expect(value.map((a) => a.severity)).toEqual(['high', 'high']);
    const bad = await call('get', '/v1.0/security/alerts', undefined, { $filter: 'severity eq' });
    expect(bad.res.statusCode).toBe(400);
    const one = await call('get', `/v1.0/security/alerts/${value[0]!.id}`);
    expect((one.res.body as { id: string }).id).toBe(value[0]!.id);
    const patchOp = t.app.riposteAutomation.playbooks.options.connectors.resolve('microsoftgraphsecurity', 'patch', `/v1.0/security/alerts/${value[0]!.id}`)!.operation;
    const stateReq = { pathParams: { alertId: value[0]!.id }, runId: 'run-1' } as unknown as ConnectorRequest;
    const before = await patchOp.state!.read(stateReq);
    const patch = await call('patch', `/v1.0/security/alerts/${value[0]!.id}`, { status: 'inProgress', feedback: 'truePositive', assignedTo: 'ann', comments: ['on it'] });
    expect(patch.res.statusCode).toBe(200);
    const stored = (await t.app.riposte.store.getAlert(value[0]!.id))!;
    expect([stored.status, stored.classification, stored.assignedTo, stored.comments.map((c) => c.comment)]).toEqual(['inProgress', 'truePositive', 'ann', ['on it']]);
    await patchOp.state!.restore(stateReq, before);
    const restored = (await t.app.riposte.store.getAlert(value[0]!.id))!;
    // Fields return to their recorded values; the comment stays (append-only).
    expect([restored.status, restored.assignedTo ?? null, restored.comments.length]).toEqual(['new', null, 1]);
  });

  it('creates, lists, renews and deletes Graph subscriptions through the server’s own Graph API', async () => {
    t = await automationTestApp({}, [graphModule({ subscriptions: { autoStart: false } })]);
    receiver = await startWebhookReceiver();
    const expires = new Date(Date.now() + 60 * 60_000).toISOString();
    const created = await call('post', '/v1.0/subscriptions', { changeType: 'created', notificationUrl: `${receiver.url}/hook`, resource: 'security/alerts_v2', expirationDateTime: expires, clientState: 's3cret' });
    expect(created.res.statusCode).toBe(201);
    const id = (created.res.body as { id: string }).id;
    expect(receiver.validations).toHaveLength(1);
    const listed = await call('get', '/v1.0/subscriptions');
    expect((listed.res.body as { value: Array<{ id: string }> }).value.map((s) => s.id)).toEqual([id]);
    const later = new Date(Date.now() + 2 * 60 * 60_000).toISOString();
    const renewed = await call('patch', `/v1.0/subscriptions/${id}`, { expirationDateTime: later });
    expect(renewed.res.statusCode).toBe(200);
    const removed = await call('delete', `/v1.0/subscriptions/${id}`);
    expect(removed.res.statusCode).toBe(204);
    expect(((await call('get', '/v1.0/subscriptions')).res.body as { value: unknown[] }).value).toEqual([]);
    const missing = await call('delete', `/v1.0/subscriptions/${id}`);
    expect(missing.res.statusCode).toBe(404);
  });

  it('reports subscriptions as unavailable when the Graph module is not there', async () => {
    t = await automationTestApp();
    const res = await call('get', '/v1.0/subscriptions');
    expect(res.res.statusCode).toBe(500);
    expect(JSON.stringify(res.res.body)).toContain('not enabled');
  });
});
