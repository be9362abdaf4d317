import type { Clock } from '../common/timestamp.ts';
import { systemClock } from '../common/timestamp.ts';
import { uuidV7 } from '@riposte/engine';
import { SecurityEventBus } from '../events/event-bus.ts';
import type { CorrelationConfig } from '../incidents/correlation.ts';
import { IncidentDeletionGuards } from '../incidents/deletion-guards.ts';
import { defaultCorrelationConfig } from '../incidents/correlation.ts';
import type { SlaPolicy } from '../incidents/sla.ts';
import { defaultSlaPolicy } from '../incidents/sla.ts';
import { MetricsRegistry } from '../metrics/metrics-registry.ts';
import type { SecurityStore } from '../store/security-store.ts';

/** What the security operations need to run: storage, the event bus, time, ids and policies. */
export interface SecurityContext {
  store: SecurityStore;
  events: SecurityEventBus;
  clock: Clock;
  newId: () => string;
  correlation: CorrelationConfig;
  sla: SlaPolicy;
  metrics: MetricsRegistry;
  /** What modules refuse incident deletion for (the change ledger, open decisions). */
  incidentDeletionGuards: IncidentDeletionGuards;
}

/** Fills in defaults for everything but the store. */
export function securityContext(options: Partial<SecurityContext> & { store: SecurityStore }): SecurityContext {
  return {
    store: options.store,
    events: options.events ?? new SecurityEventBus(),
    clock: options.clock ?? systemClock,
    newId: options.newId ?? uuidV7,
    correlation: options.correlation ?? defaultCorrelationConfig,
    sla: options.sla ?? defaultSlaPolicy,
    metrics: options.metrics ?? new MetricsRegistry(),
    incidentDeletionGuards: options.incidentDeletionGuards ?? new IncidentDeletionGuards(),
  };
}
