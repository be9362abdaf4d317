/**
 * Secure workflow parameters (SecureString, SecureObject) encrypted at rest with the installation's
 * key (the connection vault's AES-256-GCM sealing, `connectors/secrets/sealed-box.ts`). A sealed
 * value is stored as `{ "$sealed": "v1.<keyId>.<iv>.<ciphertext>.<tag>" }` in place of the value; the
 * associated data names the record and parameter it belongs to, so a ciphertext copied elsewhere
 * does not open. A secure value that is not such an object was written before values were sealed
 * (legacy, in clear): it is read as it is and sealed by whoever stores it next.
 */
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import type { WorkflowDefinition } from '@riposte/engine';
import { ApiError } from '../common/errors.ts';
import { seal as sealText, open as openText, sealedKeyId } from '../connectors/secrets/sealed-box.ts';
import { loadSecretKeyRing, newSecretKey, parseSecretKey, previousSecretKeys, type SecretKey, type SecretKeyRing } from '../connectors/secrets/secret-key.ts';

/** A sealed secure value as it is stored. */
export interface SealedValue {
  $sealed: string;
}

/**
 * A secure value that cannot be opened: its key is not loaded, or it was altered or moved. A 503 to
 * a client (the installation lacks its key); the message names the record and key id, never the value.
 */
export class SealedParameterError extends ApiError {
  override name = 'SealedParameterError';
  constructor(
    readonly reason: 'KeyNotLoaded' | 'Unreadable',
    message: string,
  ) {
    super('ServiceUnavailable', message);
  }
}

export function isSealed(value: unknown): value is SealedValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as SealedValue).$sealed === 'string';
}

/** Names of the parameters the definition declares SecureString or SecureObject. */
export function secureParameterNames(definition: WorkflowDefinition): string[] {
  return Object.entries(definition.parameters ?? {})
    .filter(([, p]) => {
      const type = String(p?.type ?? '').toLowerCase();
      return type === 'securestring' || type === 'secureobject';
    })
    .map(([name]) => name);
}

/** Seals and opens secure values with a key ring: new values with its key, old ones with any key of it. */
export class ParameterSeal {
  readonly #keys: readonly SecretKey[];
  readonly #key: SecretKey;

  constructor(ring: SecretKeyRing) {
    this.#key = ring.key;
    this.#keys = [ring.key, ...ring.previousKeys];
  }

  /** Id of the key new values are sealed with. */
  get keyId(): string {
    return this.#key.id;
  }

  /** Seals any JSON value; `record` (not secret) binds the ciphertext to where it is stored. */
  seal(value: unknown, record: string): SealedValue {
    return { $sealed: sealText(JSON.stringify(value), this.#key, record) };
  }

  /** True when the value is sealed with the key new values are sealed with (not an older one, not clear). */
  isCurrent(value: unknown): boolean {
    if (!isSealed(value)) return false;
    try {
      return sealedKeyId(value.$sealed) === this.#key.id;
    } catch {
      return false;
    }
  }

  /** The value sealed with the current key: clear values sealed, values of an older key opened and sealed again. */
  reseal(value: unknown, record: string): SealedValue {
    if (this.isCurrent(value)) return value as SealedValue;
    return this.seal(this.open(value, record), record);
  }

  /** The clear value of a sealed one; a value that is not sealed (legacy) is returned as it is. */
  open(value: unknown, record: string): unknown {
    if (!isSealed(value)) return value;
    let keyId: string;
    try {
      keyId = sealedKeyId(value.$sealed);
    } catch {
      throw new SealedParameterError('Unreadable', `${record}: not a sealed value of a known version`);
    }
    if (!this.#keys.some((k) => k.id === keyId)) {
      throw new SealedParameterError('KeyNotLoaded', `${record}: sealed with key ${keyId}, which is not loaded (set RIPOSTE_SECRET_KEY, or list the old key in RIPOSTE_SECRET_KEY_PREVIOUS)`);
    }
    try {
      return JSON.parse(openText(value.$sealed, this.#keys, record)) as unknown;
    } catch {
      throw new SealedParameterError('Unreadable', `${record}: does not decrypt with key ${keyId} (altered or moved)`);
    }
  }
}

/**
 * The key ring playbook parameters are sealed with when the caller gives none: the installation's
 * (RIPOSTE_SECRET_KEY, else `secret.key` beside the database file, the data dir, as the connection
 * vault uses); for an in-memory database without RIPOSTE_SECRET_KEY, a key that lives as long as it.
 */
export function keyRingBeside(db: Database.Database, env: NodeJS.ProcessEnv = process.env): SecretKeyRing {
  if (!db.memory && db.name) return loadSecretKeyRing({ dataDir: dirname(db.name), env });
  const fromEnv = env.RIPOSTE_SECRET_KEY;
  const key = fromEnv !== undefined && fromEnv.trim() !== '' ? parseSecretKey(fromEnv) : newSecretKey();
  return { key, previousKeys: previousSecretKeys(env) };
}
