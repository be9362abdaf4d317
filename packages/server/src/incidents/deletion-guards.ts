import type { SecurityReads } from '../store/security-store.ts';
import type { Incident } from './incident-schema.ts';

/**
 * A module's reason not to delete an incident (e.g. the change ledger: containment changes not yet
 * restored). Asked inside the delete's transaction, so what it reads cannot change before the
 * delete commits; it must not do outside I/O (see SecurityStore.transaction).
 */
export interface IncidentDeletionGuard {
  /** Who refuses, for messages and tests, e.g. "change ledger". */
  name: string;
  /** Why the incident must not be deleted, or undefined when it may be. */
  refusal(incident: Incident, reads: SecurityReads): string | undefined | Promise<string | undefined>;
}

/**
 * The guards modules add to the app services (`services.incidentDeletionGuards.add(...)`), so that
 * the incidents module asks them without knowing the modules.
 */
export class IncidentDeletionGuards {
  private readonly guards: IncidentDeletionGuard[] = [];

  /** Adds a guard; returns the function that removes it. */
  add(guard: IncidentDeletionGuard): () => void {
    this.guards.push(guard);
    return () => {
      const i = this.guards.indexOf(guard);
      if (i >= 0) this.guards.splice(i, 1);
    };
  }

  /** Every guard's refusal of deleting `incident` (empty: it may be deleted). */
  async refusals(incident: Incident, reads: SecurityReads): Promise<string[]> {
    const out: string[] = [];
    for (const guard of this.guards) {
      const why = await guard.refusal(incident, reads);
      if (why) out.push(why);
    }
    return out;
  }
}
