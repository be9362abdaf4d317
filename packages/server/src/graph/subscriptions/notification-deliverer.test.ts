import type { HttpClient, OutboundRequest } from '@riposte/engine';
import { describe, expect, it } from 'vitest';
import { NotificationDeliverer, realSleep, retryDelay, defaultDeliveryPolicy, streamOf } from './notification-deliverer.ts';
import { SubscriptionStore } from './subscription-store.ts';

describe('NotificationDeliverer loop', () => {
  it('keeps the back-off between attempts through the injected sleep, then delivers, without real waiting', async () => {
    const store = SubscriptionStore.open(':memory:');
    let now = Date.parse('2026-03-01T00:00:00Z');
    const statuses = [500, 500, 202];
    const sent: OutboundRequest[] = [];
    const sentAt: number[] = [];
    const http: HttpClient = { send: async (req) => (sent.push(req), sentAt.push(now), { statusCode: statuses.shift() ?? 202, headers: {}, body: '' }) };
    const waits: number[] = [];
    let delivered!: () => void;
    const done = new Promise<void>((resolve) => (delivered = resolve));
    const deliverer = new NotificationDeliverer({
      store,
      http,
      clock: () => new Date(now),
      tenantId: 't',
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
        if (store.pendingCount() === 0) delivered();
        await new Promise((r) => setImmediate(r));
      },
    });
    const at = new Date(now).toISOString();
    store.enqueue([{ stream: streamOf('s1', 'change'), subscriptionId: 's1', targetUrl: 'http://127.0.0.1:9/hook', kind: 'change', payload: { n: 1 }, enqueuedAt: at, nextAttemptAt: at }]);
    deliverer.start();
    await done;
    await deliverer.stop();
    expect(sent).toHaveLength(3);
    expect(JSON.parse(String(sent[2]!.body))).toEqual({ value: [{ n: 1 }] });
    // The loop polls every second (pollMs) but posts again only when the back-off has passed.
    expect([sentAt[1]! - sentAt[0]!, sentAt[2]! - sentAt[1]!]).toEqual([10_000, 20_000]);
    expect(Math.max(...waits)).toBeLessThanOrEqual(defaultDeliveryPolicy.pollMs);
    store.close();
  });

  it('doubles the delay per failure up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(defaultDeliveryPolicy, n))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(retryDelay(defaultDeliveryPolicy, 30)).toBe(30 * 60_000);
  });
});

describe('realSleep', () => {
  it('leaves no listener on the long-lived wake signal when its timer ends the sleep', async () => {
    const wake = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      // More sleeps than EventTarget's default listener limit (10): a leak would warn.
      for (let i = 0; i < 15; i++) await realSleep(1, wake.signal);
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
      // And the signal still wakes a sleeper at once.
      const t0 = Date.now();
      const sleeping = realSleep(60_000, wake.signal);
      wake.abort();
      await sleeping;
      expect(Date.now() - t0).toBeLessThan(1_000);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
