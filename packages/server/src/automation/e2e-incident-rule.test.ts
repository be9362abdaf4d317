import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../app/test-app.ts';
import { graphModule } from '../graph/graph-module.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../graph/subscriptions/webhook-receiver.test-support.ts';
import { assignAndRunRule, automationTestApp, corpusPlaybook, settledRuns } from './e2e.test-support.ts';

const hostAlert = {
  providerAlertId: 'e2e-host-1',
  serviceSource: 'microsoftDefenderForEndpoint',
  title: 'Suspicious process on WS-7',
  severity: 'high',
  category: 'Execution',
  evidence: [{ '@odata.type': '#microsoft.graph.security.deviceEvidence', hostName: 'WS-7', deviceDnsName: 'ws-7.contoso.com', verdict: 'suspicious', remediationStatus: 'none', roles: [] }],
};

describe('alert → incident → automation rule → corpus playbook → comment (through HTTP)', () => {
  let t: TestApp;
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('sets the owner and the corpus playbook comments on the incident; a Graph subscriber is notified', async () => {
    t = await automationTestApp({}, [graphModule()]);
    receiver = await startWebhookReceiver();
    const subscription = await t.app.inject({
      method: 'POST',
      url: '/graph/v1.0/subscriptions',
      headers: t.as('admin'),
      payload: { changeType: 'created,updated', notificationUrl: `${receiver.url}/graph`, resource: 'security/incidents', expirationDateTime: new Date(Date.now() + 3_600_000).toISOString(), clientState: 'e2e' },
    });
    expect(subscription.statusCode).toBe(201);
    const template = corpusPlaybook('Restrict-MDEAppExecution__incident-trigger.json');
    const created = await t.app.inject({ method: 'POST', url: '/api/playbooks', headers: t.as('automation-author'), payload: { name: 'Restrict-MDEAppExecution', template } });
    expect(created.statusCode).toBe(201);
    const playbook = created.json();
    expect(playbook.triggerKind).toBe('sentinel-incident');
    // Every operation it calls has a connector (wdatp's restrict runs only for hosts MDE knows).
    expect(playbook.missingOperations).toEqual([]);

    const rule = await t.app.inject({
      method: 'POST',
      url: '/api/automation-rules',
      headers: t.as('automation-author'),
      payload: assignAndRunRule('/subscriptions/x/resourceGroups/y/providers/Microsoft.Logic/workflows/Restrict-MDEAppExecution'),
    });
    expect(rule.statusCode).toBe(201);

    const posted = await t.app.inject({ method: 'POST', url: '/api/alerts', headers: t.as('responder'), payload: hostAlert });
    expect(posted.statusCode).toBe(201);
    const incidentId = posted.json().incidentId as string;

    const runs = await settledRuns(t, playbook.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('Succeeded');
    expect(runs[0]!.startedBy).toBe('automation-rule:Assign high incidents and restrict');

    const incident = (await t.app.inject({ method: 'GET', url: `/api/incidents/${incidentId}`, headers: t.as('reader') })).json();
    expect(incident.owner.userPrincipalName).toBe('soc-lead@contoso.com');
    expect(incident.comments).toHaveLength(1);
    expect(incident.comments[0].message).toBe('<p>WS-7 was triggered for restrict app execution, but the host does not have a MDEDeviceID.</p>');
    expect(incident.comments[0].author.name).toBe('playbook:Restrict-MDEAppExecution');

    const timeline = (await t.app.inject({ method: 'GET', url: `/api/incidents/${incidentId}/timeline`, headers: t.as('reader') })).json().value as Array<{ actor: string; field: string | null }>;
    expect(timeline.some((e) => e.actor === 'automation-rule:Assign high incidents and restrict' && e.field === 'owner')).toBe(true);

    // The subscriber heard of the incident's creation and of its updates (owner, comment), in order.
    const changesOf = () =>
      receiver!.received.flatMap((r) => (r.body?.value ?? []) as Array<{ changeType: string; resource: string; clientState: string }>).filter((n) => n.resource.includes(incidentId));
    for (let i = 0; i < 400 && !changesOf().some((n) => n.changeType === 'updated'); i++) await new Promise((r) => setTimeout(r, 10));
    const notified = changesOf();
    expect(notified[0]?.changeType).toBe('created');
    expect(notified.some((n) => n.changeType === 'updated')).toBe(true);
    expect(notified.every((n) => n.clientState === 'e2e')).toBe(true);

    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/riposte_playbook_runs_total\{status="Succeeded",trigger="sentinel-incident"\} 1/);
    expect(metrics).toMatch(/riposte_automation_rule_evaluations_total\{outcome="matched",trigger="Created"\} 1/);
    expect(metrics).toContain('riposte_automation_rules_seconds');

    const run = (await t.app.inject({ method: 'GET', url: `/api/runs/${runs[0]!.runId}`, headers: t.as('reader') })).json();
    expect(run.playbookId).toBe(playbook.id);
    expect(run.actions.map((a: { name: string }) => a.name)).toContain('Add_comment_to_incident_(V3)_2');
  });
});
