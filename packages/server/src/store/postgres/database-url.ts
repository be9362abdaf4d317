import { checkedSchema, PostgresStoreError } from './postgres-connection.ts';

/** A PostgreSQL database chosen for the server's stores. */
export interface PostgresTarget {
  /** The connection string as pg takes it (the `schema` parameter removed). */
  connection: string;
  schema: string;
}

/**
 * Reads the store choice: `--store <url>` first, else RIPOSTE_DATABASE_URL. A `postgres://` or
 * `postgresql://` URL selects PostgreSQL (its `?schema=` parameter names the schema, default
 * "public"); absent, empty or "sqlite" keeps the embedded SQLite store (undefined).
 */
export function postgresTarget(option: string | undefined, env: NodeJS.ProcessEnv = process.env): PostgresTarget | undefined {
  const value = (option ?? env.RIPOSTE_DATABASE_URL ?? '').trim();
  const from = option !== undefined ? '--store' : 'RIPOSTE_DATABASE_URL';
  if (value === '' || value.toLowerCase() === 'sqlite') return undefined;
  if (!/^postgres(ql)?:\/\//i.test(value)) throw new PostgresStoreError('BadUrl', `${from} must be a postgres:// URL or "sqlite", got '${redact(value)}'`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PostgresStoreError('BadUrl', `${from} is not a valid URL: '${redact(value)}'`);
  }
  const schema = url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  try {
    return { connection: url.toString(), schema: checkedSchema(schema) };
  } catch (err) {
    throw new PostgresStoreError('BadUrl', `${from}: ${(err as Error).message}`);
  }
}

/** The URL without a password, so it can appear in an error message. */
function redact(value: string): string {
  return value.replace(/^(\w+:\/\/[^:/@]*):[^@/]*@/, '$1:***@').slice(0, 200);
}
