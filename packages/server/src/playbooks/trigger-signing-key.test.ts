import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareServer } from '../app/start-server.ts';
import { loadSecretKeyRing, newSecretKey, type SecretKey } from '../connectors/secrets/secret-key.ts';
import { isSealed, ParameterSeal, SealedParameterError } from './parameter-seal.ts';
import { loadTriggerSigningKey, signingKeyRecord, signingKeyRecordOf } from './trigger-signing-key.ts';
import { fileDatabase, storedBytes } from '../testing/data-files.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'riposte-signing-'));
  dirs.push(dir);
  return dir;
}

/** True when the key is in the folder's database files, as the base64 text an older server stored or as raw bytes. */
const leaked = (dir: string, key: Buffer) => {
  const bytes = storedBytes(dir);
  return bytes.includes(key.toString('base64')) || bytes.includes(key.toString('latin1'));
};

const ring = (key: SecretKey, ...previousKeys: SecretKey[]) => new ParameterSeal({ key, previousKeys });
const storedRecord = (db: Database.Database) => db.prepare("SELECT value FROM playbook_secrets WHERE name = 'trigger-signing-key'").pluck().get() as string;

/** What a server before this change kept: the key as base64 text, in clear. */
function writeClearKey(db: Database.Database, key: Buffer): void {
  db.exec('CREATE TABLE IF NOT EXISTS playbook_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)');
  db.prepare("INSERT OR REPLACE INTO playbook_secrets (name, value) VALUES ('trigger-signing-key', ?)").run(key.toString('base64'));
}

describe('the trigger signing key at rest', () => {
  it('is made sealed in a new data folder, in no database file in clear, and read back the same', () => {
    const dir = dataDir();
    const seal = ring(newSecretKey());
    const db = fileDatabase(dir);
    const key = loadTriggerSigningKey(db, seal);
    expect(key.length).toBe(32);
    const record = JSON.parse(storedRecord(db)) as unknown;
    expect(isSealed(record)).toBe(true);
    expect(seal.isCurrent(record)).toBe(true);
    expect(leaked(dir, key)).toBe(false);
    db.close();
    expect(leaked(dir, key)).toBe(false);
    const again = fileDatabase(dir);
    expect(loadTriggerSigningKey(again, seal).equals(key)).toBe(true);
    again.close();
  });

  it('keeps the clear key of an older server, sealed in place, with no copy left in the file, its WAL or free pages', () => {
    const dir = dataDir();
    const clearKey = Buffer.from('c3a1f0e29b4d5c6a7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9011223344aa', 'hex');
    // The older server's connection: its key on a checkpointed page of the file, and again in the WAL.
    const old = fileDatabase(dir);
    writeClearKey(old, clearKey);
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.prepare("INSERT INTO playbook_secrets (name, value) VALUES ('churn', ?)").run('x'.repeat(3000));
    writeClearKey(old, clearKey);
    expect(readFileSync(join(dir, 'riposte.db')).toString('latin1')).toContain(clearKey.toString('base64'));
    expect(readFileSync(join(dir, 'riposte.db-wal')).toString('latin1')).toContain(clearKey.toString('base64'));
    old.close();
    const stale = fileDatabase(dir);
    writeClearKey(stale, clearKey); // left in the WAL, as a server that stopped without a checkpoint leaves it
    expect(leaked(dir, clearKey)).toBe(true);

    const seal = ring(newSecretKey());
    const db = fileDatabase(dir);
    expect(loadTriggerSigningKey(db, seal).equals(clearKey)).toBe(true);
    expect(seal.isCurrent(JSON.parse(storedRecord(db)))).toBe(true);
    expect(leaked(dir, clearKey)).toBe(false);
    stale.close();
    db.close();
    expect(leaked(dir, clearKey)).toBe(false);
    const again = fileDatabase(dir);
    expect(loadTriggerSigningKey(again, seal).equals(clearKey)).toBe(true);
    again.close();
  });

  it('is sealed again with the current key after a rotation, and then opens without the old key', () => {
    const db = new Database(':memory:');
    const oldKey = newSecretKey();
    const newKey = newSecretKey();
    const key = loadTriggerSigningKey(db, ring(oldKey));
    expect(JSON.parse(storedRecord(db)).$sealed.split('.')[1]).toBe(oldKey.id);
    expect(loadTriggerSigningKey(db, ring(newKey, oldKey)).equals(key)).toBe(true);
    expect(JSON.parse(storedRecord(db)).$sealed.split('.')[1]).toBe(newKey.id);
    expect(loadTriggerSigningKey(db, ring(newKey)).equals(key)).toBe(true);
  });

  it('refuses to start without its key, naming the record and the key id, never the value, and leaves the record as it was', () => {
    const db = new Database(':memory:');
    const right = newSecretKey();
    const wrong = newSecretKey();
    const key = loadTriggerSigningKey(db, ring(right));
    const before = storedRecord(db);
    let error: unknown;
    try {
      loadTriggerSigningKey(db, ring(wrong));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SealedParameterError);
    const message = (error as Error).message;
    expect(message).toContain(signingKeyRecord);
    expect(message).toContain(`sealed with key ${right.id}, which is not loaded`);
    for (const secret of [key, right.bytes, wrong.bytes]) {
      expect(message).not.toContain(secret.toString('base64'));
      expect(message).not.toContain(secret.toString('hex'));
    }
    expect(storedRecord(db)).toBe(before);
    expect(loadTriggerSigningKey(db, ring(right)).equals(key)).toBe(true);
  });

  it('refuses a sealed value moved onto the record from elsewhere', () => {
    const db = new Database(':memory:');
    const seal = ring(newSecretKey());
    loadTriggerSigningKey(db, seal);
    const moved = seal.seal(newSecretKey().bytes.toString('base64'), 'playbook p v1 /parameters/apiKey');
    db.prepare("UPDATE playbook_secrets SET value = ? WHERE name = 'trigger-signing-key'").run(JSON.stringify(moved));
    expect(() => loadTriggerSigningKey(db, seal)).toThrow(`${signingKeyRecord}: does not decrypt`);
  });
});

