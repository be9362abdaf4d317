import { openPostgresSecurityStore, type PostgresSecurityStore } from '../postgres-security-store.ts';
import type { PostgresTarget } from './database-url.ts';
import { describeTarget, PostgresStoreError } from './postgres-connection.ts';
import { openPostgresRunStore, type PostgresRunStore } from './postgres-run-store.ts';

/** The security store on PostgreSQL; failing to connect or migrate is a PostgresStoreError naming the server (no password). */
export async function openSecurityStoreAt(target: PostgresTarget): Promise<PostgresSecurityStore> {
  try {
    return await openPostgresSecurityStore(target);
  } catch (err) {
    if (err instanceof PostgresStoreError) throw err;
    throw new PostgresStoreError('Unreachable', `cannot open the security store on PostgreSQL at ${describeTarget(target.connection)} (schema ${target.schema}): ${(err as Error).message}`);
  }
}

/** The run journal on PostgreSQL, in the same schema as the security store. */
export function openRunStoreAt(target: PostgresTarget, onError?: (err: Error) => void): Promise<PostgresRunStore> {
  return openPostgresRunStore({ ...target, ...(onError ? { onError } : {}) });
}
