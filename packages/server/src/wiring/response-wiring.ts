/**
 * What the server's playbook runs dispatch through, put together once per server: the connection
 * vault on the data dir (credentials injected at dispatch, never in run parameters), ONE indicator
 * store shared by the indicators connector, Graph tiIndicators and /api/indicators, the egress
 * policy for the Http action and every connector, and the redactor log lines pass through.
 */
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { ConnectorRegistry, HttpClient } from '@riposte/engine';
import type { RiposteModule } from '../app/build-app.ts';
import { defaultConnectorRegistry } from '../connectors/index.ts';
import { compileEgressPolicy, createEgressHttpClient, type EgressPolicy } from '../connectors/http-egress/index.ts';
import { indicatorRoutes, openSqliteIndicatorStore, type IndicatorStore } from '../connectors/indicators/index.ts';
import { markRevealing, openConnectionVault, registryWithVault, RevealedSecrets, type ConnectionVault, type SecretRedactor } from '../connectors/secrets/index.ts';
import { registerConnectionRoutes } from './connection-routes.ts';
import { registerConnectorCatalogueRoutes } from './connector-catalogue-routes.ts';
import { registryRedactedBy, rememberUrlTokens } from './redacting-connectors.ts';

export interface ResponseWiringOptions {
  dataDir: string;
  /** The database the `connections` table lives in (the SQLite security store's); default <data>/connections.db. */
  db?: Database.Database;
  egress?: EgressPolicy;
  env?: NodeJS.ProcessEnv;
}

export interface ResponseWiring {
  vault: ConnectionVault;
  redactor: SecretRedactor;
  /** Secret values connectors handed to runs (key vault); give it to the playbook service, whose run journal masks them. */
  revealed: RevealedSecrets;
  indicators: IndicatorStore;
  egress: EgressPolicy;
  /** registryWithVault(defaultConnectorRegistry({ egress, indicatorStore }), vault): give it to the playbook service. */
  connectors: ConnectorRegistry;
  /** The Http action's client, through the egress policy. */
  http: HttpClient;
  /** /api/connections, /api/connectors and /api/indicators. */
  module: RiposteModule;
  close(): Promise<void>;
}

/** The indicator store file in the data dir (the same one Graph tiIndicators used on its own before). */
export const indicatorDatabaseFile = 'ti-indicators.db';

/** Opens the vault, the shared indicator store and the egress client for a server's data dir. */
export async function openResponseWiring(options: ResponseWiringOptions): Promise<ResponseWiring> {
  const dir = resolve(options.dataDir);
  mkdirSync(dir, { recursive: true });
  const ownDb = options.db ? undefined : new Database(join(dir, 'connections.db'));
  ownDb?.pragma('journal_mode = WAL');
  const egress = options.egress ?? compileEgressPolicy();
  const indicators = openSqliteIndicatorStore({ path: join(dir, indicatorDatabaseFile) });
  const plain = defaultConnectorRegistry({ egress, indicatorStore: indicators });
  const vault = await openConnectionVault({ dataDir: dir, db: options.db ?? ownDb!, registry: plain, ...(options.env ? { env: options.env } : {}) });
  for (const { name } of await vault.list()) rememberUrlTokens(vault.redactor, (await vault.get(name))?.settings);
  // Answers are redacted inside the vault's wrapper, where the decrypted settings are known.
  const revealed = new RevealedSecrets();
  const connectors = registryWithVault(registryRedactedBy(plain, vault.redactor, revealed), vault);
  markRevealing(connectors, revealed);
  const http = createEgressHttpClient({ policy: egress });
  const module: RiposteModule = async (app, services) => {
    await indicatorRoutes(app, { store: indicators });
    registerConnectionRoutes(services, vault, plain);
    // The catalogue lists what runs dispatch to: `connectors`, which the automation module extends in place.
    registerConnectorCatalogueRoutes(services, vault, connectors);
  };
  let closed = false;
  return {
    vault,
    redactor: vault.redactor,
    revealed,
    indicators,
    egress,
    connectors,
    http,
    module,
    async close() {
      if (closed) return;
      closed = true;
      await http.close();
      await indicators.close();
      ownDb?.close();
    },
  };
}

/**
 * Fastify logger settings whose every line passes through the redactor (pino's streamWrite hook sees
 * the serialized line, so messages, error objects and bound fields are all covered).
 */
export function redactedLoggerSettings(settings: boolean | Record<string, unknown>, redactor: SecretRedactor): boolean | Record<string, unknown> {
  if (settings === false) return false;
  const base = settings === true ? {} : settings;
  const hooks = (base.hooks as Record<string, unknown> | undefined) ?? {};
  const previous = hooks.streamWrite as ((s: string) => string) | undefined;
  return { ...base, hooks: { ...hooks, streamWrite: (line: string) => redactor.redact(previous ? previous(line) : line) } };
}
