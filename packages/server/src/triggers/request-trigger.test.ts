import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../app/test-app.ts';
import { MemoryRunStore } from '@riposte/engine';
import { automationTestApp } from '../automation/e2e.test-support.ts';

/** Request → If → Compose → Response, as the webhook benchmark describes it. */
const echo = {
  triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: { type: 'object' } } } },
  actions: {
    Check: {
      type: 'If',
      runAfter: {},
      expression: { and: [{ greater: ["@triggerBody()?['severity']", 2] }] },
      actions: { Escalate: { type: 'Compose', runAfter: {}, inputs: { escalate: true, id: "@triggerBody()?['id']" } } },
      else: { actions: { Keep: { type: 'Compose', runAfter: {}, inputs: { escalate: false, id: "@triggerBody()?['id']" } } } },
    },
    Answer: {
      type: 'Response',
      kind: 'Http',
      runAfter: { Check: ['Succeeded'] },
      inputs: { statusCode: 201, headers: { 'x-verdict': "@{if(greater(triggerBody()?['severity'], 2), 'escalate', 'keep')}" }, body: "@coalesce(outputs('Escalate'), outputs('Keep'))" },
    },
  },
};

describe('Request trigger (signed URL, answered through Response)', () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  async function createEcho() {
    const res = await t.app.inject({ method: 'POST', url: '/api/playbooks', headers: t.as('automation-author'), payload: { name: 'echo', definition: echo } });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; callbackUrl: string };
  }

  it('answers the HTTP call with the run’s Response; the run is journaled', async () => {
    t = await automationTestApp();
    const pb = await createEcho();
    const url = new URL(pb.callbackUrl);
    expect(url.pathname).toBe(`/api/triggers/${pb.id}/invoke`);
    const res = await t.app.inject({ method: 'POST', url: url.pathname + url.search, payload: { id: 'a1', severity: 3 } });
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-verdict']).toBe('escalate');
    expect(res.json()).toEqual({ escalate: true, id: 'a1' });
    const runId = res.headers['x-ms-workflow-run-id'] as string;
    await t.app.riposteAutomation.playbooks.runtime.flush();
    const run = (await t.app.inject({ method: 'GET', url: `/api/runs/${runId}`, headers: t.as('reader') })).json();
    expect(run.playbookId).toBe(pb.id);
    expect(run.trigger.outputs.body).toEqual({ id: 'a1', severity: 3 });
  });

  it('answers only once the journal has the run, its answer and its end (one commit for a run of pure steps)', async () => {
    const journal = new MemoryRunStore();
    let commits = 0;
    const commit = journal.commit.bind(journal);
    journal.commit = (changes) => (commits++, commit(changes));
    t = await automationTestApp({ runStore: journal });
    const pb = await createEcho();
    const url = new URL(pb.callbackUrl);
    const before = commits;
    const res = await t.app.inject({ method: 'POST', url: url.pathname + url.search, payload: { id: 'a2', severity: 1 } });
    expect(res.statusCode).toBe(201);
    // Read straight from the store, without flushing: what the caller was told is already durable.
    const run = await journal.getRun(res.headers['x-ms-workflow-run-id'] as string);
    expect(run).toMatchObject({ status: 'Succeeded', response: { statusCode: 201, body: { escalate: false, id: 'a2' } }, origin: { workflowId: pb.id, startedBy: 'request' } });
    expect(commits - before).toBe(1);
  });

  it('refuses a missing, wrong or foreign signature alike, and starts nothing', async () => {
    t = await automationTestApp();
    const pb = await createEcho();
    const sig = new URL(pb.callbackUrl).searchParams.get('sig')!;
    const tampered = sig.slice(0, -1) + (sig.endsWith('A') ? 'B' : 'A');
    for (const url of [`/api/triggers/${pb.id}/invoke`, `/api/triggers/${pb.id}/invoke?sig=${tampered}`, `/api/triggers/other/invoke?sig=${sig}`]) {
      const res = await t.app.inject({ method: 'POST', url, payload: { id: 'x', severity: 1 } });
      expect(res.statusCode).toBe(401);
    }
    const runs = (await t.app.inject({ method: 'GET', url: `/api/playbooks/${pb.id}/runs`, headers: t.as('reader') })).json();
    expect(runs.value).toEqual([]);
  });

  it('a disabled playbook is not callable; a playbook without Response answers 202 at once', async () => {
    t = await automationTestApp();
    const pb = await createEcho();
    await t.app.inject({ method: 'POST', url: `/api/playbooks/${pb.id}/disable`, headers: t.as('automation-author') });
    const url = new URL(pb.callbackUrl);
    expect((await t.app.inject({ method: 'POST', url: url.pathname + url.search, payload: {} })).statusCode).toBe(404);

    const quiet = await t.app.inject({
      method: 'POST',
      url: '/api/playbooks',
      headers: t.as('automation-author'),
      payload: { name: 'quiet', definition: { triggers: { manual: { type: 'Request', kind: 'Http' } }, actions: { Note: { type: 'Compose', inputs: 'ok', runAfter: {} } } } },
    });
    const qurl = new URL(quiet.json().callbackUrl);
    const res = await t.app.inject({ method: 'POST', url: qurl.pathname + qurl.search, payload: {} });
    expect(res.statusCode).toBe(202);
    expect(res.headers['x-ms-workflow-run-id']).toBeTruthy();
  });
});
