import type { SealedValue } from '../playbooks/parameter-seal.ts';

/**
 * One change a connector makes to an outside resource during an incident, written before the
 * change is made: what was there before, what was asked for, who asked, and how it ended.
 */

export type LedgerStatus = 'pending' | 'applied' | 'failed';

/** Who made the change: a playbook run (and which action of it), or a person through the API. */
export type LedgerActor =
  | { kind: 'run'; runId: string; actionPath: string; workflowName?: string }
  | { kind: 'user'; actor: string };

/** What recovery needs to address the operation again (connection settings are never stored). */
export interface LedgerRequest {
  connection: { name: string; api: string; connectionId?: string };
  method: string;
  path: string;
  pathParams: Record<string, string>;
  queries: Record<string, unknown>;
  /** The request body with credential values and secret-looking fields masked. */
  body: unknown;
}

export interface LedgerEntry {
  id: string;
  /** Riposte incident id; null when the change was made outside any incident. */
  incidentId: string | null;
  /** The engine's key of the action execution: a retried call finds its entry by it. */
  idempotencyKey: string;
  resource: { kind: string; id: string };
  api: string;
  operationId: string;
  /** Queries and body show the redaction marker when the action secured its inputs. */
  request: LedgerRequest;
  /**
   * When the action secured its inputs: its queries and body sealed with the installation's key
   * (ledger/sealed-request.ts), for recovery only. Never shown (see `shownEntry`).
   */
  sealedRequest?: SealedValue;
  beforeState: unknown;
  /** What the request asked for (the body as sent, masked), for people reading the ledger. */
  intendedAfter: unknown;
  actor: LedgerActor;
  changeRequestId: string | null;
  status: LedgerStatus;
  createdAt: string;
  appliedAt: string | null;
  /** The resource read back after a successful call. */
  afterState: unknown;
  error: { code: string; message: string } | null;
  /** How many calls were made under this key (more than one after a retry or a replay). */
  attempts: number;
}
