/**
 * The key Request-trigger URLs are signed with (HMAC-SHA256, playbook-service.ts): 32 random bytes
 * made on first start, kept in riposte.db's `playbook_secrets` table sealed with the installation's key
 * ring as `{"$sealed": …}` (parameter-seal.ts), the associated data naming the record. A key an older
 * server stored in clear (base64) is kept, so URLs already handed out stay valid: it is sealed in place
 * and the file rebuilt once. A key sealed with a previous key of the ring is sealed again with the current one.
 * Other signed links (approval answers) keep their own key the same way under another name.
 */
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { isSealed, SealedParameterError, type ParameterSeal, type SealedValue } from './parameter-seal.ts';
import { scrubReplacedText } from './replaced-text-scrub.ts';

const NAME = 'trigger-signing-key';

/** Associated data of a sealed signing key, and the record a start error names. */
export const signingKeyRecordOf = (name: string) => `playbook_secrets/${name}`;

/** Associated data of the sealed trigger key, and the record a start error names. */
export const signingKeyRecord = signingKeyRecordOf(NAME);

/** A key an older server kept in clear somewhere else (base64): adopted on first load, then forgotten there. */
export interface ClearKeyElsewhere {
  read(): string | undefined;
  forget(): void;
}

/** The installation's trigger signing key, made or opened (clear or previous-key records sealed with the current key). */
export function loadTriggerSigningKey(db: Database.Database, seal: ParameterSeal): Buffer {
  return loadSigningKey(db, seal, NAME);
}

/**
 * The signing key kept sealed under `name` in `playbook_secrets`, made on first use — or, when
 * `elsewhere` still holds an older server's clear key, that key (links already handed out stay valid).
 */
export function loadSigningKey(db: Database.Database, seal: ParameterSeal, name: string, elsewhere?: ClearKeyElsewhere): Buffer {
  const record = signingKeyRecordOf(name);
  db.exec('CREATE TABLE IF NOT EXISTS playbook_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const read = () => db.prepare('SELECT value FROM playbook_secrets WHERE name = ?').pluck().get(name) as string | undefined;
  let stored = read();
  if (stored === undefined) {
    const adopted = elsewhere?.read();
    // OR IGNORE, then read again: of two processes starting at once, the first key written wins.
    db.prepare('INSERT OR IGNORE INTO playbook_secrets (name, value) VALUES (?, ?)').run(name, JSON.stringify(seal.seal(adopted ?? randomBytes(32).toString('base64'), record)));
    stored = read()!;
    if (adopted !== undefined) {
      elsewhere!.forget();
      scrubReplacedText(db);
    }
  }
  const value = storedValue(stored, record);
  const key = seal.open(value, record);
  if (typeof key !== 'string' || key === '') throw new SealedParameterError('Unreadable', `${record}: does not hold a key`);
  if (!seal.isCurrent(value)) {
    db.prepare('UPDATE playbook_secrets SET value = ? WHERE name = ?').run(JSON.stringify(seal.seal(key, record)), name);
    if (!isSealed(value)) scrubReplacedText(db);
  }
  return Buffer.from(key, 'base64');
}

/** The sealed value of the record, or the base64 text an older server stored in clear. */
function storedValue(stored: string, record: string): SealedValue | string {
  if (!stored.startsWith('{')) return stored;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    parsed = undefined;
  }
  if (!isSealed(parsed)) throw new SealedParameterError('Unreadable', `${record}: not a sealed value of a known version`);
  return parsed;
}
