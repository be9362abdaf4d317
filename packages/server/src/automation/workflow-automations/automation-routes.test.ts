import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../app/test-app.ts';
import { automationTestApp } from '../e2e.test-support.ts';

const automation = (logicApp = 'target') => ({
  isEnabled: true,
  sources: [{ eventSource: 'Alerts', ruleSets: [{ rules: [{ propertyJPath: 'Severity', propertyType: 'String', expectedValue: 'High', operator: 'Equals' }] }] }],
  actions: [{ actionType: 'LogicApp', logicAppResourceId: logicApp }],
});

describe('/api/workflow-automations', () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('creates, reads, replaces and deletes; unknown playbooks and bad rules are 400s naming the field; the OpenAPI document lists the routes', async () => {
    t = await automationTestApp();
    await t.app.inject({
      method: 'POST',
      url: '/api/playbooks',
      headers: t.as('automation-author'),
      payload: { name: 'target', definition: { triggers: { manual: { type: 'Request', kind: 'Http' } }, actions: {} } },
    });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/workflow-automations', headers: t.as('automation-author'), payload: automation('missing') });
    expect([unknown.statusCode, unknown.json().error.field]).toEqual([400, '/actions/0/logicAppResourceId']);
    const badRule = await t.app.inject({
      method: 'POST',
      url: '/api/workflow-automations',
      headers: t.as('automation-author'),
      payload: { properties: { ...automation(), sources: [{ eventSource: 'Alerts', ruleSets: [{ rules: [{ propertyJPath: 'Severity', propertyType: 'Integer', expectedValue: 'x', operator: 'GreaterThan' }] }] }] } },
    });
    expect(badRule.statusCode).toBe(400);
    expect(badRule.json().error.field).toMatch(/^\/properties\/sources\/0\/ruleSets\/0\/rules\/0\//);
    expect((await t.app.inject({ method: 'GET', url: '/api/workflow-automations', headers: t.as('reader') })).json().value).toEqual([]);

    const created = await t.app.inject({ method: 'POST', url: '/api/workflow-automations', headers: t.as('automation-author'), payload: { name: 'auto-1', location: 'local', properties: automation() } });
    expect([created.statusCode, created.json().name, created.json().type]).toEqual([201, 'auto-1', 'Microsoft.Security/automations']);
    const again = await t.app.inject({ method: 'POST', url: '/api/workflow-automations', headers: t.as('automation-author'), payload: { name: 'auto-1', properties: automation() } });
    expect(again.statusCode).toBe(200);
    const put = await t.app.inject({ method: 'PUT', url: '/api/workflow-automations/auto-1', headers: t.as('automation-author'), payload: { ...automation(), description: 'changed' } });
    expect(put.json().properties.description).toBe('changed');
    expect((await t.app.inject({ method: 'PUT', url: '/api/workflow-automations/nope', headers: t.as('automation-author'), payload: automation() })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/workflow-automations/auto-1', headers: t.as('automation-author') })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/workflow-automations/auto-1', headers: t.as('reader') })).statusCode).toBe(404);

    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const path of ['/api/playbooks', '/api/automation-rules', '/api/workflow-automations', '/api/automation-rules/dry-run', '/api/runs/{runId}']) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
  });
});
