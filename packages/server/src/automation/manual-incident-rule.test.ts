import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../app/test-app.ts';
import { automationTestApp } from './e2e.test-support.ts';

describe('an incident opened by hand (POST /api/incidents)', () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('runs the automation rules on created incidents, as an incident from an alert does', async () => {
    t = await automationTestApp();
    const rule = await t.app.inject({
      method: 'POST',
      url: '/api/automation-rules',
      headers: t.as('automation-author'),
      payload: {
        displayName: 'Phishing reports go to the mail team',
        order: 1,
        triggeringLogic: {
          isEnabled: true,
          triggersOn: 'Incidents',
          triggersWhen: 'Created',
          conditions: [{ conditionType: 'Property', conditionProperties: { propertyName: 'IncidentTitle', operator: 'Contains', propertyValues: ['phishing'] } }],
        },
        actions: [
          { order: 1, actionType: 'ModifyProperties', actionConfiguration: { owner: { email: 'mail-team@contoso.com' }, labels: [{ labelName: 'reported' }] } },
          { order: 2, actionType: 'AddIncidentTask', actionConfiguration: { title: 'Pull the message from every mailbox' } },
        ],
      },
    });
    expect(rule.statusCode).toBe(201);

    const matching = (await t.app.inject({ method: 'POST', url: '/api/incidents', headers: t.as('triage'), payload: { title: 'Phishing report from the CFO' } })).json();
    const other = (await t.app.inject({ method: 'POST', url: '/api/incidents', headers: t.as('triage'), payload: { title: 'Lost laptop' } })).json();
    await t.app.riposte.events.idle();

    const read = async (id: string) => (await t.app.inject({ method: 'GET', url: `/api/incidents/${id}`, headers: t.as('reader') })).json();
    const phishing = await read(matching.id);
    expect(phishing.owner.email).toBe('mail-team@contoso.com');
    expect(phishing.labels.map((l: { labelName: string }) => l.labelName)).toEqual(['reported']);
    expect(phishing.tasks.map((task: { title: string }) => task.title)).toEqual(['Pull the message from every mailbox']);
    const laptop = await read(other.id);
    expect([laptop.owner.email, laptop.labels, laptop.tasks]).toEqual([null, [], []]);
  });
});
