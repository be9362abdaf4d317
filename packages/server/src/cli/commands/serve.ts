import type { Command } from 'commander';
import { startServer } from '../../app/start-server.ts';
import { ApiError } from '../../common/errors.ts';
import type { ServerConfig } from '../../config/server-config.ts';
import { loadServerConfig } from '../../config/server-config.ts';
import { CliUsageError } from '../errors.ts';

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
    .action(async (opts: { port: string; host: string; data: string; config?: string }) => {
      const settings = opts.config ? readSettings(opts.config) : undefined;
      const server = await startServer({
        ...settings,
        port: parsePort(opts.port),
        host: opts.host,
        dataDir: opts.data,
        adminKey: process.env.RIPOSTE_API_KEY || undefined,
        logger: { level: process.env.RIPOSTE_LOG_LEVEL ?? 'info' },
      });
      process.stdout.write(`riposte: listening on ${server.url} (API docs at ${server.url}/docs)\n`);
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
