import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../app/test-app.ts';
import { incidentPlaybook } from '../recovery/test-fixture.ts';
import { assignAndRunRule, automationTestApp } from './e2e.test-support.ts';

const definition = (kind: 'incident' | 'request') =>
  kind === 'incident' ? incidentPlaybook({}, {}).definition : { triggers: { manual: { type: 'Request', kind: 'Http' } }, actions: {} };

describe('deleting a playbook that something still starts', () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('is refused (409 naming the automation rule, workflow automation or calling playbook) until they no longer name it; nothing is deleted meanwhile', async () => {
    t = await automationTestApp();
    const author = t.as('automation-author');
    const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: author, payload: payload as Record<string, unknown> });
    const del = (url: string) => t.app.inject({ method: 'DELETE', url, headers: author });
    const incidentPlaybook = (await post('/api/playbooks', { name: 'Contain-Host', definition: definition('incident') })).json();
    const requestPlaybook = (await post('/api/playbooks', { name: 'Notify', definition: definition('request') })).json();
    expect((await post('/api/automation-rules', { name: 'rule-1', properties: assignAndRunRule('/subscriptions/x/resourceGroups/y/providers/Microsoft.Logic/workflows/Contain-Host') })).statusCode).toBe(201);
    const automation = { isEnabled: true, sources: [{ eventSource: 'Alerts', ruleSets: [] }], actions: [{ actionType: 'LogicApp', logicAppResourceId: 'Notify' }] };
    expect((await post('/api/workflow-automations', { name: 'auto-1', properties: automation })).statusCode).toBe(201);

    // A playbook that calls Notify as a child workflow (Logic Apps' Workflow action, by ARM id).
    const parent = {
      triggers: { manual: { type: 'Request', kind: 'Http' } },
      actions: { Scoped: { type: 'Scope', actions: { Call_notify: { type: 'Workflow', inputs: { host: { workflow: { id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Logic/workflows/Notify' }, triggerName: 'manual' } } } } } },
    };
    const parentPlaybook = (await post('/api/playbooks', { name: 'Escalate', definition: parent })).json();

    const refused = await del(`/api/playbooks/${incidentPlaybook.id}`);
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'Conflict']);
    expect(refused.json().error.message).toBe("playbook 'Contain-Host' is still started by automation rule 'Assign high incidents and restrict': change or delete it first");
    const alsoRefused = await del('/api/playbooks/Notify');
    expect([alsoRefused.statusCode, alsoRefused.json().error.message]).toEqual([
      409,
      "playbook 'Notify' is still started by playbook 'Escalate' (its Workflow action 'Call_notify'), workflow automation 'auto-1': change or delete them first",
    ]);
    expect((await t.app.inject({ method: 'GET', url: '/api/playbooks', headers: author })).json().value).toHaveLength(3);

    expect((await del('/api/automation-rules/rule-1')).statusCode).toBe(204);
    expect((await del('/api/workflow-automations/auto-1')).statusCode).toBe(204);
    expect((await del(`/api/playbooks/${incidentPlaybook.id}`)).statusCode).toBe(204);
    expect((await del(`/api/playbooks/${requestPlaybook.id}`)).json().error.message).toBe(
      "playbook 'Notify' is still started by playbook 'Escalate' (its Workflow action 'Call_notify'): change or delete it first",
    );
    expect((await del(`/api/playbooks/${parentPlaybook.id}`)).statusCode).toBe(204);
    expect((await del(`/api/playbooks/${requestPlaybook.id}`)).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/playbooks', headers: author })).json().value).toEqual([]);
  });
});
