import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ensureApiKey } from '../auth/api-keys.ts';
import { systemClock } from '../common/timestamp.ts';
import { openSqliteSecurityStore } from '../store/sqlite-security-store.ts';
import type { SecurityStore } from '../store/security-store.ts';
import type { BuildAppOptions } from './build-app.ts';
import { buildApp } from './build-app.ts';
import { graphModule } from '../graph/graph-module.ts';
import { consoleModule } from '../console/console-module.ts';
import { securityAutomationModule } from '../automation/automation-module.ts';

export interface ServerOptions {
  port: number;
  host: string;
  /** Directory holding the embedded database (created if missing). */
  dataDir: string;
  /** RIPOSTE_API_KEY: kept (or created) as an admin key. */
  adminKey?: string;
  logger?: BuildAppOptions['logger'];
  modules?: BuildAppOptions['modules'];
  /** Correlation rules and SLA policy (from `--config`); defaults when absent. */
  correlation?: BuildAppOptions['correlation'];
  sla?: BuildAppOptions['sla'];
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
  const dir = resolve(options.dataDir);
  mkdirSync(dir, { recursive: true });
  const store = openSqliteSecurityStore({ path: join(dir, securityDatabaseFile) });
  if (options.adminKey) await ensureApiKey(store, options.adminKey, 'admin', 'RIPOSTE_API_KEY', systemClock);
  // The Graph-compatible API (/graph/v1.0, /graph/beta) is part of every server.
  // The analyst console (/console, static files of packages/web) is part of every server too.
  // Playbooks, triggers, automation rules and workflow automations, with the run journal in <data>/runs.db.
  const modules = [graphModule(), consoleModule(), securityAutomationModule({ dataDir: dir }), ...(options.modules ?? [])];
  const app = await buildApp({ store, logger: options.logger, modules, correlation: options.correlation, sla: options.sla });
  return { app, store };
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
