import { describe, expect, it } from 'vitest';
import type { SecurityEvent } from './security-events.ts';
import { SecurityEventBus } from './event-bus.ts';

const assessmentEvent = { type: 'assessment.created', actor: 'x', assessment: { id: 'a' } } as unknown as SecurityEvent;
const alertEvent = { type: 'alert.created', actor: 'x', alert: { id: 'b' } } as unknown as SecurityEvent;

describe('SecurityEventBus', () => {
  it('delivers events in order to subscribers of their type and to "*"', () => {
    const bus = new SecurityEventBus();
    const seen: string[] = [];
    bus.on('alert.created', (e) => void seen.push(`alert:${e.alert.id}`));
    bus.on('*', (e) => void seen.push(`any:${e.type}`));
    bus.emit([alertEvent, assessmentEvent]);
    expect(seen).toEqual(['alert:b', 'any:alert.created', 'any:assessment.created']);
  });

  it('stops delivering after unsubscribe', () => {
    const bus = new SecurityEventBus();
    let count = 0;
    const off = bus.on('alert.created', () => void count++);
    bus.emit(alertEvent);
    off();
    bus.emit(alertEvent);
    expect(count).toBe(1);
  });

  it('keeps a failing handler from reaching the publisher or other handlers', async () => {
    const errors: unknown[] = [];
    const bus = new SecurityEventBus((err) => errors.push(err));
    let reached = 0;
    bus.on('alert.created', () => {
      throw new Error('sync');
    });
    bus.on('alert.created', async () => {
      throw new Error('async');
    });
    bus.on('alert.created', () => void reached++);
    expect(() => bus.emit(alertEvent)).not.toThrow();
    await bus.idle();
    expect(reached).toBe(1);
    expect(errors.map((e) => (e as Error).message).sort()).toEqual(['async', 'sync']);
  });

  it('idle() waits for async handlers, including work they start', async () => {
    const bus = new SecurityEventBus();
    const done: string[] = [];
    bus.on('alert.created', async () => {
      await new Promise((r) => setImmediate(r));
      bus.emit(assessmentEvent);
      done.push('alert');
    });
    bus.on('assessment.created', async () => {
      await new Promise((r) => setImmediate(r));
      done.push('assessment');
    });
    bus.emit(alertEvent);
    await bus.idle();
    expect(done).toEqual(['alert', 'assessment']);
  });
});
