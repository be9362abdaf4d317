import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkflowRuntime } from '@riposte/engine';
import { approvalFixture, linksIn, pathOf, riposteApprovalAction, type ApprovalFixture } from './approval-fixture.test-support.ts';
import { corpusDir } from '../../../../test-support/corpus.ts';
import { pathToFileURL } from 'node:url';

const corpus = readFileSync(pathToFileURL(`${corpusDir}/sentinel-playbooks/Block-IPs-on-MDATP-Using-GraphSecurity__alert-trigger.json`), 'utf8');

/** The corpus playbook's own "Send approval email" action, with a literal recipient and body. */
function corpusApprovalAction(): Record<string, unknown> {
  let found: Record<string, any> | undefined;
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'Send_approval_email') found = v as Record<string, any>;
      else walk(v);
    }
  };
  walk(JSON.parse(corpus));
  const action = structuredClone(found!);
  action.inputs.body.Message.To = 'lead@riposte.test; backup@riposte.test';
  action.inputs.body.Message.Body = 'Please approve to block 203.0.113.7';
  action.runAfter = {};
  return action;
}

const connections = {
  $connections: {
    office365: { connectionId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Web/connections/office365', id: '/subscriptions/s/providers/Microsoft.Web/locations/x/managedApis/office365' },
    riposte: { connectionId: 'riposte', id: '/managedApis/riposte' },
  },
};

/** A playbook that asks, then reads the answer the way the corpus playbooks do. */
function askingPlaybook(ask: Record<string, unknown>) {
  return {
    parameters: { $connections: { type: 'Object', defaultValue: {} } },
    actions: {
      Send_approval_email: ask,
      Answer: { type: 'Compose', inputs: "@body('Send_approval_email')?['SelectedOption']", runAfter: { Send_approval_email: ['Succeeded'] } },
    },
  };
}

async function start(f: ApprovalFixture, ask: Record<string, unknown>) {
  return f.runtime.start({ definition: askingPlaybook(ask), parameters: connections } as unknown as Parameters<WorkflowRuntime['start']>[0]);
}

async function answerOf(f: ApprovalFixture, runId: string) {
  const history = await f.runtime.history(runId);
  return history.actions.find((a) => a.name === 'Answer')?.outputs;
}

describe('approvals', () => {
  let f: ApprovalFixture;
  beforeEach(async () => {
    f = await approvalFixture();
  });
  afterEach(async () => {
    await f.close();
  });

  it('the corpus "Send approval email" mails each recipient signed links and posts to chat; clicking Approve continues the run with SelectedOption', async () => {
    const handle = await start(f, corpusApprovalAction());
    const mails = await f.smtp.waitForMessages(2);
    expect(mails.map((m) => m.subject)).toEqual(['Approval Request', 'Approval Request']);
    const [post] = await f.chat.waitFor(1);
    expect(JSON.stringify(post!.body)).toContain('Please approve to block 203.0.113.7');
    expect(JSON.stringify(post!.body)).toContain('Action.OpenUrl');

    const lead = mails.find((m) => m.text?.includes('r=lead%40riposte.test'))!;
    const links = linksIn(lead.text!);
    expect(Object.keys(links)).toEqual(['Approve', 'Reject']);

    // Opening the link shows a confirmation page and answers nothing.
    const page = await f.t.app.inject({ method: 'GET', url: pathOf(links.Approve!) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post"');
    expect(f.approvals.store.list({ top: 10, skip: 0 })[0]!.status).toBe('Pending');

    const res = await f.t.app.inject({ method: 'POST', url: pathOf(links.Approve!), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'Answered', option: 'Approve' });

    const result = await handle.done;
    expect(result.status).toBe('Succeeded');
    expect(await answerOf(f, handle.runId)).toBe('Approve');
    const history = await f.runtime.history(handle.runId);
    expect(history.actions.find((a) => a.name === 'Send_approval_email')?.outputs).toMatchObject({
      body: { SelectedOption: 'Approve', UserEmailAddress: 'lead@riposte.test', AnsweredVia: 'link' },
    });
    const audit = await f.t.app.riposte.store.listAudit({ entityType: 'approval' });
    expect(audit.map((a) => a.actor)).toContain('link:lead@riposte.test');
  });

  it('shows HeaderText and SelectionText in the mail; a browser pressing the button reads pages (recorded, 409 already answered, 403 forged); the run reads the office365 answer fields', async () => {
    const ask = corpusApprovalAction() as { inputs: { body: { Message: Record<string, unknown> } } };
    Object.assign(ask.inputs.body.Message, { To: 'lead@riposte.test', HeaderText: 'Containment request', SelectionText: 'Block this address?', UseOnlyHTMLMessage: true, HideHTMLMessage: false, ShowHTMLConfirmationDialog: true });
    const handle = await start(f, ask);
    const [mail] = await f.smtp.waitForMessages(1);
    expect(mail!.html).toMatch(/<h2>Containment request<\/h2><p>Please approve to block 203\.0\.113\.7<\/p><p><strong>Block this address\?<\/strong><\/p><p><a href=/);
    expect(mail!.text).toMatch(/^Containment request\n\nPlease approve to block 203\.0\.113\.7\n\nBlock this address\?\nApprove: http/);
    const links = linksIn(mail!.text!);
    const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'content-type': 'application/x-www-form-urlencoded' };

    const tampered = new URL(links.Approve!);
    tampered.searchParams.set('sig', tampered.searchParams.get('sig')!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')));
    const forged = await f.t.app.inject({ method: 'POST', url: pathOf(tampered.href), headers: browser, payload: '' });
    expect(forged.statusCode).toBe(403);
    expect(forged.headers['content-type']).toMatch(/^text\/html/);
    expect(forged.body).toContain('signature does not match');
    expect(f.approvals.store.list({ top: 10, skip: 0 })[0]!.status).toBe('Pending');

    const pressed = await f.t.app.inject({ method: 'POST', url: pathOf(links.Approve!), headers: browser, payload: '' });
    expect(pressed.statusCode).toBe(200);
    expect(pressed.headers['content-type']).toMatch(/^text\/html/);
    expect(pressed.body).toContain('Your answer <strong>Approve</strong> was recorded');
    const again = await f.t.app.inject({ method: 'POST', url: pathOf(links.Reject!), headers: browser, payload: '' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('already answered (Approve via link');

    await handle.done;
    const history = await f.runtime.history(handle.runId);
    expect(history.actions.find((a) => a.name === 'Send_approval_email')?.outputs).toMatchObject({
      body: { SelectedOption: 'Approve', UserEmailAddress: 'lead@riposte.test', UserId: 'lead@riposte.test', UserTenantId: null },
    });
  });

  it('refuses a replayed link (409 already answered), the other option after an answer, an expired link (410) and a forged signature (403)', async () => {
    const handle = await start(f, riposteApprovalAction({ to: ['lead@riposte.test'], subject: 'Disable bob?', body: 'bob signed in from two continents', options: ['Approve', 'Reject'], timeout: 'PT1H' }));
    const [mail] = await f.smtp.waitForMessages(1);
    const links = linksIn(mail!.text!);

    const forged = new URL(links.Reject!);
    forged.searchParams.set('option', 'Approve'); // a Reject signature cannot approve
    expect((await f.t.app.inject({ method: 'POST', url: pathOf(forged.href) })).statusCode).toBe(403);
    const tampered = new URL(links.Approve!);
    tampered.searchParams.set('sig', tampered.searchParams.get('sig')!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')));
    const bad = await f.t.app.inject({ method: 'POST', url: pathOf(tampered.href) });
    expect(bad.statusCode).toBe(403);
    expect(bad.json().error.message).toMatch(/signature/);

    expect((await f.t.app.inject({ method: 'POST', url: pathOf(links.Reject!) })).statusCode).toBe(200);
    const replay = await f.t.app.inject({ method: 'POST', url: pathOf(links.Reject!) });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.message).toMatch(/already answered/);
    expect((await f.t.app.inject({ method: 'POST', url: pathOf(links.Approve!) })).statusCode).toBe(409);
    await handle.done;
    expect(await answerOf(f, handle.runId)).toBe('Reject');

    // A link of a second request, used after its hour has passed.
    const second = await start(f, riposteApprovalAction({ to: 'lead@riposte.test', subject: 'Block 203.0.113.7?', timeout: 'PT1H', defaultOption: 'Reject' }));
    const mails = await f.smtp.waitForMessages(2);
    const late = linksIn(mails[1]!.text!);
    f.advance(61 * 60 * 1000);
    const expired = await f.t.app.inject({ method: 'POST', url: pathOf(late.Approve!) });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.message).toMatch(/expired/);
    await f.approvals.fireDue();
    await second.done;
  });

  it('delivers the configured default outcome when nobody answers before the timeout', async () => {
    const handle = await start(f, riposteApprovalAction({ to: 'lead@riposte.test', subject: 'Isolate host web-01?', options: 'Isolate, Leave', timeout: 'P2D', defaultOption: 'Leave' }));
    await f.smtp.waitForMessages(1);
    f.advance(24 * 60 * 60 * 1000);
    expect(await f.approvals.fireDue()).toBe(0);
    f.advance(24 * 60 * 60 * 1000);
    expect(await f.approvals.fireDue()).toBe(1);
    const result = await handle.done;
    expect(result.status).toBe('Succeeded');
    expect(await answerOf(f, handle.runId)).toBe('Leave');
    const history = await f.runtime.history(handle.runId);
    expect(history.actions.find((a) => a.name === 'Send_approval_email')?.outputs).toMatchObject({ body: { TimedOut: true, AnsweredVia: 'timeout' } });
  });

  it('answers through the API only with approvals.answer; the first answer wins', async () => {
    const handle = await start(f, corpusApprovalAction());
    await f.smtp.waitForMessages(2);
    const [approval] = f.approvals.store.list({ top: 1, skip: 0 });
    const url = `/api/approvals/${approval!.id}/answer`;
    expect((await f.t.app.inject({ method: 'POST', url, headers: f.t.as('reader'), payload: { option: 'Approve' } })).statusCode).toBe(403);
    expect((await f.t.app.inject({ method: 'POST', url, headers: f.t.as('triage'), payload: { option: 'Maybe' } })).json()).toMatchObject({
      error: { code: 'BadRequest', field: '/body/option' },
    });
    const ok = await f.t.app.inject({ method: 'POST', url, headers: f.t.as('triage'), payload: { option: 'reject' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().answer).toMatchObject({ option: 'Reject', via: 'api' });
    expect((await f.t.app.inject({ method: 'POST', url, headers: f.t.as('admin'), payload: { option: 'Approve' } })).statusCode).toBe(409);
    await handle.done;
    expect(await answerOf(f, handle.runId)).toBe('Reject');
    const listed = await f.t.app.inject({ method: 'GET', url: '/api/approvals', headers: f.t.as('reader') });
    expect(listed.json().value[0]).toMatchObject({ status: 'Answered', answer: { by: expect.stringContaining('triage') } });
    expect(JSON.stringify(listed.json())).not.toContain('callbacks');
  });
});
