import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../app/test-app.ts';
import { automationTestApp } from '../automation/e2e.test-support.ts';
import { RecurrenceScheduler } from './recurrence-scheduler.ts';

const everyMinute = {
  triggers: { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Minute', interval: 1, startTime: '2026-01-01T00:00:00Z' } } },
  actions: { Tick: { type: 'Compose', runAfter: {}, inputs: "@trigger()?['outputs']?['scheduledTime']" } },
};

describe('Recurrence triggers', () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('fires each due tick once, across restarts and a crash between starting the run and storing the next time', async () => {
    t = await automationTestApp();
    const playbooks = t.app.riposteAutomation.playbooks;
    t.app.riposteAutomation.scheduler.stop();
    const { id } = (await t.app.inject({ method: 'POST', url: '/api/playbooks', headers: t.as('automation-author'), payload: { name: 'tick', definition: everyMinute } })).json();
    expect(playbooks.store.get(id)!.triggerKind).toBe('recurrence');
    let now = new Date('2026-01-01T00:00:30Z');
    const scheduler = () => new RecurrenceScheduler(playbooks, () => now);
    const runs = async () => {
      await playbooks.runtime.flush();
      return playbooks.listRuns(id, 100, 0);
    };

    const first = scheduler();
    await first.schedule(id);
    expect(playbooks.store.nextFireTime(id)).toBe('2026-01-01T00:01:00.000Z');
    expect(await runs()).toHaveLength(0);

    now = new Date('2026-01-01T00:01:10Z');
    await first.schedule(id);
    first.stop();
    expect((await runs()).map((r) => r.startedBy)).toEqual(['recurrence']);
    expect(playbooks.store.nextFireTime(id)).toBe('2026-01-01T00:02:00.000Z');

    // A restart at the same instant starts nothing.
    const second = scheduler();
    await second.schedule(id);
    second.stop();
    expect(await runs()).toHaveLength(1);

    // A crash after the run started but before the next time was stored: the same tick is not doubled.
    playbooks.store.setNextFireTime(id, '2026-01-01T00:01:00.000Z');
    const third = scheduler();
    await third.schedule(id);
    third.stop();
    expect(await runs()).toHaveLength(1);
    expect(playbooks.store.nextFireTime(id)).toBe('2026-01-01T00:02:00.000Z');

    // Down for several ticks: one catch-up run, then the schedule continues from now.
    now = new Date('2026-01-01T00:05:30Z');
    const fourth = scheduler();
    await fourth.schedule(id);
    fourth.stop();
    expect(await runs()).toHaveLength(2);
    expect(playbooks.store.nextFireTime(id)).toBe('2026-01-01T00:06:00.000Z');

    await playbooks.runtime.flush();
    const run = (await t.app.inject({ method: 'GET', url: `/api/runs/${(await runs())[0]!.runId}`, headers: t.as('reader') })).json();
    expect(run.status === 'Succeeded' || run.status === 'Running').toBe(true);

    // Disabled: no schedule kept.
    await playbooks.setEnabled(id, false, 'test');
    const fifth = scheduler();
    await fifth.schedule(id);
    fifth.stop();
    expect(playbooks.store.nextFireTime(id)).toBeUndefined();
  });
});
