import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../app/test-app.ts';
import { defaultEscalationConfig } from '../escalation/escalation.ts';
import { registerEscalationRoutes } from '../escalation/escalation-routes.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../testing/smtp.ts';
import { startTestWebhookReceiver, type TestWebhookReceiver } from '../testing/webhook-receiver.ts';
import { smtpAndWebhookChannels } from './notification-channels.ts';
import { StakeholderNotifier } from './stakeholder-notifier.ts';
import { registerStakeholderRoutes } from './stakeholder-routes.ts';

const HOUR = 60 * 60 * 1000;
const user = (upn: string) => ({ '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: { userPrincipalName: upn, accountName: upn.split('@')[0] } });

describe('stakeholder notifications, roles, escalation and resolution', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let chat: TestWebhookReceiver;
  let notifier: StakeholderNotifier;
  let now: number;

  beforeEach(async () => {
    now = Date.parse('2026-03-01T12:00:00Z');
    smtp = await startTestSmtpServer();
    chat = await startTestWebhookReceiver();
    t = await buildTestApp({
      clock: () => new Date(now),
      modules: [
        (_app, services) => {
          notifier = new StakeholderNotifier({ ctx: services, channels: smtpAndWebhookChannels({ smtp: { host: smtp.host, port: smtp.port, from: 'Riposte <soc@riposte.test>' } }) });
          notifier.start();
          registerStakeholderRoutes(services, notifier);
          registerEscalationRoutes(services, () => ({ ...defaultEscalationConfig, triage: { assignedTo: 'SOC Tier 2', email: 'tier2@riposte.test', ownerType: 'Group' } }));
        },
      ],
    });
  });
  afterEach(async () => {
    notifier.stop();
    await t.close();
    await smtp.stop();
    await chat.stop();
  });

  const settle = () => t.app.riposte.events.idle();
  const policy = (payload: object) => t.app.inject({ method: 'POST', url: '/api/stakeholder-policies', headers: t.as('triage'), payload });
  async function alert(severity: string, upn: string, id: string): Promise<string> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/alerts',
      headers: t.as('admin'),
      payload: [{ title: `Suspicious sign-in of ${upn}`, severity, serviceSource: 's', providerAlertId: id, detectorId: `d${id}`, evidence: [user(upn)], createdDateTime: '2026-03-01T11:00:00Z' }],
    });
    await settle();
    return res.json()[0].incidentId as string;
  }
  const timeline = async (id: string) => (await t.app.inject({ method: 'GET', url: `/api/incidents/${id}/timeline`, headers: t.as('reader') })).json().value as Array<{ action: string; after: any }>;

  it('an incident above the policy severity is mailed through a real SMTP server and posted to a chat webhook, each on the timeline', async () => {
    const created = await policy({
      name: 'Management on serious incidents',
      recipients: { emails: ['ciso@riposte.test'], chat: [{ webhookUrl: `${chat.url}/soc`, format: 'teams' }] },
      triggers: [{ on: 'incidentCreated', minSeverity: 'Medium' }],
      template: {
        subject: "[@{triggerBody()?['incident']?['severity']}] Incident @{triggerBody()?['incident']?['number']}",
        body: "@{triggerBody()?['incident']?['title']} is in phase @{variables('incident')?['phase']}.",
      },
    });
    expect(created.statusCode).toBe(201);
    expect(JSON.stringify(created.json())).not.toContain(chat.url);

    const low = await alert('low', 'carol@riposte.test', '1');
    const high = await alert('high', 'bob@riposte.test', '2');
    const [mail] = await smtp.waitForMessages(1);
    const [post] = await chat.waitFor(1);
    expect(smtp.messages).toHaveLength(1);
    expect(mail!.subject).toMatch(/^\[High\] Incident \d+$/);
    expect(mail!.text).toContain('Suspicious sign-in of bob@riposte.test is in phase Investigation.');
    expect(smtp.envelopes[0]!.to).toEqual(['ciso@riposte.test']);
    expect(post!.path).toBe('/soc');
    expect(JSON.stringify(post!.body)).toContain('Suspicious sign-in of bob@riposte.test');

    const sent = (await timeline(high)).filter((e) => e.action === 'notificationSent');
    expect(sent.map((e) => e.after.channel).sort()).toEqual(['chat', 'email']);
    expect(sent.find((e) => e.after.channel === 'email')!.after).toMatchObject({ trigger: 'incidentCreated', to: 'ciso@riposte.test' });
    expect((await timeline(low)).filter((e) => e.action === 'notificationSent')).toHaveLength(0);
  });

  it('repeats on its cadence while severity is High (next due stored), and stops when severity drops', async () => {
    await policy({
      name: 'Every 4 hours while High',
      recipients: { emails: ['exec@riposte.test'] },
      cadence: { everyMinutes: 240, whileSeverityAtLeast: 'High' },
      template: { subject: "Update on incident @{triggerBody()?['incident']?['number']}", body: "Status @{triggerBody()?['incident']?['status']}, @{triggerBody()?['event']?['kind']}" },
    });
    const id = await alert('high', 'bob@riposte.test', '1');
    now += 4 * HOUR - 60_000;
    expect(await notifier.tick()).toBe(0);
    now += 60_000;
    expect(await notifier.tick()).toBe(1);
    expect(await notifier.tick()).toBe(0);
    now += 4 * HOUR;
    expect(await notifier.tick()).toBe(1);
    await smtp.waitForMessages(2);
    expect(smtp.messages[0]!.text).toContain('cadence');

    await t.app.inject({ method: 'PATCH', url: `/api/incidents/${id}`, headers: t.as('triage'), payload: { severity: 'Medium' } });
    await settle();
    now += 8 * HOUR;
    expect(await notifier.tick()).toBe(0);
    expect((await timeline(id)).filter((e) => e.action === 'notificationSent')).toHaveLength(2);
  });

  it('a cadence policy created after the incident starts its rhythm at the next sweep', async () => {
    await alert('high', 'bob@riposte.test', '1');
    await policy({ name: 'Hourly', recipients: { emails: ['exec@riposte.test'] }, cadence: { everyMinutes: 60 }, template: { subject: 'Update', body: 'b' } });
    expect(await notifier.tick()).toBe(0);
    now += HOUR;
    expect(await notifier.tick()).toBe(1);
  });

  it('notices an SLA breach once', async () => {
    await policy({ name: 'SLA', recipients: { emails: ['duty@riposte.test'] }, triggers: [{ on: 'slaBreached' }], template: { subject: 'SLA breached', body: "@{triggerBody()?['event']?['after']}" } });
    await alert('high', 'bob@riposte.test', '1');
    now += HOUR; // High must be acknowledged within 30 minutes
    expect(await notifier.tick()).toBe(1);
    expect(await notifier.tick()).toBe(0);
    const [mail] = await smtp.waitForMessages(1);
    expect(mail!.text).toContain('acknowledge');
  });

  it('escalation: phase Escalated, triage owner, a task with the reason, and the legal role holder and policy recipients are told', async () => {
    await policy({
      name: 'Escalations',
      recipients: { emails: ['ciso@riposte.test'], roles: ['legal'] },
      triggers: [{ on: 'phaseChanged', phases: ['Escalated'] }, { on: 'resolved' }],
      template: { subject: "Incident @{triggerBody()?['incident']?['number']}: @{triggerBody()?['event']?['kind']} → @{triggerBody()?['incident']?['phase']}", body: 'See the console.' },
    });
    const id = await alert('medium', 'bob@riposte.test', '1');
    const roles = await t.app.inject({ method: 'PUT', url: `/api/incidents/${id}/roles`, headers: t.as('triage'), payload: { lead: 'ann@riposte.test', legal: 'legal@riposte.test' } });
    expect(roles.statusCode).toBe(200);
    expect(roles.json().roles).toEqual({ lead: 'ann@riposte.test', technical: null, legal: 'legal@riposte.test', communications: null });
    expect((await t.app.inject({ method: 'PUT', url: `/api/incidents/${id}/roles`, headers: t.as('reader'), payload: { lead: 'x' } })).statusCode).toBe(403);

    const res = await t.app.inject({ method: 'POST', url: `/api/incidents/${id}/escalate`, headers: t.as('responder'), payload: { reason: 'Attacker may hold domain admin; need IR retainer' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().incident).toMatchObject({ phase: 'Escalated', status: 'Active', owner: { assignedTo: 'SOC Tier 2', ownerType: 'Group' } });
    expect(res.json().task).toMatchObject({ description: 'Attacker may hold domain admin; need IR retainer', owner: 'SOC Tier 2', status: 'New' });
    await settle();
    const [mail] = await smtp.waitForMessages(1);
    expect(mail!.subject).toMatch(/phaseChanged → Escalated$/);
    expect(smtp.envelopes[0]!.to.sort()).toEqual(['ciso@riposte.test', 'legal@riposte.test']);

    const missing = await t.app.inject({ method: 'POST', url: `/api/incidents/${id}/resolve`, headers: t.as('triage'), payload: { classificationComment: 'contained' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.field).toBe('/classification');
    expect((await t.app.inject({ method: 'POST', url: `/api/incidents/${id}/escalate`, headers: t.as('triage'), payload: {} })).json().error.field).toBe('/reason');

    const resolved = await t.app.inject({ method: 'POST', url: `/api/incidents/${id}/resolve`, headers: t.as('triage'), payload: { classification: 'TruePositive', classificationReason: 'SuspiciousActivity' } });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ status: 'Closed', phase: 'Resolved', classification: 'TruePositive' });
    await settle();
    await smtp.waitForMessages(2);
    expect(smtp.messages[1]!.subject).toMatch(/resolved → Resolved$/);
    // A resolved incident cannot be escalated.
    expect((await t.app.inject({ method: 'POST', url: `/api/incidents/${id}/escalate`, headers: t.as('triage'), payload: { reason: 'again' } })).statusCode).toBe(400);
  });

  it('refuses a policy whose template does not parse, naming the field', async () => {
    const res = await policy({ name: 'bad', recipients: { emails: ['a@riposte.test'] }, triggers: [{ on: 'resolved' }], template: { subject: "@{triggerBody()?['incident'", body: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('/template/subject');
    const none = await policy({ name: 'nobody', recipients: {}, triggers: [{ on: 'resolved' }], template: { subject: 's', body: 'b' } });
    expect(none.json().error.field).toBe('/recipients/emails');
  });
});
