import pg from 'pg';

/** Where a PostgreSQL store lives: a connection string (or pool settings) and a schema. */
export interface PostgresLocation {
  /** `postgres://user@host:5432/db` or pg pool settings. */
  connection: string | pg.PoolConfig;
  /** Schema holding the tables (created when missing); default "public". */
  schema?: string;
}

/** Typed failure of a PostgreSQL store: cannot connect, bad schema name, failed migration. */
export class PostgresStoreError extends Error {
  override readonly name = 'PostgresStoreError';
  constructor(
    readonly code: 'Unreachable' | 'BadSchema' | 'BadUrl' | 'Migration',
    message: string,
  ) {
    super(message);
  }
}

/** A schema name safe to splice into SQL (identifiers cannot be bound as parameters). */
export function checkedSchema(schema: string | undefined): string {
  const name = schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new PostgresStoreError('BadSchema', `schema must match [a-z_][a-z0-9_]*, got '${name}'`);
  return name;
}

/** Pool settings whose sessions use `schema` as their search_path. */
export function poolConfig(location: PostgresLocation): pg.PoolConfig {
  const base = typeof location.connection === 'string' ? { connectionString: location.connection } : location.connection;
  return { ...base, options: `-c search_path=${checkedSchema(location.schema)}` };
}

/** The connection target without its password, for error messages. */
export function describeTarget(connection: string | pg.PoolConfig): string {
  if (typeof connection !== 'string') return `${connection.host ?? 'localhost'}:${connection.port ?? 5432}/${connection.database ?? ''}`;
  try {
    const url = new URL(connection);
    url.password = '';
    return url.toString();
  } catch {
    return 'the configured PostgreSQL server';
  }
}

/** Connects a pool client, turning connection failures into an error that names the server. */
export async function connectOrExplain(pool: pg.Pool, connection: string | pg.PoolConfig): Promise<pg.PoolClient> {
  try {
    return await pool.connect();
  } catch (err) {
    throw new PostgresStoreError('Unreachable', `cannot connect to PostgreSQL at ${describeTarget(connection)}: ${(err as Error).message}`);
  }
}

export interface PostgresMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Applies `migrations` in order, each in its own transaction, recorded in `<table>`. An advisory
 * lock (per schema and table) makes processes that start together migrate one after the other.
 */
export async function migrate(client: pg.PoolClient, schema: string, table: string, migrations: readonly PostgresMigration[]): Promise<void> {
  if (!/^[a-z_]+$/.test(table)) throw new PostgresStoreError('Migration', `bad migration table name ${table}`);
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await client.query('SELECT pg_advisory_lock(hashtext($1))', [`${schema}.${table}`]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS ${table} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const applied = new Set((await client.query(`SELECT version FROM ${table}`)).rows.map((r: { version: number }) => Number(r.version)));
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO ${table} (version, name, applied_at) VALUES ($1, $2, $3)`, [m.version, m.name, new Date().toISOString()]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new PostgresStoreError('Migration', `migration ${m.version} (${m.name}) failed: ${(err as Error).message}`);
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`${schema}.${table}`]).catch(() => undefined);
  }
}
