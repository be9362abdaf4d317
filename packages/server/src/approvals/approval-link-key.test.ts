import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newSecretKey } from '../connectors/secrets/secret-key.ts';
import { isSealed, SealedParameterError } from '../playbooks/parameter-seal.ts';
import { fileDatabase, storedBytes } from '../testing/data-files.ts';
import { answerLink, linkSignatureValid, signLink } from './approval-link.ts';
import { loadApprovalLinkKey } from './approval-link-key.ts';
import { migrateResponseTables } from './response-database.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'riposte-approval-key-'));
  dirs.push(dir);
  return dir;
}

const env = (key = newSecretKey()) => ({ RIPOSTE_SECRET_KEY: key.bytes.toString('hex') });
const leaked = (dir: string, key: Buffer) => storedBytes(dir).includes(key.toString('base64')) || storedBytes(dir).includes(key.toString('latin1'));
const record = (db: ReturnType<typeof fileDatabase>) => db.prepare("SELECT value FROM playbook_secrets WHERE name = 'approval-link-key'").pluck().get() as string | undefined;
const claims = { approvalId: 'a1', option: 'Approve', exp: 2_000_000_000, recipient: 'lead@riposte.test' };

describe('the approval-link signing key at rest', () => {
  it('is made sealed with the installation key ring (as the Request-trigger key is), in no file in clear, and read back the same', () => {
    const dir = dataDir();
    const ring = env();
    const db = fileDatabase(dir);
    migrateResponseTables(db);
    const key = loadApprovalLinkKey(db, ring);
    expect(key.length).toBe(32);
    expect(isSealed(JSON.parse(record(db)!))).toBe(true);
    expect(leaked(dir, key)).toBe(false);
    db.close();
    const again = fileDatabase(dir);
    expect(loadApprovalLinkKey(again, ring).equals(key)).toBe(true);
    again.close();
    expect(leaked(dir, key)).toBe(false);
  });

  it('adopts the clear key an older server kept in response_secrets, so links already mailed still verify, and leaves no clear copy', () => {
    const dir = dataDir();
    const clearKey = Buffer.from('5b1d0e29c4d5c6a7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9011223344bb', 'hex');
    const old = fileDatabase(dir);
    migrateResponseTables(old);
    old.prepare("INSERT INTO response_secrets (name, value) VALUES ('approval-link-key', ?)").run(clearKey.toString('base64'));
    const mailedLink = new URL(answerLink('http://riposte.test', clearKey, claims));
    old.close();
    expect(leaked(dir, clearKey)).toBe(true);

    const db = fileDatabase(dir);
    const key = loadApprovalLinkKey(db, env());
    expect(key.equals(clearKey)).toBe(true);
    expect(linkSignatureValid(key, claims, mailedLink.searchParams.get('sig')!)).toBe(true);
    expect(db.prepare("SELECT count(*) FROM response_secrets WHERE name = 'approval-link-key'").pluck().get()).toBe(0);
    expect(isSealed(JSON.parse(record(db)!))).toBe(true);
    db.close();
    expect(leaked(dir, clearKey)).toBe(false);
  });

  it('cannot be opened without the key ring it was sealed with: the error names the record, and nothing signs with a new key', () => {
    const dir = dataDir();
    const db = fileDatabase(dir);
    migrateResponseTables(db);
    const key = loadApprovalLinkKey(db, env());
    const before = record(db);
    expect(() => loadApprovalLinkKey(db, env())).toThrow(SealedParameterError);
    expect(() => loadApprovalLinkKey(db, env())).toThrow(/playbook_secrets\/approval-link-key/);
    expect(record(db)).toBe(before);
    expect(signLink(key, claims)).not.toBe('');
    db.close();
  });
});