/** A playbook started by a Request trigger and answered at once. */
const requestPlaybook = {
  triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } },
  actions: { Answer: { type: 'Response', kind: 'Http', runAfter: {}, inputs: { statusCode: 200, body: 'started' } } },
};
const adminKey = 'rk_signing_admin_0123456789abcdef0123456';
const signed = (key: Buffer, playbookId: string) => createHmac('sha256', key).update(`playbook-trigger:${playbookId}`).digest('base64url');

describe('the server on a data folder', () => {
  const dir = dataDir();
  const clearKey = Buffer.from('0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0', 'hex');
  let playbookId = '';

  const start = async () => {
    const { app, store } = await prepareServer({ dataDir: dir, adminKey });
    await app.ready();
    return {
      app,
      close: async () => {
        await app.close();
        await store.close();
      },
    };
  };

  it('seals the key of a new folder with the installation key ring (secret.key) and keeps it in no file in clear', async () => {
    const server = await start();
    const created = await server.app.inject({ method: 'POST', url: '/api/playbooks', headers: { authorization: `Bearer ${adminKey}` }, payload: { name: 'by-request', definition: requestPlaybook } });
    expect(created.statusCode, created.body).toBe(201);
    playbookId = created.json().id as string;
    await server.close();

    const db = new Database(join(dir, 'riposte.db'), { readonly: true });
    const key = new ParameterSeal(loadSecretKeyRing({ dataDir: dir, env: {} })).open(JSON.parse(storedRecord(db)), signingKeyRecord) as string;
    db.close();
    expect(new URL(created.json().callbackUrl).searchParams.get('sig')).toBe(signed(Buffer.from(key, 'base64'), playbookId));
    expect(leaked(dir, Buffer.from(key, 'base64'))).toBe(false);
  });

  it('keeps URLs an older server signed with its clear key valid, and leaves no copy of that key in the files', async () => {
    // The folder as an older server left it: the same playbook, the signing key in clear.
    const old = fileDatabase(dir);
    writeClearKey(old, clearKey);
    old.close();
    expect(leaked(dir, clearKey)).toBe(true);
    const handedOut = `/api/triggers/${playbookId}/invoke?api-version=2016-10-01&sig=${signed(clearKey, playbookId)}`;

    const server = await start();
    try {
      expect(leaked(dir, clearKey)).toBe(false);
      const called = await server.app.inject({ method: 'POST', url: handedOut, payload: {} });
      expect(called.statusCode, called.body).toBe(200);
      expect(called.body).toBe('started');
      const forged = await server.app.inject({ method: 'POST', url: handedOut.replace(/sig=.*/, `sig=${signed(newSecretKey().bytes, playbookId)}`), payload: {} });
      expect(forged.statusCode).not.toBe(200);
      const shown = await server.app.inject({ method: 'GET', url: `/api/playbooks/${playbookId}`, headers: { authorization: `Bearer ${adminKey}` } });
      expect(new URL(shown.json().callbackUrl).searchParams.get('sig')).toBe(signed(clearKey, playbookId));
    } finally {
      await server.close();
    }
    expect(leaked(dir, clearKey)).toBe(false);
  });

  it('does not start with a wrong RIPOSTE_SECRET_KEY: the error names the record and the key id, never a key', async () => {
    const installed = loadSecretKeyRing({ dataDir: dir, env: {} }).key;
    const wrong = newSecretKey();
    const given = process.env.RIPOSTE_SECRET_KEY;
    process.env.RIPOSTE_SECRET_KEY = wrong.bytes.toString('base64');
    let error: unknown;
    try {
      await start();
    } catch (err) {
      error = err;
    } finally {
      if (given === undefined) delete process.env.RIPOSTE_SECRET_KEY;
      else process.env.RIPOSTE_SECRET_KEY = given;
    }
    expect(error).toBeInstanceOf(SealedParameterError);
    // The failed start closed what it opened: with no connection left, SQLite removed riposte.db's WAL.
    expect(existsSync(join(dir, 'riposte.db-wal'))).toBe(false);
    const message = (error as Error).message;
    // The first sealed signing key the start opens is named: the trigger key's or the approval links'.
    expect([signingKeyRecord, signingKeyRecordOf('approval-link-key')].some((r) => message.includes(`${r}: sealed with key ${installed.id}, which is not loaded`)), message).toBe(true);
    for (const secret of [clearKey, installed.bytes, wrong.bytes]) {
      expect(message).not.toContain(secret.toString('base64'));
      expect(message).not.toContain(secret.toString('hex'));
    }
  });
});
