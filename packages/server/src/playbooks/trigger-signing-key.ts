/**
 * The key Request-trigger URLs are signed with (HMAC-SHA256, playbook-service.ts): 32 random bytes
 * made on first start, kept in riposte.db's `playbook_secrets` table sealed with the installation's key
 * ring as `{"$sealed": …}` (parameter-seal.ts), the associated data naming the record. A key an older
 * server stored in clear (base64) is kept, so URLs already handed out stay valid: it is sealed in place
 * and the file rebuilt once. A key sealed with a previous key of the ring is sealed again with the current one.
 */
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { isSealed, SealedParameterError, type ParameterSeal, type SealedValue } from './parameter-seal.ts';
import { scrubReplacedText } from './replaced-text-scrub.ts';

const NAME = 'trigger-signing-key';

/** Associated data of the sealed key, and the record a start error names. */
export const signingKeyRecord = `playbook_secrets/${NAME}`;

/** The installation's trigger signing key, made or opened (clear or previous-key records sealed with the current key). */
export function loadTriggerSigningKey(db: Database.Database, seal: ParameterSeal): Buffer {
  db.exec('CREATE TABLE IF NOT EXISTS playbook_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const read = () => db.prepare('SELECT value FROM playbook_secrets WHERE name = ?').pluck().get(NAME) as string | undefined;
  let stored = read();
  if (stored === undefined) {
    // OR IGNORE, then read again: of two processes starting at once, the first key written wins.
    db.prepare('INSERT OR IGNORE INTO playbook_secrets (name, value) VALUES (?, ?)').run(NAME, JSON.stringify(seal.seal(randomBytes(32).toString('base64'), signingKeyRecord)));
    stored = read()!;
  }
  const value = storedValue(stored);
  const key = seal.open(value, signingKeyRecord);
  if (typeof key !== 'string' || key === '') throw new SealedParameterError('Unreadable', `${signingKeyRecord}: does not hold a key`);
  if (!seal.isCurrent(value)) {
    db.prepare('UPDATE playbook_secrets SET value = ? WHERE name = ?').run(JSON.stringify(seal.seal(key, signingKeyRecord)), NAME);
    if (!isSealed(value)) scrubReplacedText(db);
  }
  return Buffer.from(key, 'base64');
}

/** The sealed value of the record, or the base64 text an older server stored in clear. */
function storedValue(stored: string): SealedValue | string {
  if (!stored.startsWith('{')) return stored;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    parsed = undefined;
  }
  if (!isSealed(parsed)) throw new SealedParameterError('Unreadable', `${signingKeyRecord}: not a sealed value of a known version`);
  return parsed;
}
