import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../app/test-app.ts';
import { automationTestApp, settledRuns } from '../e2e.test-support.ts';

const rule = (displayName: string, order: number, actions: unknown[], extra: Record<string, unknown> = {}) => ({
  displayName,
  order,
  triggeringLogic: { isEnabled: true, triggersOn: 'Incidents', triggersWhen: 'Created', conditions: [], ...extra },
  actions,
});
const setSeverity = (severity: string) => ({ order: 1, actionType: 'ModifyProperties', actionConfiguration: { severity } });
const addLabel = (labelName: string) => ({ order: 1, actionType: 'ModifyProperties', actionConfiguration: { labels: [{ labelName }] } });

describe('automation rules (through HTTP)', () => {
  let t: TestApp;
  afterEach(async () => t?.close());
  const post = (payload: object, role: 'automation-author' | 'reader' = 'automation-author') => t.app.inject({ method: 'POST', url: '/api/automation-rules', headers: t.as(role), payload });
  const alert = async (id: string, severity = 'medium') => {
    const res = await t.app.inject({ method: 'POST', url: '/api/alerts', headers: t.as('responder'), payload: { providerAlertId: id, title: `alert ${id}`, severity } });
    await t.app.riposte.events.idle();
    return (await t.app.inject({ method: 'GET', url: `/api/incidents/${res.json().incidentId}`, headers: t.as('reader') })).json();
  };

  it('runs rules in order, each seeing the changes before it; expired and disabled rules are skipped', async () => {
    t = await automationTestApp();
    // Order 2 runs after order 1 and sees its severity; created in reverse to show order, not creation, counts.
    const later = rule('label high ones', 2, [addLabel('seen-high')], {
      conditions: [{ conditionType: 'Property', conditionProperties: { propertyName: 'IncidentSeverity', operator: 'Equals', propertyValues: ['High'] } }],
    });
    expect((await post(later)).statusCode).toBe(201);
    expect((await post(rule('raise severity', 1, [setSeverity('High')]))).statusCode).toBe(201);
    expect((await post(rule('expired', 3, [addLabel('expired')], { expirationTimeUtc: '2020-01-01T00:00:00Z' }))).statusCode).toBe(201);
    expect((await post(rule('disabled', 4, [addLabel('disabled')], { isEnabled: false }))).statusCode).toBe(201);

    const incident = await alert('r1');
    expect(incident.severity).toBe('High');
    expect(incident.labels.map((l: { labelName: string }) => l.labelName)).toEqual(['seen-high']);
    const listed = (await t.app.inject({ method: 'GET', url: '/api/automation-rules', headers: t.as('reader') })).json().value;
    expect(listed.map((r: { properties: { displayName: string } }) => r.properties.displayName)).toEqual(['raise severity', 'label high ones', 'expired', 'disabled']);
    const timeline = (await t.app.inject({ method: 'GET', url: `/api/incidents/${incident.id}/timeline`, headers: t.as('reader') })).json().value;
    expect(timeline.filter((e: { actor: string }) => e.actor.startsWith('automation-rule:')).map((e: { actor: string; field: string }) => `${e.actor} ${e.field}`)).toEqual([
      'automation-rule:raise severity severity',
      'automation-rule:label high ones labels',
    ]);
  });

  it('changes made by rules do not trigger Updated rules; changes by people do', async () => {
    t = await automationTestApp();
    await post(rule('owner on create', 1, [{ order: 1, actionType: 'ModifyProperties', actionConfiguration: { owner: { email: 'a@contoso.com' } } }]));
    await post(rule('label on update', 2, [addLabel('updated')], { triggersWhen: 'Updated' }));
    const incident = await alert('r2');
    expect(incident.owner.email).toBe('a@contoso.com');
    expect(incident.labels).toEqual([]);
    await t.app.inject({ method: 'PATCH', url: `/api/incidents/${incident.id}`, headers: t.as('triage'), payload: { severity: 'High' } });
    await t.app.riposte.events.idle();
    const after = (await t.app.inject({ method: 'GET', url: `/api/incidents/${incident.id}`, headers: t.as('reader') })).json();
    expect(after.labels.map((l: { labelName: string }) => l.labelName)).toEqual(['updated']);
  });

  it('AddIncidentTask adds the task; a rule given as the whole ARM resource keeps its name', async () => {
    t = await automationTestApp();
    const res = await post({ id: '/subscriptions/s/.../automationRules/rule-7', name: 'rule-7', properties: rule('task', 1, [{ order: 1, actionType: 'AddIncidentTask', actionConfiguration: { title: 'Reset passwords', description: 'All of them' } }]) });
    expect(res.statusCode).toBe(201);
    expect(res.json().name).toBe('rule-7');
    const incident = await alert('r3');
    expect(incident.tasks.map((x: { title: string; createdBy: string }) => [x.title, x.createdBy])).toEqual([['Reset passwords', 'automation-rule:task']]);
  });

  it('dry run: which rules would fire and what they would change, changing nothing', async () => {
    t = await automationTestApp();
    await post(rule('raise severity', 1, [setSeverity('High')]));
    await post(rule('expired', 2, [addLabel('x')], { expirationTimeUtc: '2020-01-01T00:00:00Z' }));
    const incident = await alert('r4', 'low');
    await t.app.inject({ method: 'PATCH', url: `/api/incidents/${incident.id}`, headers: t.as('triage'), payload: { severity: 'Low' } });
    const before = (await t.app.inject({ method: 'GET', url: `/api/incidents/${incident.id}`, headers: t.as('reader') })).json();
    const dry = await t.app.inject({ method: 'POST', url: '/api/automation-rules/dry-run', headers: t.as('reader'), payload: { incidentId: incident.id } });
    expect(dry.statusCode).toBe(200);
    const outcome = dry.json();
    expect(outcome.rules.map((r: { displayName: string; matched: boolean; skippedReason?: string }) => [r.displayName, r.matched, r.skippedReason ?? null])).toEqual([
      ['raise severity', true, null],
      ['expired', false, 'expired'],
    ]);
    expect(outcome.rules[0].changes).toEqual([{ property: 'severity', before: 'Low', after: 'High' }]);
    const after = (await t.app.inject({ method: 'GET', url: `/api/incidents/${incident.id}`, headers: t.as('reader') })).json();
    expect(after.severity).toBe(before.severity);
    // The id alone, by number or id, is the stored incident too; an unknown one is a 404.
    const byId = await t.app.inject({ method: 'POST', url: '/api/automation-rules/dry-run', headers: t.as('reader'), payload: { id: String(incident.number) } });
    expect([byId.statusCode, byId.json().incident?.id, byId.json().rules?.[0]?.matched]).toEqual([200, incident.id, true]);
    const unknown = await t.app.inject({ method: 'POST', url: '/api/automation-rules/dry-run', headers: t.as('reader'), payload: { id: 'no-such-incident' } });
    expect(unknown.statusCode).toBe(404);
    // An incident body with an id but no title is an incident body: 400 naming the title, not a lookup.
    const untitled = await t.app.inject({ method: 'POST', url: '/api/automation-rules/dry-run', headers: t.as('reader'), payload: { id: 'x', severity: 'Medium', status: 'New' } });
    expect([untitled.statusCode, untitled.json().error?.field]).toEqual([400, '/title']);
    // An incident body works too.
    const body = await t.app.inject({ method: 'POST', url: '/api/automation-rules/dry-run', headers: t.as('reader'), payload: { title: 't', severity: 'Medium', status: 'New' } });
    expect(body.json().incident.severity).toBe('High');
    const bad = await t.app.inject({ method: 'POST', url: '/api/automation-rules/dry-run', headers: t.as('reader'), payload: { incident: { title: 't', status: 'New' } } });
    expect([bad.statusCode, bad.json().error.field]).toEqual([400, '/incident/severity']);
  });

  it('bad input is a 400 naming the field and writes nothing; readers cannot write', async () => {
    t = await automationTestApp();
    const badOrder = await post(rule('x', 0, [setSeverity('High')]));
    expect([badOrder.statusCode, badOrder.json().error.field]).toEqual([400, '/order']);
    const unknownPlaybook = await post(rule('x', 1, [{ order: 1, actionType: 'RunPlaybook', actionConfiguration: { logicAppResourceId: 'nope' } }]));
    expect([unknownPlaybook.statusCode, unknownPlaybook.json().error.field]).toEqual([400, '/actions/0/actionConfiguration/logicAppResourceId']);
    expect((await post(rule('x', 1, [setSeverity('High')]), 'reader')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/automation-rules', headers: t.as('reader') })).json().value).toEqual([]);
  });

  it('PUT replaces and DELETE removes a rule', async () => {
    t = await automationTestApp();
    const id = (await post(rule('a', 1, [setSeverity('High')]))).json().name as string;
    const put = await t.app.inject({ method: 'PUT', url: `/api/automation-rules/${id}`, headers: t.as('automation-author'), payload: rule('b', 5, [setSeverity('Low')]) });
    expect([put.statusCode, put.json().properties.displayName, put.json().properties.order]).toEqual([200, 'b', 5]);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/automation-rules/${id}`, headers: t.as('automation-author') })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/api/automation-rules/${id}`, headers: t.as('reader') })).statusCode).toBe(404);
    const audit = (await t.app.inject({ method: 'GET', url: `/api/audit?entityType=automationRule&entityId=${id}`, headers: t.as('admin') })).json().value;
    expect(audit.map((a: { action: string }) => a.action).sort()).toEqual(['create', 'delete', 'update']);
  });

  it('a playbook started by a rule does not start itself again through its own update', async () => {
    t = await automationTestApp();
    const commenter = {
      parameters: { $connections: { type: 'Object', defaultValue: {} } },
      triggers: { Microsoft_Sentinel_incident: { type: 'ApiConnectionWebhook', inputs: { host: { connection: { name: "@parameters('$connections')['azuresentinel']['connectionId']" } }, path: '/incident-creation' } } },
      actions: {
        Comment: {
          type: 'ApiConnection',
          runAfter: {},
          inputs: { host: { connection: { name: "@parameters('$connections')['azuresentinel']['connectionId']" } }, method: 'post', path: '/Incidents/Comment', body: { incidentArmId: "@triggerBody()?['object']?['id']", message: 'hello' } },
        },
      },
    };
    const pb = (
      await t.app.inject({
        method: 'POST',
        url: '/api/playbooks',
        headers: t.as('automation-author'),
        payload: { name: 'commenter', definition: commenter, parameters: { $connections: { azuresentinel: { connectionId: 'c', id: '/x/managedApis/azuresentinel' } } } },
      })
    ).json();
    const runIt = { order: 1, actionType: 'RunPlaybook', actionConfiguration: { logicAppResourceId: 'commenter' } };
    await post(rule('on create', 1, [runIt]));
    await post(rule('on comment', 2, [runIt], { triggersWhen: 'Updated', conditions: [{ conditionType: 'PropertyArrayChanged', conditionProperties: { arrayType: 'Comments', changeType: 'Added' } }] }));
    const incident = await alert('r5');
    const runs = await settledRuns(t, pb.id);
    expect(runs.map((r) => r.status)).toEqual(['Succeeded']);
    expect((await t.app.inject({ method: 'GET', url: `/api/incidents/${incident.id}/comments`, headers: t.as('reader') })).json().value).toHaveLength(1);
  });
});
