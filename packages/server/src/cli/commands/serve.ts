import type { Command } from 'commander';
import { adminKeyFromEnv } from '../admin-key-env.ts';
import { startServer } from '../../app/start-server.ts';
import { ApiError } from '../../common/errors.ts';
import type { ServerConfig } from '../../config/server-config.ts';
import { loadServerConfig } from '../../config/server-config.ts';
import { CliUsageError } from '../errors.ts';
import { postgresTarget, type PostgresTarget } from '../../store/postgres/database-url.ts';
import { PostgresStoreError } from '../../store/postgres/postgres-connection.ts';

/** Parses a TCP port option; bad values are usage errors (exit 2). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 0 || port > 65535) throw new CliUsageError(`--port must be a number from 0 to 65535, got '${value}'`);
  return port;
}

/** `riposte serve [--port 8080] [--data <dir>] [--host 127.0.0.1]` */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the Riposte server (HTTP API) on an embedded SQLite store')
    .option('--port <port>', 'TCP port to listen on', '8080')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--data <dir>', 'directory for the embedded database', './riposte-data')
    .option('--config <file>', 'JSON settings: correlation rules, SLA policy (see packages/server/README.md)')
    .option('--store <url>', 'postgres://… to use PostgreSQL (?schema=name), or "sqlite" (default; env RIPOSTE_DATABASE_URL)')
    .action(async (opts: { port: string; host: string; data: string; config?: string; store?: string }) => {
      const settings = opts.config ? readSettings(opts.config) : undefined;
      const database = readStore(opts.store);
      const server = await startServer({
        ...settings,
        port: parsePort(opts.port),
        host: opts.host,
        dataDir: opts.data,
        ...(database ? { database } : {}),
        adminKey: adminKeyFromEnv(),
        logger: { level: process.env.RIPOSTE_LOG_LEVEL ?? 'info' },
      });
      const on = database ? ` on PostgreSQL (schema ${database.schema})` : '';
      process.stdout.write(`riposte: listening on ${server.url}${on} (API docs at ${server.url}/docs)\n`);
      const stop = () => {
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // Keep the command pending while the server runs.
      await new Promise<void>(() => {});
    });
}

/** Reads `--config`; a bad file is a usage error (exit 2) naming the field. */
export function readSettings(path: string): ServerConfig {
  try {
    return loadServerConfig(path);
  } catch (err) {
    if (err instanceof ApiError) throw new CliUsageError(`${path}: ${err.message}`);
    throw new CliUsageError((err as Error).message);
  }
}

/** `--store` or RIPOSTE_DATABASE_URL; a value that is neither a postgres URL nor "sqlite" is a usage error (exit 2). */
export function readStore(option: string | undefined, env: NodeJS.ProcessEnv = process.env): PostgresTarget | undefined {
  try {
    return postgresTarget(option, env);
  } catch (err) {
    if (err instanceof PostgresStoreError) throw new CliUsageError(err.message);
    throw err;
  }
}
