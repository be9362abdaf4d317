import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { createApiKey } from '../../auth/api-keys.ts';
import { isRole, roleNames } from '../../auth/permissions.ts';
import { systemClock } from '../../common/timestamp.ts';
import { securityDatabaseFile } from '../../app/start-server.ts';
import { openSqliteSecurityStore } from '../../store/sqlite-security-store.ts';
import { CliUsageError } from '../errors.ts';
import { openSecurityStoreAt } from '../../store/postgres/open-postgres-stores.ts';
import { readStore } from './serve.ts';

/** `riposte keys create --role <role> [--name <name>] [--data <dir>]` prints a new API key. */
export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('Manage API keys');
  keys
    .command('create')
    .description('Create an API key and print it (it is stored hashed and shown only once)')
    .requiredOption('--role <role>', `one of: ${roleNames.join(', ')}`)
    .option('--name <name>', 'a name to recognise the key by', 'cli')
    .option('--data <dir>', 'directory of the embedded database', './riposte-data')
    .option('--store <url>', 'postgres://… when the server runs on PostgreSQL (env RIPOSTE_DATABASE_URL)')
    .action(async (opts: { role: string; name: string; data: string; store?: string }) => {
      if (!isRole(opts.role)) throw new CliUsageError(`unknown role '${opts.role}'; expected one of: ${roleNames.join(', ')}`);
      const database = readStore(opts.store);
      const dir = resolve(opts.data);
      if (!database) mkdirSync(dir, { recursive: true });
      const store = database ? await openSecurityStoreAt(database) : openSqliteSecurityStore({ path: join(dir, securityDatabaseFile) });
      try {
        const { key } = await createApiKey(store, opts.role, opts.name, systemClock, 'cli');
        process.stdout.write(`${key}\n`);
      } finally {
        await store.close();
      }
    });
}
