import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSecretKey, newSecretKey } from '../connectors/secrets/secret-key.ts';
import { isSealed, keyRingBeside, ParameterSeal, secureParameterNames, SealedParameterError } from './parameter-seal.ts';

const CANARY = 'seal-canary-7c1e/+=';

describe('ParameterSeal', () => {
  const key = newSecretKey();
  const seal = new ParameterSeal({ key, previousKeys: [] });

  it('opens what it sealed, for any JSON value, and the sealed form holds no clear text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ minLength: 1, maxLength: 40 }), (value, record) => {
        const sealed = seal.seal(value, record);
        expect(isSealed(sealed)).toBe(true);
        expect(sealed.$sealed.split('.')[1]).toBe(key.id);
        expect(seal.open(sealed, record)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 200 },
    );
    expect(JSON.stringify(seal.seal(CANARY, 'r'))).not.toContain('canary');
  });

  it('refuses a value moved to another record or altered, without quoting it', () => {
    const sealed = seal.seal(CANARY, 'playbook a v1 /parameters/apiKey');
    const moved = () => seal.open(sealed, 'playbook b v1 /parameters/apiKey');
    expect(moved).toThrow(SealedParameterError);
    expect(moved).toThrow(/playbook b v1 \/parameters\/apiKey: does not decrypt with key [0-9a-f]{8} \(altered or moved\)/);
    const parts = sealed.$sealed.split('.');
    parts[3] = Buffer.from('x'.repeat(CANARY.length + 2)).toString('base64url');
    expect(() => seal.open({ $sealed: parts.join('.') }, 'playbook a v1 /parameters/apiKey')).toThrow(/altered or moved/);
    expect(() => seal.open({ $sealed: 'v9.zz' }, 'r')).toThrow(/not a sealed value of a known version/);
    try {
      moved();
    } catch (err) {
      expect(String((err as Error).message)).not.toContain(CANARY);
    }
  });

  it('opens values of a previous key and names the missing key otherwise', () => {
    const old = newSecretKey();
    const sealedWithOld = new ParameterSeal({ key: old, previousKeys: [] }).seal(CANARY, 'r');
    expect(new ParameterSeal({ key, previousKeys: [old] }).open(sealedWithOld, 'r')).toBe(CANARY);
    const err = (() => {
      try {
        seal.open(sealedWithOld, 'r');
      } catch (e) {
        return e as SealedParameterError;
      }
    })();
    expect(err).toMatchObject({ reason: 'KeyNotLoaded', status: 503 });
    expect(err?.message).toContain(`sealed with key ${old.id}, which is not loaded`);
    expect(err?.message).toContain('RIPOSTE_SECRET_KEY_PREVIOUS');
  });

  it('reads a value written before sealing (legacy, in clear) as it is', () => {
    expect(seal.open(CANARY, 'r')).toBe(CANARY);
    expect(seal.open({ user: 'u', password: CANARY }, 'r')).toEqual({ user: 'u', password: CANARY });
  });
});

describe('secureParameterNames', () => {
  it('lists SecureString and SecureObject parameters, any case', () => {
    const definition = { parameters: { a: { type: 'SecureString' }, b: { type: 'secureobject' }, c: { type: 'String' }, $connections: { type: 'Object' } } };
    expect(secureParameterNames(definition as never)).toEqual(['a', 'b']);
  });
});

describe('keyRingBeside', () => {
  it('uses the secret.key of the database file folder (the connection vault key) unless RIPOSTE_SECRET_KEY is set', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'riposte-seal-'));
    const db = new Database(join(dataDir, 'riposte.db'));
    const ring = keyRingBeside(db, {});
    expect(ring.key).toEqual(loadSecretKey({ dataDir, env: {} }));
    const other = newSecretKey();
    const fromEnv = keyRingBeside(db, { RIPOSTE_SECRET_KEY: other.bytes.toString('hex'), RIPOSTE_SECRET_KEY_PREVIOUS: ring.key.bytes.toString('hex') });
    expect(fromEnv.key.id).toBe(other.id);
    expect(fromEnv.previousKeys.map((k) => k.id)).toEqual([ring.key.id]);
    db.close();
  });

  it('gives an in-memory database a key of its own', () => {
    const a = keyRingBeside(new Database(':memory:'), {});
    const b = keyRingBeside(new Database(':memory:'), {});
    expect(a.key.id).not.toBe(b.key.id);
  });
});
