import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { formatTimestamp } from '../common/timestamp.ts';
import type { Clock } from '../common/timestamp.ts';
import type { ApiKeyRecord, Role, SecurityStore } from '../store/security-store.ts';
import { auditEntry } from '../audit/audit-entry.ts';

// Keys look like "rip_<12 hex id>_<43 chars of base64url secret>". The id is a lookup prefix; the
// whole key is hashed. A fast hash is enough because keys carry 256 bits of randomness.
const keyPattern = /^rip_([0-9a-f]{12})_[A-Za-z0-9_-]{20,}$/;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The record id a presented key is looked up by; keys in another format (RIPOSTE_API_KEY) get a derived id. */
export function apiKeyId(key: string): string {
  const m = keyPattern.exec(key);
  return m ? m[1]! : `ext-${sha256(`id:${key}`).slice(0, 12)}`;
}

/** Who made a request: the key's id, name and role. */
export interface Principal {
  keyId: string;
  name: string;
  role: Role;
  /** The "who" written to the audit log and timelines. */
  actor: string;
}

export function principalOf(record: ApiKeyRecord): Principal {
  return { keyId: record.id, name: record.name, role: record.role, actor: `key:${record.id} (${record.name})` };
}

/** Creates a new random key for a role; returns the key (shown once) and stores only its hash. */
export async function createApiKey(store: SecurityStore, role: Role, name: string, clock: Clock, actor = 'cli'): Promise<{ key: string; record: ApiKeyRecord }> {
  const id = randomBytes(6).toString('hex');
  const key = `rip_${id}_${randomBytes(32).toString('base64url')}`;
  const record: ApiKeyRecord = { id, name, role, hash: sha256(key), createdAt: formatTimestamp(clock()), revokedAt: null };
  await store.transaction(async (tx) => {
    await tx.insertApiKey(record);
    await tx.appendAudit([auditEntry({ newId: () => randomBytes(16).toString('hex'), at: record.createdAt }, actor, 'apiKey', id, 'create', null, { ...record, hash: undefined })]);
  });
  return { key, record };
}

/**
 * Makes sure a given key (from RIPOSTE_API_KEY) exists as an admin key. An existing record for it
 * is kept; a revoked one stays revoked.
 */
export async function ensureApiKey(store: SecurityStore, key: string, role: Role, name: string, clock: Clock): Promise<ApiKeyRecord> {
  const id = apiKeyId(key);
  const existing = await store.getApiKey(id);
  if (existing && existing.hash === sha256(key)) return existing;
  if (existing) throw new Error(`API key id ${id} is taken by another key`);
  const record: ApiKeyRecord = { id, name, role, hash: sha256(key), createdAt: formatTimestamp(clock()), revokedAt: null };
  await store.transaction(async (tx) => {
    await tx.insertApiKey(record);
    await tx.appendAudit([auditEntry({ newId: () => randomBytes(16).toString('hex'), at: record.createdAt }, 'system', 'apiKey', id, 'create', null, { ...record, hash: undefined })]);
  });
  return record;
}

/** Lengths of a key `verifyApiKey` looks up at all; anything else is refused without a lookup. */
export const presentedKeyLength = { min: 8, max: 512 } as const;

/** The principal a presented key belongs to, or undefined for an unknown, wrong or revoked key. */
export async function verifyApiKey(store: SecurityStore, key: string): Promise<Principal | undefined> {
  if (key.length < presentedKeyLength.min || key.length > presentedKeyLength.max) return undefined;
  const record = await store.getApiKey(apiKeyId(key));
  if (!record || record.revokedAt) return undefined;
  const presented = Buffer.from(sha256(key), 'hex');
  const stored = Buffer.from(record.hash, 'hex');
  if (presented.length !== stored.length || !timingSafeEqual(presented, stored)) return undefined;
  return principalOf(record);
}
