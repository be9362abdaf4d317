/**
 * The change ledger on SQLite: entries keyed by the engine's idempotency key, so a call the engine
 * retries (after a failure or a crash) finds its own entry and keeps the before-state it recorded
 * first instead of reading back its own change.
 */
import type Database from 'better-sqlite3';
import { formatTimestamp, type Clock } from '../common/timestamp.ts';
import type { SecurityStore } from '../store/security-store.ts';
import type { LedgerActor, LedgerEntry, LedgerRequest } from './ledger-entry.ts';
import type { SecretKeyRing } from '../connectors/secrets/secret-key.ts';
import { ledgerDatabaseOf, migrateLedgerTables } from './ledger-tables.ts';
import { ledgerKeyRing, LedgerRequestSeal, type SecuredRequestParts } from './sealed-request.ts';

export interface LedgerBegin {
  incidentId: string | null;
  idempotencyKey: string;
  resource: { kind: string; id: string };
  api: string;
  operationId: string;
  request: LedgerRequest;
  /** The queries and body of an action with secured inputs: sealed on the entry, for recovery only. */
  securedRequest?: SecuredRequestParts;
  intendedAfter: unknown;
  actor: LedgerActor;
  changeRequestId: string | null;
  /** Read only when no entry exists for the key yet. */
  readBefore: () => Promise<unknown>;
}

/** The change ledger of every incident, on the security store's SQLite database. */
export class ChangeLedger {
  readonly db: Database.Database;
  readonly #seal: LedgerRequestSeal;

  /** `keys`: the ring secured requests are sealed with; by default the installation's (beside the database file, or RIPOSTE_SECRET_KEY). */
  constructor(
    private readonly store: SecurityStore,
    private readonly clock: Clock,
    private readonly newId: () => string,
    keys?: SecretKeyRing,
  ) {
    this.db = ledgerDatabaseOf(store);
    migrateLedgerTables(this.db);
    this.#seal = new LedgerRequestSeal(keys ?? ledgerKeyRing(this.db));
  }

  /**
   * The request recovery sends again: with the secured queries and body opened. Throws
   * SealedRequestError (naming the entry and key id) when the key it was sealed with is not loaded.
   */
  openRequest(entry: LedgerEntry): LedgerRequest {
    return this.#seal.open(entry);
  }

  private now(): string {
    return formatTimestamp(this.clock());
  }

  /**
   * Records a change about to be made (pending), or — when the key has an entry already — marks
   * that entry pending again for another attempt, keeping its first before-state.
   */
  async begin(input: LedgerBegin): Promise<LedgerEntry> {
    const existing = this.byKey(input.idempotencyKey);
    if (existing) return this.write({ ...existing, status: 'pending', error: null, attempts: existing.attempts + 1 });
    const beforeState = await input.readBefore();
    // Another call under the same key may have raced us while we were reading.
    const raced = this.byKey(input.idempotencyKey);
    if (raced) return this.write({ ...raced, status: 'pending', error: null, attempts: raced.attempts + 1 });
    const id = this.newId();
    const entry: LedgerEntry = {
      id,
      incidentId: input.incidentId,
      idempotencyKey: input.idempotencyKey,
      resource: input.resource,
      api: input.api,
      operationId: input.operationId,
      request: input.request,
      ...(input.securedRequest ? { sealedRequest: this.#seal.seal(id, input.securedRequest) } : {}),
      beforeState: beforeState ?? null,
      intendedAfter: input.intendedAfter ?? null,
      actor: input.actor,
      changeRequestId: input.changeRequestId,
      status: 'pending',
      createdAt: this.now(),
      appliedAt: null,
      afterState: null,
      error: null,
      attempts: 1,
    };
    return this.write(entry, true);
  }

  /** The call succeeded; afterState is the resource read back. */
  markApplied(entry: LedgerEntry, afterState: unknown): Promise<LedgerEntry> {
    return this.write({ ...entry, status: 'applied', appliedAt: this.now(), afterState: afterState ?? null, error: null });
  }

  /** The call failed (non-2xx or thrown); the before-state stays for a retry under the same key. */
  markFailed(entry: LedgerEntry, error: { code: string; message: string }): Promise<LedgerEntry> {
    return this.write({ ...entry, status: 'failed', error });
  }

  /** One entry by id. */
  get(id: string): LedgerEntry | undefined {
    return parse(this.db.prepare('SELECT doc FROM change_ledger WHERE id = ?').get(id));
  }

  /** The entry of one action execution (run id + action path + loop indexes). */
  byKey(idempotencyKey: string): LedgerEntry | undefined {
    return parse(this.db.prepare('SELECT doc FROM change_ledger WHERE idempotency_key = ?').get(idempotencyKey));
  }

  /** The incident's entries in the order the changes were first recorded. */
  listForIncident(incidentId: string): LedgerEntry[] {
    const rows = this.db.prepare('SELECT doc FROM change_ledger WHERE incident_id = ? ORDER BY seq').all(incidentId) as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc) as LedgerEntry);
  }

  /** Links a run to the incident it works on (runs started for an incident by rules or people). */
  async linkRun(runId: string, incidentId: string): Promise<void> {
    await this.store.transaction(async () => {
      this.db.prepare('INSERT INTO ledger_run_incidents (run_id, incident_id) VALUES (?, ?) ON CONFLICT (run_id) DO UPDATE SET incident_id = excluded.incident_id').run(runId, incidentId);
    });
  }

  /** The incident a run was linked to, if any. */
  linkedIncident(runId: string): string | undefined {
    return (this.db.prepare('SELECT incident_id FROM ledger_run_incidents WHERE run_id = ?').get(runId) as { incident_id: string } | undefined)?.incident_id;
  }

  // Writes go through the store's transaction queue so they never land inside (and roll back with)
  // another flow's open transaction on the shared connection.
  private async write(entry: LedgerEntry, insert = false): Promise<LedgerEntry> {
    await this.store.transaction(async () => {
      if (insert) {
        const seq = (this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM change_ledger').get() as { n: number }).n;
        this.db
          .prepare('INSERT INTO change_ledger (id, seq, incident_id, idempotency_key, resource_kind, resource_id, status, created_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(entry.id, seq, entry.incidentId, entry.idempotencyKey, entry.resource.kind, entry.resource.id, entry.status, entry.createdAt, JSON.stringify(entry));
      } else {
        this.db.prepare('UPDATE change_ledger SET status = ?, doc = ? WHERE id = ?').run(entry.status, JSON.stringify(entry), entry.id);
      }
    });
    return entry;
  }
}

function parse(row: unknown): LedgerEntry | undefined {
  return row ? (JSON.parse((row as { doc: string }).doc) as LedgerEntry) : undefined;
}
