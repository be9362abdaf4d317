/**
 * The key that encrypts connections at rest: 32 bytes from `RIPOSTE_SECRET_KEY` (base64 or hex) or
 * from `<data dir>/secret.key`, created with mode 0600 on first start. Each key has an id (first 8 hex
 * digits of its SHA-256) stored with every ciphertext, so old ciphertexts name the key they need.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectorError } from '../sdk/connector-error.ts';

export interface SecretKey {
  id: string;
  bytes: Buffer;
}

/** The key new ciphertexts are made with, and older keys ciphertexts may still name (rotation). */
export interface SecretKeyRing {
  key: SecretKey;
  previousKeys: readonly SecretKey[];
}

/** Id of a key: the first 8 hex digits of its SHA-256 (not secret, says which key encrypted). */
export function keyIdOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 8);
}

/** Parses a 32-byte key written as 64 hex digits or as base64/base64url. */
export function parseSecretKey(text: string, source = 'RIPOSTE_SECRET_KEY'): SecretKey {
  const t = text.trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(t)) bytes = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) {
    const b = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (b.length === 32) bytes = b;
  }
  if (!bytes) throw new ConnectorError('InvalidConnection', `${source}: expected 32 bytes written as 64 hex digits or base64 (44 characters)`);
  return { id: keyIdOf(bytes), bytes };
}

export function newSecretKey(): SecretKey {
  const bytes = randomBytes(32);
  return { id: keyIdOf(bytes), bytes };
}

/**
 * The key this installation uses: `env.RIPOSTE_SECRET_KEY` when set, else `<dataDir>/secret.key`,
 * which is created (mode 0600, base64) when absent.
 */
export function loadSecretKey(options: { dataDir: string; env?: NodeJS.ProcessEnv }): SecretKey {
  const fromEnv = (options.env ?? process.env).RIPOSTE_SECRET_KEY;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return parseSecretKey(fromEnv);
  const file = join(options.dataDir, 'secret.key');
  try {
    return parseSecretKey(readFileSync(file, 'utf8'), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(options.dataDir, { recursive: true });
  const key = newSecretKey();
  try {
    // 'wx': two processes starting at once must not each write a different key.
    writeFileSync(file, key.bytes.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return parseSecretKey(readFileSync(file, 'utf8'), file);
    throw err;
  }
  return key;
}

/** The keys listed in `RIPOSTE_SECRET_KEY_PREVIOUS` (comma-separated), that older ciphertexts may still use. */
export function previousSecretKeys(env: NodeJS.ProcessEnv = process.env): SecretKey[] {
  return (env.RIPOSTE_SECRET_KEY_PREVIOUS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => parseSecretKey(s, 'RIPOSTE_SECRET_KEY_PREVIOUS'));
}

/** The installation's key ring: `loadSecretKey` for the current key, `previousSecretKeys` for the old ones. */
export function loadSecretKeyRing(options: { dataDir: string; env?: NodeJS.ProcessEnv }): SecretKeyRing {
  const env = options.env ?? process.env;
  return { key: loadSecretKey({ dataDir: options.dataDir, env }), previousKeys: previousSecretKeys(env) };
}
