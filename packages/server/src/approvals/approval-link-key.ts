/**
 * The key answer links are signed with, kept the way the Request-trigger key is
 * (playbooks/trigger-signing-key.ts): sealed at rest with the installation's key ring, in
 * `playbook_secrets` under `approval-link-key`, so a copy of riposte.db alone cannot forge an answer.
 * An older server kept it in clear in `response_secrets`; that key is adopted (links already mailed
 * stay valid), then deleted there and the file rebuilt so no clear copy is left.
 */
import type Database from 'better-sqlite3';
import { ledgerKeyRing } from '../ledger/sealed-request.ts';
import { ParameterSeal } from '../playbooks/parameter-seal.ts';
import { loadSigningKey } from '../playbooks/trigger-signing-key.ts';

const NAME = 'approval-link-key';

/** The approval-link signing key of the database's installation (made on first use). */
export function loadApprovalLinkKey(db: Database.Database, env: NodeJS.ProcessEnv = process.env): Buffer {
  // ledgerKeyRing: the installation's ring, one per in-memory database so a second service over it opens the key.
  return loadSigningKey(db, new ParameterSeal(ledgerKeyRing(db, env)), NAME, {
    read: () => db.prepare('SELECT value FROM response_secrets WHERE name = ?').pluck().get(NAME) as string | undefined,
    forget: () => void db.prepare('DELETE FROM response_secrets WHERE name = ?').run(NAME),
  });
}
