import type { SecurityEvent, SecurityEventOf, SecurityEventType } from './security-events.ts';

type Handler<E> = (event: E) => void | Promise<void>;

/**
 * In-process, typed publish/subscribe for committed changes. Publishers emit only after their
 * transaction commits. Handlers run in subscription order; a failing handler is reported through
 * `onError` and never reaches the publisher or the other handlers.
 */
export class SecurityEventBus {
  private readonly handlers = new Map<SecurityEventType | '*', Handler<any>[]>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly onError: (error: unknown, event: SecurityEvent) => void = () => {}) {}

  /** Subscribes to one event type (or '*' for all); returns the unsubscribe function. */
  on<T extends SecurityEventType>(type: T, handler: Handler<SecurityEventOf<T>>): () => void;
  on(type: '*', handler: Handler<SecurityEvent>): () => void;
  on(type: SecurityEventType | '*', handler: Handler<any>): () => void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler);
    this.handlers.set(type, list);
    return () => {
      const current = this.handlers.get(type) ?? [];
      this.handlers.set(type, current.filter((h) => h !== handler));
    };
  }

  /** Delivers events in order to their subscribers. Does not wait for async handlers. */
  emit(events: SecurityEvent | readonly SecurityEvent[]): void {
    for (const event of Array.isArray(events) ? events : [events as SecurityEvent]) {
      const handlers = [...(this.handlers.get(event.type) ?? []), ...(this.handlers.get('*') ?? [])];
      for (const handler of handlers) {
        try {
          const result = handler(event);
          if (result && typeof (result as Promise<void>).then === 'function') this.track(result as Promise<void>, event);
        } catch (err) {
          this.onError(err, event);
        }
      }
    }
  }

  /** Resolves once every handler started so far (and any they started) has settled. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private track(p: Promise<void>, event: SecurityEvent): void {
    const tracked = p.then(
      () => undefined,
      (err) => this.onError(err, event),
    );
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }
}
