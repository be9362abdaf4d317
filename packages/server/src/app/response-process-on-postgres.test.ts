import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testConnection, testSchema } from '../store/postgres/test-database.test-support.ts';
import { prepareServer } from './start-server.ts';

const schema = testSchema();

describe('a server on PostgreSQL', () => {
  it('starts without the SQLite-only response process and says so in its log', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'riposte-response-pg-'));
    const lines: string[] = [];
    const { app, store } = await prepareServer({ dataDir, database: { connection: testConnection, schema }, adminKey: 'rk_pg_admin_0123456789abcdef0123456789', logger: { level: 'warn', stream: { write: (line: string) => lines.push(line) } } });
    try {
      await app.ready();
      const headers = { authorization: 'Bearer rk_pg_admin_0123456789abcdef0123456789' };
      expect((await app.inject({ method: 'GET', url: '/api/incidents', headers })).statusCode).toBe(200);
      for (const url of ['/api/assets', '/api/change-requests', '/api/stakeholder-policies']) {
        expect((await app.inject({ method: 'GET', url, headers })).statusCode).toBe(404);
      }
      expect(lines.join('\n')).toMatch(/approvals, escalation, stakeholder notifications, change requests and assets are off: they need the embedded SQLite store/);
    } finally {
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
