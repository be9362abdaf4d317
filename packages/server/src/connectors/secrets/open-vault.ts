import type Database from 'better-sqlite3';
import type { ConnectorRegistry } from '@riposte/engine';
import type { DescribedConnector } from '../sdk/define-connector.ts';
import type { ConnectionSpec } from '../sdk/connection-spec.ts';
import { SqliteConnectionStorage } from './connection-storage.ts';
import { ConnectionVault } from './connection-vault.ts';
import type { SecretRedactor } from './redactor.ts';
import { loadSecretKeyRing } from './secret-key.ts';

/** The connection spec a registered connector declares (connectors built with defineConnector). */
export function connectionSpecsOf(registry: ConnectorRegistry): (api: string) => ConnectionSpec | undefined {
  return (api) => (registry.get(api) as DescribedConnector | undefined)?.connection;
}

export interface OpenVaultOptions {
  /** Holds `secret.key` when RIPOSTE_SECRET_KEY is not set. */
  dataDir: string;
  db: Database.Database;
  registry?: ConnectorRegistry;
  env?: NodeJS.ProcessEnv;
  redactor?: SecretRedactor;
}

/**
 * The installation's vault: key from the environment or the key file, connections in the
 * `connections` table of `db`, credentials loaded into the redactor before anything is logged.
 * `RIPOSTE_SECRET_KEY_PREVIOUS` (comma-separated) lists keys older ciphertexts may still use.
 */
export async function openConnectionVault(options: OpenVaultOptions): Promise<ConnectionVault> {
  const { key, previousKeys } = loadSecretKeyRing({ dataDir: options.dataDir, ...(options.env ? { env: options.env } : {}) });
  const vault = new ConnectionVault({
    storage: new SqliteConnectionStorage(options.db),
    key,
    previousKeys: [...previousKeys],
    ...(options.registry ? { specFor: connectionSpecsOf(options.registry) } : {}),
    ...(options.redactor ? { redactor: options.redactor } : {}),
  });
  await vault.primeRedactor();
  return vault;
}
