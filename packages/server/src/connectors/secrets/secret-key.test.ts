import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyIdOf, loadSecretKey, parseSecretKey } from './secret-key.ts';

describe('secret key', () => {
  const bytes = Buffer.alloc(32, 7);

  it('reads RIPOSTE_SECRET_KEY as hex or base64', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'riposte-key-'));
    expect(loadSecretKey({ dataDir, env: { RIPOSTE_SECRET_KEY: bytes.toString('hex') } }).bytes).toEqual(bytes);
    expect(loadSecretKey({ dataDir, env: { RIPOSTE_SECRET_KEY: bytes.toString('base64') } }).bytes).toEqual(bytes);
    expect(loadSecretKey({ dataDir, env: { RIPOSTE_SECRET_KEY: bytes.toString('base64url') } }).id).toBe(keyIdOf(bytes));
  });

  it('refuses a key of the wrong length, naming the variable', () => {
    expect(() => parseSecretKey(Buffer.alloc(16).toString('base64'))).toThrow(/RIPOSTE_SECRET_KEY: expected 32 bytes/);
    expect(() => parseSecretKey('not a key!')).toThrow(/RIPOSTE_SECRET_KEY/);
  });

  it('creates <data dir>/secret.key with mode 0600 once and reuses it', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'riposte-key-')), 'data');
    const first = loadSecretKey({ dataDir, env: {} });
    const file = join(dataDir, 'secret.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadSecretKey({ dataDir, env: {} })).toEqual(first);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.bytes.toString('base64'));
    expect(first.id).toMatch(/^[0-9a-f]{8}$/);
  });

  it('reads an existing key file', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'riposte-key-'));
    writeFileSync(join(dataDir, 'secret.key'), bytes.toString('hex'));
    expect(loadSecretKey({ dataDir, env: {} }).bytes).toEqual(bytes);
  });
});
