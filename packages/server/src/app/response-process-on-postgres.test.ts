import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { assignAndRunRule, corpusPlaybook } from '../automation/e2e.test-support.ts';
import { besidePostgresFile } from '../store/postgres/sqlite-beside-postgres.ts';
import { testConnection, testSchema } from '../store/postgres/test-database.test-support.ts';
import { prepareServer } from './start-server.ts';

const schema = testSchema();
const dataDir = mkdtempSync(join(tmpdir(), 'riposte-response-pg-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const adminKey = 'rk_pg_admin_0123456789abcdef0123456789';
const headers = { authorization: `Bearer ${adminKey}` };

const open = () => prepareServer({ dataDir, database: { connection: testConnection, schema }, adminKey, logger: false });

const hostAlert = {
  providerAlertId: 'pg-host-1',
  serviceSource: 'microsoftDefenderForEndpoint',
  title: 'Suspicious process on WS-9',
  severity: 'high',
  evidence: [{ '@odata.type': '#microsoft.graph.security.deviceEvidence', hostName: 'WS-9', deviceDnsName: 'ws-9.contoso.com', roles: [] }],
};

const rule = assignAndRunRule('Restrict-MDEAppExecution');

async function settledRun(app: Awaited<ReturnType<typeof open>>['app'], playbookId: string): Promise<{ runId: string; status: string }> {
  for (let i = 0; i < 500; i++) {
    await app.riposte.events.idle();
    const runs = (await app.inject({ method: 'GET', url: `/api/playbooks/${playbookId}/runs`, headers })).json().value as Array<{ runId: string; status: string }>;
    if (runs.length > 0 && !['Running', 'Waiting', 'Unknown'].includes(runs[0]!.status)) return runs[0]!;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the playbook run did not finish');
}

describe('a server on PostgreSQL', () => {
  it('runs the whole flow: alert → incident in PostgreSQL → automation rule → corpus playbook (journaled in PostgreSQL) → comment; playbooks and rules survive a restart in local.db', async () => {
    let playbookId: string;
    {
      const { app, store } = await open();
      try {
        await app.ready();
        const created = await app.inject({ method: 'POST', url: '/api/playbooks', headers, payload: { name: 'Restrict-MDEAppExecution', template: corpusPlaybook('Restrict-MDEAppExecution__incident-trigger.json') } });
        expect(created.statusCode).toBe(201);
        playbookId = created.json().id as string;
        expect((await app.inject({ method: 'POST', url: '/api/automation-rules', headers, payload: rule })).statusCode).toBe(201);

        const posted = await app.inject({ method: 'POST', url: '/api/alerts', headers, payload: hostAlert });
        expect(posted.statusCode).toBe(201);
        const incidentId = posted.json().incidentId as string;
        const run = await settledRun(app, playbookId);
        expect(run.status).toBe('Succeeded');
        const incident = (await app.inject({ method: 'GET', url: `/api/incidents/${incidentId}`, headers })).json();
        expect(incident.owner.userPrincipalName).toBe('soc-lead@contoso.com');
        expect(incident.comments.map((c: { message: string }) => c.message)).toEqual(['<p>WS-9 was triggered for restrict app execution, but the host does not have a MDEDeviceID.</p>']);
        // The response process is on too (its tables in local.db).
        for (const url of ['/api/assets', '/api/change-requests', '/api/stakeholder-policies', '/api/connections', '/api/approvals', '/api/workflow-automations']) {
          expect([url, (await app.inject({ method: 'GET', url, headers })).statusCode]).toEqual([url, 200]);
        }
      } finally {
        await app.close();
        await store.close();
      }
    }
    expect(existsSync(join(dataDir, besidePostgresFile))).toBe(true);
    expect(existsSync(join(dataDir, 'riposte.db'))).toBe(false);
    // The run journal is in PostgreSQL too.
    expect(existsSync(join(dataDir, 'runs.db'))).toBe(false);
    // The incident and its comment are PostgreSQL rows.
    const db = new pg.Client({ connectionString: testConnection });
    await db.connect();
    try {
      const { rows } = await db.query(`SELECT doc->>'message' AS message FROM ${schema}.incident_comments`);
      expect(rows.map((r) => r.message)).toEqual(['<p>WS-9 was triggered for restrict app execution, but the host does not have a MDEDeviceID.</p>']);
      const runs = await db.query(`SELECT status FROM ${schema}.runs`);
      expect(runs.rows).toEqual([{ status: 'Succeeded' }]);
    } finally {
      await db.end();
    }

    const { app, store } = await open();
    try {
      await app.ready();
      expect((await app.inject({ method: 'GET', url: `/api/playbooks/${playbookId}`, headers })).json().name).toBe('Restrict-MDEAppExecution');
      const runs = (await app.inject({ method: 'GET', url: `/api/playbooks/${playbookId}/runs`, headers })).json().value as Array<{ status: string }>;
      expect(runs.map((r) => r.status)).toEqual(['Succeeded']);
      expect((await app.inject({ method: 'GET', url: '/api/automation-rules', headers })).json().value.map((r: { properties: { displayName: string } }) => r.properties.displayName)).toEqual([rule.displayName]);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
