/**
 * Recovery plans and their steps on SQLite (tables from ledger/ledger-tables.ts). Each step's
 * status is written before and after its restore, so a restarted process knows exactly which step
 * was in flight and continues from there.
 */
import type Database from 'better-sqlite3';
import type { SecurityStore } from '../store/security-store.ts';
import { ledgerDatabaseOf, migrateLedgerTables } from '../ledger/ledger-tables.ts';
import type { PlanStatus, RecoveryPlan, RecoveryStep } from './recovery-plan.ts';

/** Stored recovery plans and steps. */
export class RecoveryStore {
  readonly db: Database.Database;

  constructor(private readonly store: SecurityStore) {
    this.db = ledgerDatabaseOf(store);
    migrateLedgerTables(this.db);
  }

  /** Stores a new plan and its steps in one transaction. */
  async insert(plan: RecoveryPlan): Promise<void> {
    await this.store.transaction(async () => {
      const { steps, ...doc } = plan;
      this.db.prepare('INSERT INTO recovery_plans (id, incident_id, status, created_at, doc) VALUES (?, ?, ?, ?, ?)').run(plan.id, plan.incidentId, plan.status, plan.createdAt, JSON.stringify(doc));
      const put = this.db.prepare('INSERT INTO recovery_steps (plan_id, position, status, doc) VALUES (?, ?, ?, ?)');
      for (const s of steps) put.run(plan.id, s.position, s.status, JSON.stringify(s));
    });
  }

  /** Writes the plan's own fields (not its steps). */
  async updatePlan(plan: RecoveryPlan): Promise<void> {
    await this.store.transaction(async () => {
      const { steps: _steps, ...doc } = plan;
      this.db.prepare('UPDATE recovery_plans SET status = ?, doc = ? WHERE id = ?').run(plan.status, JSON.stringify(doc), plan.id);
    });
  }

  /** Writes one step's status and results. */
  async updateStep(planId: string, step: RecoveryStep): Promise<void> {
    await this.store.transaction(async () => {
      this.db.prepare('UPDATE recovery_steps SET status = ?, doc = ? WHERE plan_id = ? AND position = ?').run(step.status, JSON.stringify(step), planId, step.position);
    });
  }

  /** A plan with its steps in order. */
  get(id: string): RecoveryPlan | undefined {
    const row = this.db.prepare('SELECT doc FROM recovery_plans WHERE id = ?').get(id) as { doc: string } | undefined;
    if (!row) return undefined;
    const steps = (this.db.prepare('SELECT doc FROM recovery_steps WHERE plan_id = ? ORDER BY position').all(id) as { doc: string }[]).map((r) => JSON.parse(r.doc) as RecoveryStep);
    return { ...(JSON.parse(row.doc) as Omit<RecoveryPlan, 'steps'>), steps };
  }

  /** An incident's plans, oldest first. */
  listForIncident(incidentId: string): RecoveryPlan[] {
    const ids = this.db.prepare('SELECT id FROM recovery_plans WHERE incident_id = ? ORDER BY created_at, rowid').all(incidentId) as { id: string }[];
    return ids.map((r) => this.get(r.id)!);
  }

  /** Ids of plans in a status (e.g. "running" after a restart). */
  idsWithStatus(status: PlanStatus): string[] {
    return (this.db.prepare('SELECT id FROM recovery_plans WHERE status = ? ORDER BY created_at, rowid').all(status) as { id: string }[]).map((r) => r.id);
  }
}
