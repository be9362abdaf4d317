/**
 * An app wired as the server wires it (connection vault, default connectors under the egress policy,
 * the automation module with azuresentinel), for tests that import a corpus playbook unchanged and
 * run it by hand against a connector pointed at a fake outside service.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestApp, type TestApp } from '../app/test-app.ts';
import { securityAutomationModule } from '../automation/automation-module.ts';
import { corpusPlaybook } from '../automation/e2e.test-support.ts';
import { databaseOf } from '../playbooks/sqlite-tables.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import { openResponseWiring } from '../wiring/response-wiring.ts';

export interface CorpusRunApp {
  t: TestApp;
  /** PUT /api/connections/<name>: the settings are stored in the vault as a user would store them. */
  connect(name: string, api: string, settings: Record<string, unknown>): Promise<void>;
  /** POST /api/playbooks with the corpus file unchanged; answers the created playbook. */
  importPlaybook(file: string): Promise<{ id: string; missingOperations: unknown[]; notRunnable: unknown[] }>;
  /** POST /api/alerts; answers the incident the alert opened. */
  incidentFrom(alert: Record<string, unknown>): Promise<string>;
  /** POST /api/alerts; answers the alert's id and its incident. */
  alertFrom(alert: Record<string, unknown>): Promise<{ id: string; incidentId: string }>;
  /** POST /api/playbooks/<id>/runs (by hand, waiting), then the run with every action's history. */
  runByHand(playbookId: string, input: { incidentId: string } | { alertId: string } | { triggerBody: unknown }): Promise<{ status: string; error: unknown; actions: Array<{ name: string; status: string; outputs?: any }> }>;
  close(): Promise<void>;
}

export async function corpusRunApp(): Promise<CorpusRunApp> {
  const dir = mkdtempSync(join(tmpdir(), 'riposte-corpus-run-'));
  const store = openSqliteSecurityStore({ path: ':memory:', durability: 'normal' });
  const wiring = await openResponseWiring({ dataDir: dir, db: databaseOf(store), env: {} });
  const t = await buildTestApp({ store, modules: [wiring.module, securityAutomationModule({ resumeOnStart: false, connectors: wiring.connectors, http: wiring.http })] });
  const must = <T>(res: { statusCode: number; body: string; json(): unknown }, status: number, what: string): T => {
    if (res.statusCode !== status) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
    return res.json() as T;
  };
  return {
    t,
    async connect(name, api, settings) {
      const res = await t.app.inject({ method: 'PUT', url: `/api/connections/${name}`, headers: t.as('automation-author'), payload: { api, settings } });
      if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`connection ${name}: ${res.statusCode} ${res.body}`);
    },
    async importPlaybook(file) {
      const res = await t.app.inject({ method: 'POST', url: '/api/playbooks', headers: t.as('admin'), payload: { name: file.replace(/__.*$/, ''), template: corpusPlaybook(file) } });
      return must<{ id: string; missingOperations: unknown[]; notRunnable: unknown[] }>(res, 201, `import ${file}`);
    },
    async incidentFrom(alert) {
      const res = await t.app.inject({ method: 'POST', url: '/api/alerts', headers: t.as('responder'), payload: alert });
      return must<{ incidentId: string }>(res, 201, 'alert').incidentId;
    },
    async alertFrom(alert) {
      const res = await t.app.inject({ method: 'POST', url: '/api/alerts', headers: t.as('responder'), payload: alert });
      return must<{ id: string; incidentId: string }>(res, 201, 'alert');
    },
    async runByHand(playbookId, input) {
      const res = await t.app.inject({ method: 'POST', url: `/api/playbooks/${playbookId}/runs`, headers: t.as('responder'), payload: { ...input, wait: true } });
      const run = must<{ runId: string; status: string; error: unknown }>(res, 200, 'run');
      const history = await t.app.inject({ method: 'GET', url: `/api/runs/${run.runId}`, headers: t.as('reader') });
      return { status: run.status, error: run.error, actions: must<{ actions: any[] }>(history, 200, 'run history').actions };
    },
    async close() {
      await t.close();
      await wiring.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
