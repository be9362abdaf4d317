import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ensureApiKey } from '../auth/api-keys.ts';
import { systemClock } from '../common/timestamp.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import { openRunStoreAt, openSecurityStoreAt } from '../store/postgres/open-postgres-stores.ts';
import type { RunStore } from '@riposte/engine';
import type { PostgresTarget } from '../store/postgres/database-url.ts';
import { besidePostgresFile, openSqliteBesidePostgres } from '../store/postgres/sqlite-beside-postgres.ts';
import type { SecurityStore } from '../store/security-store.ts';
import type { BuildAppOptions } from './build-app.ts';
import { buildApp } from './build-app.ts';
import { graphModule } from '../graph/graph-module.ts';
import { consoleModule } from '../console/console-module.ts';
import { securityAutomationModule } from '../automation/automation-module.ts';
import { databaseOf } from '../playbooks/sqlite-tables.ts';
import { openResponseWiring, redactedLoggerSettings } from '../wiring/response-wiring.ts';
import { responseProcessFor, type ResponseProcessSettings } from './response-process-wiring.ts';

export interface ServerOptions {
  port: number;
  host: string;
  /** Directory holding the embedded database (created if missing). */
  dataDir: string;
  /** PostgreSQL instead of the embedded SQLite store (`--store postgres://…` / RIPOSTE_DATABASE_URL). */
  database?: PostgresTarget;
  /** RIPOSTE_API_KEY: kept (or created) as an admin key. */
  adminKey?: string;
  logger?: BuildAppOptions['logger'];
  modules?: BuildAppOptions['modules'];
  /** Correlation rules and SLA policy (from `--config`); defaults when absent. */
  correlation?: BuildAppOptions['correlation'];
  sla?: BuildAppOptions['sla'];
  /** Approvals, escalation, stakeholder notifications, change-request gate (SMTP relay, triage, gate mode). */
  response?: ResponseProcessSettings;
}

export interface RunningServer {
  app: FastifyInstance;
  store: SecurityStore;
  url: string;
  close(): Promise<void>;
}

/** The file name of the security store inside the data directory. */
export const securityDatabaseFile = 'riposte.db';

/** Opens the store in `dataDir` and builds the app, without listening (serve and demo share this). */
export async function prepareServer(options: Omit<ServerOptions, 'port' | 'host'>): Promise<{ app: FastifyInstance; store: SecurityStore }> {
  const store = options.database ? await openSecurityStoreAt(options.database) : openEmbeddedStore(options.dataDir);
  try {
    return await prepareOn(store, options);
  } catch (err) {
    // A start that fails (a wrong secret key, a bad setting) leaves no database open behind it.
    await store.close().catch(() => undefined);
    throw err;
  }
}

async function prepareOn(store: SecurityStore, options: Omit<ServerOptions, 'port' | 'host'>): Promise<{ app: FastifyInstance; store: SecurityStore }> {
  if (options.adminKey) await ensureApiKey(store, options.adminKey, 'admin', 'RIPOSTE_API_KEY', systemClock);
  // The Graph-compatible API (/graph/v1.0, /graph/beta) is part of every server.
  // The analyst console (/console, static files of packages/web) is part of every server too.
  // Playbooks, triggers, automation rules and workflow automations, with the run journal in <data>/runs.db
  // (on PostgreSQL: PostgresRunStore, in the store's schema). Their tables live in the SQLite store's
  // file, or on PostgreSQL in <data>/local.db beside it (no PostgreSQL adapters yet:
  // store/postgres/README.md), as do connections (the vault). The one indicator store, the egress
  // policy and the redactor every log line passes through: wiring/response-wiring.ts.
  const local = options.database ? openSqliteBesidePostgres(store, options.dataDir) : undefined;
  let runStore: RunStore | undefined;
  let wiring: Awaited<ReturnType<typeof openResponseWiring>>;
  try {
    if (options.database) runStore = await openRunStoreAt(options.database);
    wiring = await openResponseWiring({ dataDir: options.dataDir, db: databaseOf(store) });
  } catch (err) {
    await runStore?.close();
    local?.close();
    throw err;
  }
  // Approvals, escalation, stakeholders, change requests, assets (app/response-process-wiring.ts).
  const response = responseProcessFor(wiring, options.response);
  // One public address for every link the server hands out: `response.publicBaseUrl` (else
  // RIPOSTE_PUBLIC_URL) signs trigger and callback URLs as it does approval links.
  const publicBaseUrl = options.response?.publicBaseUrl;
  const automation = securityAutomationModule({
    dataDir: resolve(options.dataDir),
    connectors: wiring.connectors,
    revealed: wiring.revealed,
    http: wiring.http,
    ...(publicBaseUrl ? { publicBaseUrl } : {}),
    dispatchStages: response.dispatchStages,
    ...(runStore ? { runStore } : {}),
  });
  // Graph subscriptions (with their delivery outbox) sit in graph-subscriptions.db beside the store's
  // file; on PostgreSQL, which has no file, in the data directory.
  const graph = graphModule({ indicators: wiring.indicators, ...(options.database ? { subscriptions: { databasePath: join(resolve(options.dataDir), 'graph-subscriptions.db') } } : {}) });
  const modules = [graph, consoleModule(), wiring.module, automation, response.module, ...(options.modules ?? [])];
  const logger = options.logger !== undefined && (typeof options.logger === 'boolean' || typeof (options.logger as { info?: unknown }).info !== 'function')
    ? redactedLoggerSettings(options.logger as boolean | Record<string, unknown>, wiring.redactor)
    : options.logger;
  let app: FastifyInstance;
  try {
    app = await buildApp({ store, logger, modules, correlation: options.correlation, sla: options.sla });
  } catch (err) {
    await wiring.close();
    await runStore?.close();
    local?.close();
    throw err;
  }
  // Root hooks run after the modules' own: nothing writes to the wiring, the run journal or local.db after this.
  app.addHook('onClose', async () => {
    await wiring.close();
    await runStore?.close();
    local?.close();
  });
  if (options.database) app.log.info(`tables without a PostgreSQL adapter yet (playbooks, rules, automations, connections, ledger, approvals, …) are in ${join(resolve(options.dataDir), besidePostgresFile)}, private to this process`);
  return { app, store };
}

function openEmbeddedStore(dataDir: string): SecurityStore {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  return openSqliteSecurityStore({ path: join(dir, securityDatabaseFile) });
}

/** Starts the HTTP server on the embedded store; `close` stops it and closes the store. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { app, store } = await prepareServer(options);
  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (err) {
    await store.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    app,
    store,
    url: `http://${host}:${port}`,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
