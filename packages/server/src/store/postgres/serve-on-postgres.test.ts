import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { CliUsageError } from '../../cli/errors.ts';
import { readStore } from '../../cli/commands/serve.ts';
import { testConnection, testSchema } from './test-database.test-support.ts';

const bin = fileURLToPath(new URL('../../../bin/riposte.js', import.meta.url));
const schema = testSchema();
const dataDir = mkdtempSync(join(tmpdir(), 'riposte-pg-serve-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const storeUrl = `${testConnection}${testConnection.includes('?') ? '&' : '?'}schema=${schema}`;

describe('riposte serve --store postgres://…', () => {
  it('refuses a store that is neither a postgres URL nor sqlite as a usage error (exit 2), the option named', () => {
    expect(() => readStore('mysql://u:pw@h/db', {})).toThrow(CliUsageError);
    expect(() => readStore('mysql://u:pw@h/db', {})).toThrow(/^--store must be a postgres:\/\/ URL.*u:\*\*\*@h/);
    expect(readStore(undefined, {})).toBeUndefined();
  });

  it('keeps alerts, incidents and keys in PostgreSQL (RIPOSTE_DATABASE_URL), CLI keys work against it, Graph subscriptions stay on disk', async () => {
    const env = { ...process.env, RIPOSTE_DATABASE_URL: storeUrl, RIPOSTE_API_KEY: 'pg-admin-key-0123456789', RIPOSTE_LOG_LEVEL: 'error' };
    const created = spawnSync(process.execPath, [bin, 'keys', 'create', '--role', 'reader'], { encoding: 'utf8', env });
    expect(created.stderr).toBe('');
    const readerKey = created.stdout.trim();
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data', dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => {
          out += String(d);
          const m = /listening on (http:\/\/\S+) on PostgreSQL/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.stderr.on('data', (d) => (err += String(d)));
        child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
      });
      const posted = await fetch(`${url}/api/alerts`, {
        method: 'POST',
        headers: { authorization: 'Bearer pg-admin-key-0123456789', 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Beacon', serviceSource: 'edr', providerAlertId: 'p-1', severity: 'high' }),
      });
      expect(posted.status).toBe(201);
      const incidents = await (await fetch(`${url}/api/incidents`, { headers: { authorization: `Bearer ${readerKey}` } })).json();
      expect(incidents.value).toHaveLength(1);
      // Subscriptions and indicators have no PostgreSQL adapter: they must not fall back to memory.
      expect(existsSync(join(dataDir, 'graph-subscriptions.db'))).toBe(true);
      expect(existsSync(join(dataDir, 'ti-indicators.db'))).toBe(true);
      expect(existsSync(join(dataDir, 'riposte.db'))).toBe(false);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    const db = new pg.Client({ connectionString: testConnection });
    await db.connect();
    try {
      const { rows } = await db.query(`SELECT doc->>'title' AS title FROM ${schema}.alerts`);
      expect(rows).toEqual([{ title: 'Beacon' }]);
    } finally {
      await db.end();
    }
  });
});
