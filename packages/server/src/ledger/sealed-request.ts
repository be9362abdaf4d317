/**
 * The secured part of a ledger entry's request (queries and body of an action whose inputs are
 * secureData), kept sealed with the installation's key ring beside the redaction marker people see.
 * Sealing reuses the playbook parameters' AES-256-GCM seal; the associated data names the entry, so
 * a sealed request copied onto another entry does not open. Only recovery opens it, to address the
 * resource again when it reads and restores it.
 */
import type Database from 'better-sqlite3';
import { keyRingBeside, ParameterSeal, SealedParameterError, type SealedValue } from '../playbooks/parameter-seal.ts';
import type { SecretKeyRing } from '../connectors/secrets/secret-key.ts';
import type { LedgerEntry, LedgerRequest } from './ledger-entry.ts';

/** What of a request is sealed: what the marker stands for. */
export interface SecuredRequestParts {
  queries: Record<string, unknown>;
  body: unknown;
}

/**
 * A sealed request that cannot be opened: its key is not loaded, or it was altered or moved. The
 * message names the entry and the key id, never the value; a recovery step that meets it fails and
 * can be run again once the key is loaded.
 */
export class SealedRequestError extends Error {
  override name = 'SealedRequestError';
  readonly code: 'SealedRequestKeyNotLoaded' | 'SealedRequestUnreadable';
  constructor(
    readonly entryId: string,
    reason: 'KeyNotLoaded' | 'Unreadable',
    message: string,
  ) {
    super(message);
    this.code = reason === 'KeyNotLoaded' ? 'SealedRequestKeyNotLoaded' : 'SealedRequestUnreadable';
  }
}

// The associated data: the entry the sealed request belongs to (not secret).
const recordOf = (entryId: string) => `ledger entry '${entryId}' request`;

/** Seals and opens the secured requests of ledger entries with one key ring. */
export class LedgerRequestSeal {
  readonly #seal: ParameterSeal;

  constructor(ring: SecretKeyRing) {
    this.#seal = new ParameterSeal(ring);
  }

  /** Id of the key new requests are sealed with. */
  get keyId(): string {
    return this.#seal.keyId;
  }

  seal(entryId: string, parts: SecuredRequestParts): SealedValue {
    return this.#seal.seal({ queries: parts.queries, body: parts.body }, recordOf(entryId));
  }

  /** The request recovery sends again: the recorded one, with queries and body opened when they were sealed. */
  open(entry: LedgerEntry): LedgerRequest {
    if (!entry.sealedRequest) return entry.request;
    let parts: SecuredRequestParts;
    try {
      parts = this.#seal.open(entry.sealedRequest, recordOf(entry.id)) as SecuredRequestParts;
    } catch (err) {
      if (err instanceof SealedParameterError) throw new SealedRequestError(entry.id, err.reason, err.message);
      throw err;
    }
    return { ...entry.request, queries: parts?.queries ?? {}, body: parts?.body ?? null };
  }
}

/** An entry as people see it (API, plans, audit): the redaction marker, never the sealed copy. */
export function shownEntry(entry: LedgerEntry): Omit<LedgerEntry, 'sealedRequest'> {
  const { sealedRequest: _sealed, ...shown } = entry;
  return shown;
}

// An in-memory database has no data dir: one key for as long as the database lives, so every
// ledger opened over it (a second wiring in crash tests) opens what another sealed.
const memoryRings = new WeakMap<Database.Database, SecretKeyRing>();

/** The installation's key ring for the ledger on `db` (as the playbook parameters and the connection vault use). */
export function ledgerKeyRing(db: Database.Database, env: NodeJS.ProcessEnv = process.env): SecretKeyRing {
  if (!db.memory) return keyRingBeside(db, env);
  let ring = memoryRings.get(db);
  if (!ring) {
    ring = keyRingBeside(db, env);
    memoryRings.set(db, ring);
  }
  return ring;
}
